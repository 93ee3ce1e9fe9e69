// The channel mix of v4, v5 and v6: r = σ(Wr xr); k = relu(Wk xk)²; out = r ⊙ (Wv k). v4/v5 mix the
// token shift as a lerp, v6 as x + dx ⊙ maa (docs/RWKV.md).
#pragma once

#include "cpu/thread_pool.h"

#include "cpu/ops.h"
#include "model/model_base.h"

#include <span>
#include <string>
#include <vector>

namespace rwkv {

struct ClassicFfn {
    bool lerpMix = true; // false: v6 style x + (x_prev - x) ⊙ mix
    std::vector<float> mixK, mixR;
    Matrix key, receptance, value;

    // Reads blocks.i.ffn.* (time_mix_k/r for lerp, time_maa_k/r otherwise).
    void load(WeightSource& w, int layer, int embd, int ffnDim, bool lerp);
    // `prev` is the layer's ffn x_prev (updated to the last row).
    void run(const float* xn, int T, float* prev, float* out, Workspace& ws) const;
};

// One head of the v5/v6 recurrence with state s[key i][value j] (docs/RWKV.md "v6 time mix"):
// y_j = Σ_i r_i (u_i k_i v_j + s_ij), then s_ij = k_i v_j + w_i s_ij.
inline void wkvHeadV5(const float* r, const float* k, const float* v, const float* w, const float* u, float* s,
                      float* y, int N)
{
    for (int j = 0; j < N; ++j)
        y[j] = 0;
    for (int i = 0; i < N; ++i) {
        float* si = s + size_t(i) * N;
        const float ri = r[i], ki = k[i], ui = u[i], wi = w[i];
        for (int j = 0; j < N; ++j) {
            float a = ki * v[j];
            y[j] += ri * (ui * a + si[j]);
            si[j] = a + wi * si[j];
        }
    }
}

// The v5/v6 update over T tokens and H heads (r, k, v, y are [T, H·N]; `w` advances by
// `wTokenStride` floats per token: 0 for v5's fixed decay, H·N for v6's per-token one). Heads are
// independent, so each thread of the pool takes whole heads through all T tokens in order.
inline void wkvV5Heads(int T, int H, int N, const float* r, const float* k, const float* v, const float* w,
                       size_t wTokenStride, const float* u, float* s, float* y)
{
    const size_t D = size_t(H) * size_t(N);
    ThreadPool::shared().parallelFor(size_t(H), 1, [&](size_t hBegin, size_t hEnd) {
        for (int t = 0; t < T; ++t)
            for (size_t h = hBegin; h < hEnd; ++h) {
                const size_t o = size_t(t) * D + h * size_t(N);
                wkvHeadV5(r + o, k + o, v + o, w + size_t(t) * wTokenStride + h * size_t(N), u + h * size_t(N),
                          s + h * size_t(N) * size_t(N), y + o, N);
            }
    });
}

} // namespace rwkv
