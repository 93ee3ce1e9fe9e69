// RWKV-5 "Eagle" in its three layouts (docs/RWKV.md "v5 time mix"): 5.0 (no gate, per-head decay),
// 5.1 (gate, per-head decay), 5.2 (gate, per-channel decay and bonus). The state of each head is
// [key][value]; decay and bonus are constants, expanded to per channel at load.
#include "model/classic_ffn.h"
#include "model/mix_helpers.h"
#include "model/versions.h"

#include <cmath>
#include <cstring>

namespace rwkv {

namespace {

constexpr float kGroupNormEps = 64e-5f;

struct V5Layer {
    std::vector<float> mixK, mixV, mixR, mixG, decay, bonus, lnxW, lnxB; // decay = exp(-exp(time_decay))
    Matrix r, k, v, o, gate;
    bool hasGate = false;
    ClassicFfn ffn;
};

class V5Model final : public ModelBase {
public:
    void build(WeightSource& w) override
    {
        buildFrame(w);
        const int D = info_.embd, H = info_.heads, N = info_.headSize;
        const bool perChannel = info_.arch == Arch::V5_2;
        layers_.resize(size_t(info_.layers));
        for (int i = 0; i < info_.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V5Layer& L = layers_[size_t(i)];
            L.mixK = w.vector(p + "time_mix_k", size_t(D));
            L.mixV = w.vector(p + "time_mix_v", size_t(D));
            L.mixR = w.vector(p + "time_mix_r", size_t(D));
            L.hasGate = info_.arch != Arch::V5_0;
            if (L.hasGate) {
                L.mixG = w.vector(p + "time_mix_g", size_t(D));
                L.gate = w.matrix(p + "gate.weight", D, D);
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
            L.decay.resize(size_t(D));
            L.bonus.resize(size_t(D));
            for (int j = 0; j < D; ++j) {
                int src = perChannel ? j : j / N;
                L.decay[size_t(j)] = std::exp(-std::exp(decay[size_t(src)]));
                L.bonus[size_t(j)] = bonus[size_t(src)];
            }
            L.r = w.matrix(p + "receptance.weight", D, D);
            L.k = w.matrix(p + "key.weight", D, D);
            L.v = w.matrix(p + "value.weight", D, D);
            L.o = w.matrix(p + "output.weight", D, D);
            L.lnxW = w.vector(p + "ln_x.weight", size_t(D));
            L.lnxB = w.vector(p + "ln_x.bias", size_t(D));
            L.ffn.load(w, i, D, info_.ffnDim, true);
        }
    }

protected:
    void timeMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        const V5Layer& L = layers_[size_t(layer)];
        const int D = info_.embd, H = info_.heads, N = info_.headSize;
        const size_t TD = size_t(T) * D;
        float* prev = state.data();
        float* s = state.data() + D;
        float* xk = ws.scratch(0, TD);
        float* xv = ws.scratch(1, TD);
        float* xr = ws.scratch(2, TD);
        mix::lerp(xn, T, D, prev, L.mixK.data(), xk);
        mix::lerp(xn, T, D, prev, L.mixV.data(), xv);
        mix::lerp(xn, T, D, prev, L.mixR.data(), xr);
        float* g = nullptr;
        if (L.hasGate) {
            float* xg = ws.scratch(3, TD);
            mix::lerp(xn, T, D, prev, L.mixG.data(), xg);
            g = ws.scratch(4, TD);
            cpu::matmul(L.gate, xg, T, g);
            for (size_t j = 0; j < TD; ++j)
                g[j] = cpu::silu(g[j]);
        }
        std::memcpy(prev, xn + size_t(T - 1) * D, sizeof(float) * size_t(D));
        float* r = ws.scratch(5, TD);
        float* k = ws.scratch(6, TD);
        float* v = ws.scratch(7, TD);
        cpu::matmul(L.r, xr, T, r);
        cpu::matmul(L.k, xk, T, k);
        cpu::matmul(L.v, xv, T, v);
        float* y = xk;
        wkvV5Heads(T, H, N, r, k, v, L.decay.data(), 0, L.bonus.data(), s, y);
        float* yn = xv;
        for (int t = 0; t < T; ++t) {
            size_t row = size_t(t) * D;
            cpu::groupNorm(y + row, yn + row, L.lnxW.data(), L.lnxB.data(), D, H, kGroupNormEps);
            if (g)
                for (int j = 0; j < D; ++j)
                    yn[row + j] *= g[row + j];
        }
        cpu::matmul(L.o, yn, T, out);
    }

    void channelMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        layers_[size_t(layer)].ffn.run(xn, T, state.data() + state.size() - size_t(info_.embd), out, ws);
    }

private:
    std::vector<V5Layer> layers_;
};

} // namespace

std::unique_ptr<ModelBase> makeV5Model()
{
    return std::make_unique<V5Model>();
}

} // namespace rwkv
