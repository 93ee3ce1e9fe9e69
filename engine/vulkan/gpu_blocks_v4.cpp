// RWKV-4 on the GPU: the steps of engine/model/v4.cpp as dispatches (docs/RWKV.md "v4 time mix").
#include "vulkan/gpu_blocks.h"

#include <algorithm>
#include <cmath>

namespace rwkv::vulkan {

namespace {

struct V4GpuLayer {
    Address mixK, mixV, mixR, decay, first; // decay = -exp(time_decay)
    GpuMatrix r, k, v, o;
    GpuClassicFfn ffn;
};

class V4Blocks final : public GpuBlocks {
public:
    void build(WeightSource& w, WeightUploader& up, const ModelInfo& info) override
    {
        const int D = info.embd;
        width_ = std::max(D, info.ffnDim);
        layers_.resize(size_t(info.layers));
        for (int i = 0; i < info.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V4GpuLayer& L = layers_[size_t(i)];
            L.mixK = up.vector(w.vector(p + "time_mix_k", size_t(D)));
            L.mixV = up.vector(w.vector(p + "time_mix_v", size_t(D)));
            L.mixR = up.vector(w.vector(p + "time_mix_r", size_t(D)));
            std::vector<float> decay = w.vector(p + "time_decay", size_t(D));
            for (float& d : decay)
                d = -std::exp(d);
            L.decay = up.vector(decay);
            L.first = up.vector(w.vector(p + "time_first", size_t(D)));
            L.r = up.matrix(w.matrix(p + "receptance.weight", D, D));
            L.k = up.matrix(w.matrix(p + "key.weight", D, D));
            L.v = up.matrix(w.matrix(p + "value.weight", D, D));
            L.o = up.matrix(w.matrix(p + "output.weight", D, D));
            L.ffn.load(w, up, i, D, info.ffnDim, true);
        }
    }

    int scratchWidth() const override { return width_; }

    void timeMix(const LayerPass& p, int layer) const override
    {
        const V4GpuLayer& L = layers_[size_t(layer)];
        GpuKernels& k = *p.k;
        const int D = p.width, rows = p.shape.rows();
        const Address* s = p.scratch;
        Address xk = s[0], xv = s[1], xr = s[2], r = s[3], kv = s[4], v = s[5];
        k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixK, xk, D, p.shape);
        k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixV, xv, D, p.shape);
        k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixR, xr, D, p.shape);
        k.tokenShift(ShiftMode::Save, p.xn, p.attPrev(), 0, 0, D, p.shape);
        k.matmul(L.r, xr, r, rows);
        k.matmul(L.k, xk, kv, rows);
        k.matmul(L.v, xv, v, rows);
        Address y = xk; // consumed
        // aa, bb, pp follow x_prev in the layer's state (state/state.h).
        k.wkv4(r, kv, v, L.first, L.decay, y, p.wkvState(), D, p.shape);
        k.matmul(L.o, y, p.out, rows);
    }

    void channelMix(const LayerPass& p, int layer) const override { layers_[size_t(layer)].ffn.record(p); }

private:
    std::vector<V4GpuLayer> layers_;
    int width_ = 0;
};

} // namespace

std::unique_ptr<GpuBlocks> makeGpuBlocksV4()
{
    return std::make_unique<V4Blocks>();
}

} // namespace rwkv::vulkan
