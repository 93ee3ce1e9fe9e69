// Batched decoding on AVX-512, part of the AVX-512 kernel table (gemvTokens): a few tokens of
// different sequences against float-format rows, each weight loaded once for all of them.
#include "cpu/avx512_target.h"
#include "cpu/kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace rwkv::cpu {

namespace {

// The sum of 16 lanes in a fixed order, through memory: every shuffle intrinsic draws a false
// "uninitialized" warning from GCC 12 inside these templates, and this runs once per row.
RWKV_AVX512 inline float laneSum(__m512 v)
{
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, v);
    float half[8];
    for (int i = 0; i < 8; ++i)
        half[i] = lanes[i] + lanes[i + 8];
    return ((half[0] + half[4]) + (half[1] + half[5])) + ((half[2] + half[6]) + (half[3] + half[7]));
}

// R rows × NT tokens: each k step loads 16 weights of every row once and 16 inputs of every token
// once, for R × NT products. Every (row, token) pair keeps one accumulator over k, so its sum runs
// in the same order whatever rows and tokens share the tile. R and NT are constants so the
// accumulators stay in registers.
template <WeightFormat F, int R, int NT>
RWKV_AVX512 void gemvTokensTile(const Matrix& w, const uint8_t* rows, size_t rb, const float* x, float* y, size_t ldy)
{
    const int K = w.cols;
    const int K16 = K & ~15;
    __m512 acc[R][NT];
    for (int r = 0; r < R; ++r)
        for (int j = 0; j < NT; ++j)
            acc[r][j] = _mm512_setzero_ps();
    // The next group of rows follows this one in memory: prefetch it, spread over the k steps,
    // so one stream of R rows never waits on memory (past the matrix's end a prefetch is harmless).
    const size_t groupBytes = size_t(R) * rb;
    const size_t lines = (groupBytes + 63) / 64;
    const size_t steps = size_t(std::max(1, K16 / 16));
    const size_t linesPerStep = (lines + steps - 1) / steps;
    const uint8_t* ahead = rows + groupBytes;
    for (int i = 0; i < K16; i += 16) {
        for (size_t l = 0; l < linesPerStep; ++l)
            prefetchAt(ahead + (size_t(i / 16) * linesPerStep + l) * 64);
        __m512 wv[R];
        for (int r = 0; r < R; ++r) {
            const uint8_t* row = rows + size_t(r) * rb;
            if constexpr (F == WeightFormat::F32)
                wv[r] = _mm512_loadu_ps(reinterpret_cast<const float*>(row) + i);
            else if constexpr (F == WeightFormat::BF16)
                wv[r] = loadBf16(reinterpret_cast<const uint16_t*>(row) + i);
            else
                wv[r] = loadF16(reinterpret_cast<const uint16_t*>(row) + i);
        }
        for (int j = 0; j < NT; ++j) {
            const __m512 xv = _mm512_loadu_ps(x + size_t(j) * K + i);
            for (int r = 0; r < R; ++r)
                acc[r][j] = _mm512_fmadd_ps(wv[r], xv, acc[r][j]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int j = 0; j < NT; ++j) {
            float s = laneSum(acc[r][j]);
            if (K16 < K)
                s += dotTailScalar(w, rows + size_t(r) * rb, x + size_t(j) * K, K16);
            y[size_t(j) * ldy + size_t(r)] = s;
        }
}

// Tokens in tiles of NT at most, for R rows.
template <WeightFormat F, int R, int NT>
RWKV_AVX512 void gemvTokensRowGroup(const Matrix& w, const uint8_t* rows, size_t rb, const float* x, int T, float* y,
                                    size_t ldy)
{
    const int K = w.cols;
    for (int t0 = 0; t0 < T; t0 += NT) {
        const float* xt = x + size_t(t0) * K;
        float* yt = y + size_t(t0) * ldy;
        const int n = std::min(NT, T - t0);
        if (n == NT) {
            gemvTokensTile<F, R, NT>(w, rows, rb, xt, yt, ldy);
            continue;
        }
        // The last, narrower tile: one instantiation per width below NT.
        [&]<int... W>(std::integer_sequence<int, W...>) {
            ((n == W + 1 ? gemvTokensTile<F, R, W + 1>(w, rows, rb, xt, yt, ldy) : void()), ...);
        }(std::make_integer_sequence<int, NT - 1>{});
    }
}

// Rows in groups of R (then one at a time), tokens in tiles of NT.
template <WeightFormat F, int R, int NT>
RWKV_AVX512 void gemvTokensShape(const Matrix& w, const float* x, int T, float* y, size_t ldy, int begin, int end)
{
    const size_t rb = w.rowBytes();
    const auto* base = static_cast<const uint8_t*>(w.data);
    int o = begin;
    for (; o + R <= end; o += R)
        gemvTokensRowGroup<F, R, NT>(w, base + size_t(o) * rb, rb, x, T, y + size_t(o - begin), ldy);
    for (; o < end; ++o)
        gemvTokensRowGroup<F, 1, NT>(w, base + size_t(o) * rb, rb, x, T, y + size_t(o - begin), ldy);
}

// A few tokens take more rows per tile, so there are always enough independent sums to hide the
// FMA latency. The tile's shape changes only how fast each sum is made, never its order.
template <WeightFormat F>
RWKV_AVX512 void gemvTokensRows(const Matrix& w, const float* x, int T, float* y, size_t ldy, int begin, int end)
{
    if (T == 1) {
        gemvTokensShape<F, 4, 1>(w, x, T, y, ldy, begin, end);
        return;
    }
    if (T <= 3) {
        gemvTokensShape<F, 8, 3>(w, x, T, y, ldy, begin, end);
        return;
    }
    // Tiles of equal width (8 tokens as 4 + 4, not 6 + 2).
    const int tiles = (T + 5) / 6;
    switch ((T + tiles - 1) / tiles) {
    case 4: gemvTokensShape<F, 4, 4>(w, x, T, y, ldy, begin, end); break;
    case 5: gemvTokensShape<F, 4, 5>(w, x, T, y, ldy, begin, end); break;
    default: gemvTokensShape<F, 4, 6>(w, x, T, y, ldy, begin, end); break;
    }
}

} // namespace

RWKV_AVX512 void gemvTokensAvx512(const Matrix& w, const float* x, int T, float* y, size_t ldy, int begin, int end)
{
    switch (w.format) {
    case WeightFormat::F32: gemvTokensRows<WeightFormat::F32>(w, x, T, y, ldy, begin, end); return;
    case WeightFormat::BF16: gemvTokensRows<WeightFormat::BF16>(w, x, T, y, ldy, begin, end); return;
    case WeightFormat::F16: gemvTokensRows<WeightFormat::F16>(w, x, T, y, ldy, begin, end); return;
    default: break;
    }
}

} // namespace rwkv::cpu

#endif
