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

// dst[t] = x[t] + (prev(t) - x[t]) * m for every mix (v6/v7 "x + dx * mix", dx = x_prev - x):
// one pass over the tokens for all of them, so each row of x is read from L1 after the first.
template <class Previous>
void shiftAddWith(const float* xn, int T, int D, Previous previous, std::initializer_list<ShiftMix> mixes)
{
    cpu::forTokens(T, [=](int first, int last) {
        for (int t = first; t < last; ++t) {
            const float* x = xn + size_t(t) * D;
            const float* p = previous(t);
            for (const ShiftMix& mix : mixes) {
                float* d = mix.dst + size_t(t) * D;
                for (int j = 0; j < D; ++j)
                    d[j] = x[j] + (p[j] - x[j]) * mix.m[j];
            }
        }
    });
}

// A chunk of one sequence: row t's previous input is row t - 1, the state's for t = 0.
inline void shiftAdd(const float* xn, int T, int D, const float* statePrev, std::initializer_list<ShiftMix> mixes)
{
    shiftAddWith(xn, T, D, [=](int t) { return t == 0 ? statePrev : xn + size_t(t - 1) * D; }, mixes);
}

// Batched decoding: every row belongs to another sequence, its previous input given in
// prevRows ([T, D]).
inline void shiftAddRows(const float* xn, int T, int D, const float* prevRows, std::initializer_list<ShiftMix> mixes)
{
    shiftAddWith(xn, T, D, [=](int t) { return prevRows + size_t(t) * D; }, mixes);
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
