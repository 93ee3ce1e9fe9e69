// RWKV-4 (docs/RWKV.md "v4 time mix"): per-channel WKV with the running maximum pp that keeps the
// exponentials finite. Runs in fp32 without the fp16 "rescale layer" trick.
#include "model/classic_ffn.h"
#include "model/mix_helpers.h"
#include "model/versions.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace rwkv {

namespace {

struct V4Layer {
    std::vector<float> mixK, mixV, mixR, decay, first; // decay = -exp(time_decay)
    Matrix r, k, v, o;
    ClassicFfn ffn;
};

class V4Model final : public ModelBase {
public:
    void build(WeightSource& w) override
    {
        buildFrame(w);
        const int D = info_.embd;
        layers_.resize(size_t(info_.layers));
        for (int i = 0; i < info_.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V4Layer& L = layers_[size_t(i)];
            L.mixK = w.vector(p + "time_mix_k", size_t(D));
            L.mixV = w.vector(p + "time_mix_v", size_t(D));
            L.mixR = w.vector(p + "time_mix_r", size_t(D));
            L.decay = w.vector(p + "time_decay", size_t(D));
            for (float& d : L.decay)
                d = -std::exp(d);
            L.first = w.vector(p + "time_first", size_t(D));
            L.r = w.matrix(p + "receptance.weight", D, D);
            L.k = w.matrix(p + "key.weight", D, D);
            L.v = w.matrix(p + "value.weight", D, D);
            L.o = w.matrix(p + "output.weight", D, D);
            L.ffn.load(w, i, D, info_.ffnDim, true);
        }
    }

protected:
    void timeMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        const V4Layer& L = layers_[size_t(layer)];
        const int D = info_.embd;
        const size_t TD = size_t(T) * D;
        float* prev = state.data();
        float* aa = state.data() + D;
        float* bb = state.data() + 2 * size_t(D);
        float* pp = state.data() + 3 * size_t(D);
        float* xk = ws.scratch(0, TD);
        float* xv = ws.scratch(1, TD);
        float* xr = ws.scratch(2, TD);
        mix::lerp(xn, T, D, prev, L.mixK.data(), xk);
        mix::lerp(xn, T, D, prev, L.mixV.data(), xv);
        mix::lerp(xn, T, D, prev, L.mixR.data(), xr);
        std::memcpy(prev, xn + size_t(T - 1) * D, sizeof(float) * size_t(D));
        float* r = ws.scratch(3, TD);
        float* k = ws.scratch(4, TD);
        float* v = ws.scratch(5, TD);
        cpu::matmul(L.r, xr, T, r);
        cpu::matmul(L.k, xk, T, k);
        cpu::matmul(L.v, xv, T, v);
        float* y = xk;
        for (int t = 0; t < T; ++t) {
            size_t row = size_t(t) * D;
            for (int j = 0; j < D; ++j) {
                float kt = k[row + j], vt = v[row + j];
                float ww = L.first[j] + kt;
                float p = std::max(pp[j], ww);
                float e1 = std::exp(pp[j] - p), e2 = std::exp(ww - p);
                float wkv = (e1 * aa[j] + e2 * vt) / (e1 * bb[j] + e2);
                ww = L.decay[j] + pp[j];
                p = std::max(ww, kt);
                e1 = std::exp(ww - p);
                e2 = std::exp(kt - p);
                aa[j] = e1 * aa[j] + e2 * vt;
                bb[j] = e1 * bb[j] + e2;
                pp[j] = p;
                y[row + j] = cpu::sigmoid(r[row + j]) * wkv;
            }
        }
        cpu::matmul(L.o, y, T, out);
    }

    void channelMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        layers_[size_t(layer)].ffn.run(xn, T, state.data() + state.size() - size_t(info_.embd), out, ws);
    }

private:
    std::vector<V4Layer> layers_;
};

} // namespace

std::unique_ptr<ModelBase> makeV4Model()
{
    return std::make_unique<V4Model>();
}

} // namespace rwkv
