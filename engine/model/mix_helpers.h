// Small element-wise steps shared by the versions' mixes.
#pragma once

#include "cpu/ops.h"

#include <cstddef>
#include <initializer_list>

namespace rwkv::mix {

// One token-shift mix: its weights m and where it goes.
struct ShiftMix {
    const float* m;
    float* dst;
};

// dst[t] = x[t] + (prev[t] - x[t]) * m for every mix (v6/v7 "x + dx * mix", dx = x_prev - x): one
// pass over the tokens for all of them, so each row of x is read from L1 after the first.
inline void shiftAdd(const float* xn, int T, int D, const float* statePrev, std::initializer_list<ShiftMix> mixes)
{
    cpu::forTokens(T, [=](int first, int last) {
        for (int t = first; t < last; ++t) {
            const float* x = xn + size_t(t) * D;
            const float* p = t == 0 ? statePrev : xn + size_t(t - 1) * D;
            for (const ShiftMix& mix : mixes) {
                float* d = mix.dst + size_t(t) * D;
                for (int j = 0; j < D; ++j)
                    d[j] = x[j] + (p[j] - x[j]) * mix.m[j];
            }
        }
    });
}

// The same with each row's previous input given (prevRows is [T, D]): batched decoding, where
// every row belongs to another sequence.
inline void shiftAddRows(const float* xn, int T, int D, const float* prevRows, std::initializer_list<ShiftMix> mixes)
{
    cpu::forTokens(T, [=](int first, int last) {
        for (int t = first; t < last; ++t) {
            const float* x = xn + size_t(t) * D;
            const float* p = prevRows + size_t(t) * D;
            for (const ShiftMix& mix : mixes) {
                float* d = mix.dst + size_t(t) * D;
                for (int j = 0; j < D; ++j)
                    d[j] = x[j] + (p[j] - x[j]) * mix.m[j];
            }
        }
    });
}

inline void shiftAdd(const float* xn, int T, int D, const float* statePrev, const float* m, float* dst)
{
    shiftAdd(xn, T, D, statePrev, {ShiftMix{m, dst}});
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
