// Small element-wise steps shared by the versions' mixes.
#pragma once

#include "cpu/ops.h"

#include <cstddef>

namespace rwkv::mix {

// dst[t] = x[t] + (prev[t] - x[t]) * m   (v6/v7 "x + dx * mix", dx = x_prev - x)
inline void shiftAdd(const float* xn, int T, int D, const float* statePrev, const float* m, float* dst)
{
    cpu::forTokens(T, [=](int first, int last) {
        for (int t = first; t < last; ++t) {
            const float* x = xn + size_t(t) * D;
            const float* p = t == 0 ? statePrev : xn + size_t(t - 1) * D;
            float* d = dst + size_t(t) * D;
            for (int j = 0; j < D; ++j)
                d[j] = x[j] + (p[j] - x[j]) * m[j];
        }
    });
}

// dst[t] = x[t] * m + prev[t] * (1 - m)   (v4/v5 lerp)
inline void lerp(const float* xn, int T, int D, const float* statePrev, const float* m, float* dst)
{
    cpu::forTokens(T, [=](int first, int last) {
        for (int t = first; t < last; ++t) {
            const float* x = xn + size_t(t) * D;
            const float* p = t == 0 ? statePrev : xn + size_t(t - 1) * D;
            float* d = dst + size_t(t) * D;
            for (int j = 0; j < D; ++j)
                d[j] = x[j] * m[j] + p[j] * (1.0f - m[j]);
        }
    });
}

} // namespace rwkv::mix
