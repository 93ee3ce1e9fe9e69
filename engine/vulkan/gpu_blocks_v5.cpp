// RWKV-5 (5.0, 5.1, 5.2) on the GPU: the steps of engine/model/v5.cpp as dispatches.
#include "vulkan/gpu_blocks.h"

#include <algorithm>
#include <cmath>

namespace rwkv::vulkan {

namespace {

constexpr float kGroupNormEps = 64e-5f;

struct V5GpuLayer {
    Address mixK, mixV, mixR, mixG, decay, bonus, lnxW, lnxB; // decay = exp(-exp(time_decay)) per channel
    GpuMatrix r, k, v, o, gate;
    bool hasGate = false;
    GpuClassicFfn ffn;
};

class V5Blocks final : public GpuBlocks {
public:
    void build(WeightSource& w, WeightUploader& up, const ModelInfo& info) override
    {
        const int D = info.embd, H = info.heads, N = info.headSize;
        heads_ = H;
        headSize_ = N;
        width_ = std::max(D, info.ffnDim);
        const bool perChannel = info.arch == Arch::V5_2;
        layers_.resize(size_t(info.layers));
        for (int i = 0; i < info.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V5GpuLayer& L = layers_[size_t(i)];
            L.mixK = up.vector(w.vector(p + "time_mix_k", size_t(D)));
            L.mixV = up.vector(w.vector(p + "time_mix_v", size_t(D)));
            L.mixR = up.vector(w.vector(p + "time_mix_r", size_t(D)));
            L.hasGate = info.arch != Arch::V5_0;
            if (L.hasGate) {
                L.mixG = up.vector(w.vector(p + "time_mix_g", size_t(D)));
                L.gate = up.matrix(w.matrix(p + "gate.weight", D, D));
            }
            std::vector<float> decay = w.vector(p + "time_decay", perChannel ? size_t(D) : size_t(H));
            std::vector<float> bonus;
            if (perChannel) {
                bonus = w.vector(p + "time_faaaa", size_t(D));
            } else {
                // Early v5 stores ln(u) per head as time_first (v5.1 may name it time_faaaa).
                bool first = w.has(p + "time_first");
                bonus = w.vector(p + (first ? "time_first" : "time_faaaa"), size_t(H));
                if (first)
                    for (float& b : bonus)
                        b = std::exp(b);
            }
            std::vector<float> decayD(static_cast<size_t>(D)), bonusD(static_cast<size_t>(D));
            for (int j = 0; j < D; ++j) {
                int src = perChannel ? j : j / N;
                decayD[size_t(j)] = std::exp(-std::exp(decay[size_t(src)]));
                bonusD[size_t(j)] = bonus[size_t(src)];
            }
            L.decay = up.vector(decayD);
            L.bonus = up.vector(bonusD);
            L.r = up.matrix(w.matrix(p + "receptance.weight", D, D));
            L.k = up.matrix(w.matrix(p + "key.weight", D, D));
            L.v = up.matrix(w.matrix(p + "value.weight", D, D));
            L.o = up.matrix(w.matrix(p + "output.weight", D, D));
            L.lnxW = up.vector(w.vector(p + "ln_x.weight", size_t(D)));
            L.lnxB = up.vector(w.vector(p + "ln_x.bias", size_t(D)));
            L.ffn.load(w, up, i, D, info.ffnDim, true);
        }
    }

    int scratchWidth() const override { return width_; }

    void timeMix(const LayerPass& p, int layer) const override
    {
        const V5GpuLayer& L = layers_[size_t(layer)];
        GpuKernels& k = *p.k;
        const int D = p.width, rows = p.shape.rows();
        const size_t n = size_t(rows) * size_t(D);
        const Address* s = p.scratch;
        Address xk = s[0], xv = s[1], xr = s[2], xg = s[3], g = s[4], r = s[5], kv = s[6], v = s[7];
        k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixK, xk, D, p.shape);
        k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixV, xv, D, p.shape);
        k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixR, xr, D, p.shape);
        if (L.hasGate)
            k.tokenShift(ShiftMode::Lerp, p.xn, p.attPrev(), L.mixG, xg, D, p.shape);
        k.tokenShift(ShiftMode::Save, p.xn, p.attPrev(), 0, 0, D, p.shape);
        if (L.hasGate) {
            k.matmul(L.gate, xg, g, rows);
            k.elementwise(ElementOp::Silu, g, 0, 0, g, n, 0);
        }
        k.matmul(L.r, xr, r, rows);
        k.matmul(L.k, xk, kv, rows);
        k.matmul(L.v, xv, v, rows);
        Address y = xk, yn = xv; // both consumed
        k.wkv5(r, kv, v, L.decay, false, L.bonus, y, p.wkvState(), D, headSize_, p.shape);
        k.norm(y, yn, L.lnxW, L.lnxB, D, heads_, rows, kGroupNormEps);
        if (L.hasGate)
            k.elementwise(ElementOp::Mul, yn, g, 0, yn, n, 0);
        k.matmul(L.o, yn, p.out, rows);
    }

    void channelMix(const LayerPass& p, int layer) const override { layers_[size_t(layer)].ffn.record(p); }

private:
    std::vector<V5GpuLayer> layers_;
    int heads_ = 0, headSize_ = 0, width_ = 0;
};

} // namespace

std::unique_ptr<GpuBlocks> makeGpuBlocksV5()
{
    return std::make_unique<V5Blocks>();
}

} // namespace rwkv::vulkan
