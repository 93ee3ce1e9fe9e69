// Prefill with int8 and q4 weights on AVX-512 VNNI: the tokens are quantized per group of 32 as
// in decoding (quantizeInput), and VPDPBUSD multiplies 4 weight bytes by 4 input bytes per lane,
// 64 products per instruction against 16 for a float32 FMA. Part of the AVX-512 kernel table.
#include "cpu/avx512_target.h"
#include "cpu/kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace rwkv::cpu {

namespace {

constexpr int kRows = 32;  // weight rows per panel: two registers of 16 lanes
constexpr int kTokens = 6; // tokens per register tile: 2 × 6 integer + 2 × 6 float accumulators

// A block of up to 32 rows in the order the tile reads them: for every 4 inputs k..k+3, the 4
// weight bytes of rows 0–15 then of rows 16–31 (unsigned: q8 + 128, q4 as stored, i.e. + 8),
// and per group the 32 rows' scales. Rows past the block's end are zero.
struct Panel {
    std::vector<uint8_t> bytes; // K/4 × 128
    std::vector<float> scales;  // groups × 32
};

void packPanel(const Matrix& w, int r0, int rows, Panel& panel)
{
    const int K = w.cols, groups = K / kQuantGroup;
    const size_t rb = w.rowBytes();
    panel.bytes.assign(size_t(K) * kRows, 0);
    panel.scales.assign(size_t(groups) * kRows, 0.0f);
    uint8_t natural[kQuantGroup];
    for (int r = 0; r < rows; ++r) {
        const auto* row = static_cast<const uint8_t*>(w.data) + size_t(r0 + r) * rb;
        const float* s = w.scales + size_t(r0 + r) * size_t(groups);
        for (int g = 0; g < groups; ++g) {
            if (w.format == WeightFormat::Q8) {
                for (int i = 0; i < kQuantGroup; ++i)
                    natural[i] = uint8_t(row[size_t(g) * kQuantGroup + size_t(i)] ^ 0x80u);
            } else {
                for (int j = 0; j < 16; ++j) {
                    uint8_t b = row[size_t(g) * 16 + size_t(j)];
                    natural[j] = b & 0x0f;
                    natural[j + 16] = b >> 4;
                }
            }
            for (int k4 = 0; k4 < kQuantGroup / 4; ++k4)
                std::memcpy(&panel.bytes[(size_t(g) * 8 + size_t(k4)) * 128 + size_t(r) * 4], natural + k4 * 4, 4);
            panel.scales[size_t(g) * kRows + size_t(r)] = s[g];
        }
    }
}

template <int TT>
RWKV_AVX512 void tile(const Panel& panel, const PreparedInput& in, int K, int t0, float offset, float* y, int ldy,
                      __mmask16 m0, __mmask16 m1)
{
    const int groups = K / kQuantGroup;
    __m512 f0[TT], f1[TT];
    for (int j = 0; j < TT; ++j)
        f0[j] = f1[j] = _mm512_setzero_ps();
    for (int g = 0; g < groups; ++g) {
        __m512i i0[TT], i1[TT];
        for (int j = 0; j < TT; ++j)
            i0[j] = i1[j] = _mm512_setzero_si512();
        const uint8_t* wp = panel.bytes.data() + size_t(g) * 8 * 128;
        for (int k4 = 0; k4 < 8; ++k4) {
            __m512i w0 = _mm512_loadu_si512(wp + k4 * 128), w1 = _mm512_loadu_si512(wp + k4 * 128 + 64);
            for (int j = 0; j < TT; ++j) {
                int32_t four;
                std::memcpy(&four, in.q.data() + size_t(t0 + j) * K + size_t(g) * kQuantGroup + size_t(k4) * 4, 4);
                __m512i xb = _mm512_set1_epi32(four);
                i0[j] = _mm512_dpbusd_epi32(i0[j], w0, xb);
                i1[j] = _mm512_dpbusd_epi32(i1[j], w1, xb);
            }
        }
        __m512 s0 = _mm512_loadu_ps(panel.scales.data() + size_t(g) * kRows);
        __m512 s1 = _mm512_loadu_ps(panel.scales.data() + size_t(g) * kRows + 16);
        for (int j = 0; j < TT; ++j) {
            const size_t tg = size_t(t0 + j) * size_t(groups) + size_t(g);
            __m512 correction = _mm512_set1_ps(offset * in.b[tg]);
            __m512 sx = _mm512_set1_ps(in.a[tg]);
            f0[j] = _mm512_fmadd_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(i0[j]), correction), _mm512_mul_ps(s0, sx), f0[j]);
            f1[j] = _mm512_fmadd_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(i1[j]), correction), _mm512_mul_ps(s1, sx), f1[j]);
        }
    }
    for (int j = 0; j < TT; ++j) {
        _mm512_mask_storeu_ps(y + size_t(t0 + j) * ldy, m0, f0[j]);
        _mm512_mask_storeu_ps(y + size_t(t0 + j) * ldy + 16, m1, f1[j]);
    }
}

template <int... TT>
RWKV_AVX512 void tileOf(int tt, const Panel& panel, const PreparedInput& in, int K, int t0, float offset, float* y,
                        int ldy, __mmask16 m0, __mmask16 m1, std::integer_sequence<int, TT...>)
{
    ((tt == TT + 1 ? tile<TT + 1>(panel, in, K, t0, offset, y, ldy, m0, m1) : void()), ...);
}

} // namespace

RWKV_AVX512 void prepareTokensAvx512(const float* x, int T, int K, PreparedInput& in)
{
    const int groups = K / kQuantGroup;
    in.x = x;
    in.q.resize(size_t(T) * K);
    in.a.resize(size_t(T) * groups);
    in.b.resize(size_t(T) * groups);
    const __m512 absMask = _mm512_castsi512_ps(_mm512_set1_epi32(0x7fffffff));
    for (size_t tg = 0; tg < size_t(T) * size_t(groups); ++tg) {
        // The same arithmetic as quantizeInput: amax / 127, its reciprocal, round half to even.
        const float* xg = x + tg * kQuantGroup;
        __m512 x0 = _mm512_loadu_ps(xg), x1 = _mm512_loadu_ps(xg + 16);
        float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_and_ps(x0, absMask), _mm512_and_ps(x1, absMask)));
        float scale = amax / 127.0f;
        float inv = scale > 0 ? 1.0f / scale : 0.0f;
        __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(x0, _mm512_set1_ps(inv)));
        __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(x1, _mm512_set1_ps(inv)));
        in.a[tg] = scale;
        in.b[tg] = float(_mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(in.q.data() + tg * kQuantGroup), _mm512_cvtsepi32_epi8(q0));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(in.q.data() + tg * kQuantGroup + 16), _mm512_cvtsepi32_epi8(q1));
    }
}

RWKV_AVX512 void gemmQuantizedAvx512(const Matrix& w, const PreparedInput& in, int T, int begin, int end, float* y, int ldy)
{
    thread_local Panel panel;
    const float offset = w.format == WeightFormat::Q8 ? 128.0f : 8.0f;
    for (int r0 = begin; r0 < end; r0 += kRows) {
        const int rows = std::min(kRows, end - r0);
        packPanel(w, r0, rows, panel);
        const __mmask16 m0 = __mmask16(rows >= 16 ? 0xffff : (1u << rows) - 1);
        const __mmask16 m1 = __mmask16(rows <= 16 ? 0 : rows >= 32 ? 0xffff : (1u << (rows - 16)) - 1);
        for (int t = 0; t < T; t += kTokens)
            tileOf(std::min(kTokens, T - t), panel, in, w.cols, t, offset, y + r0, ldy, m0, m1,
                   std::make_integer_sequence<int, kTokens>{});
    }
}

} // namespace rwkv::cpu

#endif
