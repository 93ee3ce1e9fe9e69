#include "model/classic_ffn.h"

#include "model/mix_helpers.h"

#include <algorithm>
#include <cstring>

namespace rwkv {

void ClassicFfn::load(WeightSource& w, int layer, int embd, int ffnDim, bool lerp)
{
    std::string p = "blocks." + std::to_string(layer) + ".ffn.";
    lerpMix = lerp;
    mixK = w.vector(p + (lerp ? "time_mix_k" : "time_maa_k"), size_t(embd));
    mixR = w.vector(p + (lerp ? "time_mix_r" : "time_maa_r"), size_t(embd));
    key = w.matrix(p + "key.weight", ffnDim, embd);
    receptance = w.matrix(p + "receptance.weight", embd, embd);
    value = w.matrix(p + "value.weight", embd, ffnDim);
}

void ClassicFfn::run(const float* xn, int T, float* prev, float* out, Workspace& ws) const
{
    const int D = key.cols;
    const int F = key.rows;
    const size_t TD = size_t(T) * D;
    float* xk = ws.scratch(0, TD);
    float* xr = ws.scratch(1, TD);
    if (lerpMix) {
        mix::lerp(xn, T, D, prev, mixK.data(), xk);
        mix::lerp(xn, T, D, prev, mixR.data(), xr);
    } else {
        mix::shiftAdd(xn, T, D, prev, mixK.data(), xk);
        mix::shiftAdd(xn, T, D, prev, mixR.data(), xr);
    }
    std::memcpy(prev, xn + size_t(T - 1) * D, sizeof(float) * size_t(D));
    float* r = ws.scratch(2, TD);
    cpu::matmul(receptance, xr, T, r);
    float* hidden = ws.scratch(3, size_t(T) * F);
    cpu::matmul(key, xk, T, hidden);
    cpu::squaredRelu(hidden, size_t(T) * F);
    cpu::matmul(value, hidden, T, out);
    for (size_t j = 0; j < TD; ++j)
        out[j] *= cpu::sigmoid(r[j]);
}

} // namespace rwkv
