// RWKV-6 on the GPU: the steps of engine/model/v6.cpp as dispatches (data-dependent token shift
// and decay, docs/RWKV.md "v6 time mix").
#include "vulkan/gpu_blocks.h"

#include <algorithm>

namespace rwkv::vulkan {

namespace {

constexpr float kGroupNormEps = 64e-5f;

struct V6GpuLayer {
    Address maaX, maa[5], decay, faaaa, lnxW, lnxB; // maa: w, k, v, r, g
    GpuMatrix maaW1;    // [5*dm, D]
    GpuMatrix maaW2[5]; // each [D, dm]
    GpuMatrix decayW1, decayW2;
    GpuMatrix r, k, v, o, gate;
    GpuClassicFfn ffn;
};

class V6Blocks final : public GpuBlocks {
public:
    void build(WeightSource& w, WeightUploader& up, const ModelInfo& info) override
    {
        const int D = info.embd;
        heads_ = info.heads;
        headSize_ = info.headSize;
        width_ = std::max(D, info.ffnDim);
        layers_.resize(size_t(info.layers));
        for (int i = 0; i < info.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V6GpuLayer& L = layers_[size_t(i)];
            auto vec = [&](const char* n) { return up.vector(w.vector(p + n, size_t(D))); };
            L.maaX = vec("time_maa_x");
            L.maa[0] = vec("time_maa_w"); L.maa[1] = vec("time_maa_k"); L.maa[2] = vec("time_maa_v");
            L.maa[3] = vec("time_maa_r"); L.maa[4] = vec("time_maa_g");
            L.decay = vec("time_decay");
            L.faaaa = vec("time_faaaa");
            int five = int(w.shape(p + "time_maa_w1").back());
            int dm = five / 5;
            L.maaW1 = up.matrix(w.matrixFromInOut(p + "time_maa_w1", D, five));
            for (int j = 0; j < 5; ++j)
                L.maaW2[j] = up.matrix(w.matrixFromStack(p + "time_maa_w2", j, 5, dm, D));
            int dd = int(w.shape(p + "time_decay_w1").back());
            L.decayW1 = up.matrix(w.matrixFromInOut(p + "time_decay_w1", D, dd));
            L.decayW2 = up.matrix(w.matrixFromInOut(p + "time_decay_w2", dd, D));
            width_ = std::max({width_, five, dd});
            L.r = up.matrix(w.matrix(p + "receptance.weight", D, D));
            L.k = up.matrix(w.matrix(p + "key.weight", D, D));
            L.v = up.matrix(w.matrix(p + "value.weight", D, D));
            L.o = up.matrix(w.matrix(p + "output.weight", D, D));
            L.gate = up.matrix(w.matrix(p + "gate.weight", D, D));
            L.lnxW = vec("ln_x.weight");
            L.lnxB = vec("ln_x.bias");
            L.ffn.load(w, up, i, D, info.ffnDim, false);
        }
    }

    int scratchWidth() const override { return width_; }

    void timeMix(const LayerPass& p, int layer) const override
    {
        const V6GpuLayer& L = layers_[size_t(layer)];
        GpuKernels& k = *p.k;
        const int D = p.width, rows = p.shape.rows();
        const size_t n = size_t(rows) * size_t(D);
        const Address* s = p.scratch;
        const int five = L.maaW1.rows, dm = five / 5;
        Address dx = s[0], xxx = s[1], low = s[2];
        k.tokenShift(ShiftMode::Delta, p.xn, p.attPrev(), 0, dx, D, p.shape);
        k.tokenShift(ShiftMode::Save, p.xn, p.attPrev(), 0, 0, D, p.shape);
        k.elementwise(ElementOp::AddScaled, p.xn, dx, L.maaX, xxx, n, D);
        k.matmul(L.maaW1, xxx, low, rows);
        k.elementwise(ElementOp::Tanh, low, 0, 0, low, size_t(rows) * size_t(five), 0);
        // m[q] = x + dx ⊙ (maa_q + tanh(xxx W1)[q-th dm block] W2[q]), read in place from `low`.
        Address m[5];
        for (int q = 0; q < 5; ++q) {
            m[q] = s[4 + q];
            k.matmul(L.maaW2[q], offsetFloats(low, size_t(q) * size_t(dm)), m[q], rows, five);
            k.elementwise(ElementOp::V6Maa, p.xn, dx, L.maa[q], m[q], n, D);
        }
        Address xw = m[0], xk = m[1], xv = m[2], xr = m[3], xg = m[4];
        Address r = s[9], kv = s[10], v = dx, g = xxx; // dx and xxx are consumed
        k.matmul(L.r, xr, r, rows);
        k.matmul(L.k, xk, kv, rows);
        k.matmul(L.v, xv, v, rows);
        k.matmul(L.gate, xg, g, rows);
        k.elementwise(ElementOp::Silu, g, 0, 0, g, n, 0);
        Address lowd = low, decay = xk; // xk is consumed
        k.matmul(L.decayW1, xw, lowd, rows);
        k.elementwise(ElementOp::Tanh, lowd, 0, 0, lowd, size_t(rows) * size_t(L.decayW1.rows), 0);
        k.matmul(L.decayW2, lowd, decay, rows);
        k.elementwise(ElementOp::V6Decay, decay, 0, L.decay, decay, n, D);
        Address y = xr, yn = xv; // consumed
        k.wkv5(r, kv, v, decay, true, L.faaaa, y, p.wkvState(), D, headSize_, p.shape);
        k.norm(y, yn, L.lnxW, L.lnxB, D, heads_, rows, kGroupNormEps);
        k.elementwise(ElementOp::Mul, yn, g, 0, yn, n, 0);
        k.matmul(L.o, yn, p.out, rows);
    }

    void channelMix(const LayerPass& p, int layer) const override { layers_[size_t(layer)].ffn.record(p); }

private:
    std::vector<V6GpuLayer> layers_;
    int heads_ = 0, headSize_ = 0, width_ = 0;
};

} // namespace

std::unique_ptr<GpuBlocks> makeGpuBlocksV6()
{
    return std::make_unique<V6Blocks>();
}

} // namespace rwkv::vulkan
