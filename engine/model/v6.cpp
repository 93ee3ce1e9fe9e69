// RWKV-6 "Finch" (docs/RWKV.md "v6 time mix"): data-dependent token shift and decay. The state of
// each head is [key][value].
#include "cpu/kernels.h"
#include "model/classic_ffn.h"
#include "model/mix_helpers.h"
#include "model/versions.h"

#include <cmath>
#include <cstring>

namespace rwkv {

namespace {

constexpr float kGroupNormEps = 64e-5f;

struct V6Layer {
    std::vector<float> maaX, maaW, maaK, maaV, maaR, maaG, decay, faaaa, lnxW, lnxB;
    Matrix maaW1;      // [5*dm, D]
    Matrix maaW2[5];   // each [D, dm]
    Matrix decayW1, decayW2;
    Matrix r, k, v, o, gate;
    ClassicFfn ffn;
};

class V6Model final : public ModelBase {
public:
    void build(WeightSource& w) override
    {
        buildFrame(w);
        const int D = info_.embd;
        layers_.resize(size_t(info_.layers));
        for (int i = 0; i < info_.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V6Layer& L = layers_[size_t(i)];
            auto vec = [&](const char* n) { return w.vector(p + n, size_t(D)); };
            L.maaX = vec("time_maa_x"); L.maaW = vec("time_maa_w"); L.maaK = vec("time_maa_k");
            L.maaV = vec("time_maa_v"); L.maaR = vec("time_maa_r"); L.maaG = vec("time_maa_g");
            L.decay = vec("time_decay");
            L.faaaa = vec("time_faaaa");
            int five = int(w.shape(p + "time_maa_w1").back());
            int dm = five / 5;
            L.maaW1 = w.matrixFromInOut(p + "time_maa_w1", D, five);
            for (int j = 0; j < 5; ++j)
                L.maaW2[j] = w.matrixFromStack(p + "time_maa_w2", j, 5, dm, D);
            int dd = int(w.shape(p + "time_decay_w1").back());
            L.decayW1 = w.matrixFromInOut(p + "time_decay_w1", D, dd);
            L.decayW2 = w.matrixFromInOut(p + "time_decay_w2", dd, D);
            L.r = w.matrix(p + "receptance.weight", D, D);
            L.k = w.matrix(p + "key.weight", D, D);
            L.v = w.matrix(p + "value.weight", D, D);
            L.o = w.matrix(p + "output.weight", D, D);
            L.gate = w.matrix(p + "gate.weight", D, D);
            L.lnxW = vec("ln_x.weight");
            L.lnxB = vec("ln_x.bias");
            L.ffn.load(w, i, D, info_.ffnDim, false);
        }
    }

protected:
    void timeMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        const V6Layer& L = layers_[size_t(layer)];
        const int D = info_.embd, H = info_.heads, N = info_.headSize;
        const size_t TD = size_t(T) * D;
        float* prev = state.data();
        float* s = state.data() + D;
        const int five = L.maaW1.rows, dm = five / 5;

        float* dx = ws.scratch(0, TD);   // x_prev - x
        float* xxx = ws.scratch(1, TD);
        for (int t = 0; t < T; ++t) {
            const float* x = xn + size_t(t) * D;
            const float* pr = t == 0 ? prev : xn + size_t(t - 1) * D;
            for (int j = 0; j < D; ++j) {
                dx[size_t(t) * D + j] = pr[j] - x[j];
                xxx[size_t(t) * D + j] = x[j] + dx[size_t(t) * D + j] * L.maaX[j];
            }
        }
        std::memcpy(prev, xn + size_t(T - 1) * D, sizeof(float) * size_t(D));
        float* low = ws.scratch(2, size_t(T) * five);
        cpu::matmul(L.maaW1, xxx, T, low);
        for (size_t j = 0; j < size_t(T) * five; ++j)
            low[j] = std::tanh(low[j]);
        // Split the 5·dm rows per token into five [T, dm] blocks for the second products.
        float* part = ws.scratch(3, size_t(T) * dm);
        float* m[5];
        const std::vector<float>* base[5] = {&L.maaW, &L.maaK, &L.maaV, &L.maaR, &L.maaG};
        for (int q = 0; q < 5; ++q) {
            m[q] = ws.scratch(4 + q, TD);
            for (int t = 0; t < T; ++t)
                std::memcpy(part + size_t(t) * dm, low + size_t(t) * five + size_t(q) * dm, sizeof(float) * size_t(dm));
            cpu::matmul(L.maaW2[q], part, T, m[q]);
            for (int t = 0; t < T; ++t)
                for (int j = 0; j < D; ++j) {
                    size_t idx = size_t(t) * D + j;
                    m[q][idx] = xn[idx] + dx[idx] * ((*base[q])[j] + m[q][idx]);
                }
        }
        float* xw = m[0]; float* xk = m[1]; float* xv = m[2]; float* xr = m[3]; float* xg = m[4];
        float* r = ws.scratch(9, TD);
        float* k = ws.scratch(10, TD);
        float* v = dx; // dx is consumed
        float* g = xxx;
        cpu::matmul(L.r, xr, T, r);
        cpu::matmul(L.k, xk, T, k);
        cpu::matmul(L.v, xv, T, v);
        cpu::matmul(L.gate, xg, T, g);
        for (size_t j = 0; j < TD; ++j)
            g[j] = cpu::silu(g[j]);
        float* lowd = ws.scratch(2, size_t(T) * L.decayW1.rows);
        cpu::matmul(L.decayW1, xw, T, lowd);
        const cpu::KernelTable& kern = cpu::kernels();
        kern.tanh(lowd, size_t(T) * L.decayW1.rows);
        float* w = xk; // xk is consumed; w = exp(-exp(decay + tanh(xw W1) W2))
        cpu::matmul(L.decayW2, lowd, T, w);
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < D; ++j)
                w[size_t(t) * D + j] += L.decay[j];
        kern.exp(w, TD);
        for (size_t j = 0; j < TD; ++j)
            w[j] = -w[j];
        kern.exp(w, TD);
        float* y = xr; // xr is consumed
        wkvV5Heads(T, H, N, r, k, v, w, size_t(D), L.faaaa.data(), s, y);
        float* yn = xv;
        for (int t = 0; t < T; ++t) {
            size_t row = size_t(t) * D;
            cpu::groupNorm(y + row, yn + row, L.lnxW.data(), L.lnxB.data(), D, H, kGroupNormEps);
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
    std::vector<V6Layer> layers_;
};

} // namespace

std::unique_ptr<ModelBase> makeV6Model()
{
    return std::make_unique<V6Model>();
}

} // namespace rwkv
