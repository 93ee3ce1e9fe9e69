// AVX-512 kernels (F, BW, VL, DQ and VNNI, as on Zen 4/5 and Ice Lake or later): 16 floats
// per instruction, and int8/q4 decoding with VPDPBUSD (64 byte products per instruction). Like the
// AVX2 table, each function carries its own target attribute so nothing compiled for AVX-512 can
// run on a processor without it.
#include "core/dtype.h"
#include "cpu/kernels.h"

#include "cpu/avx512_target.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace rwkv::cpu {

namespace {

// Software prefetch ahead of the row streams: the hardware prefetchers alone leave a core well
// short of its share of the memory bandwidth on a matrix-vector product. Float rows of up to
// kShortRowBytes are read one at a time, so consecutive rows form one linear stream prefetched
// kLinearAhead bytes ahead; longer rows are read two at a time, each stream prefetched
// kPairAhead bytes ahead and, past its row's end, into the same row of the next pair. On Zen 5
// this beat one fixed pattern by 22 % (bf16) and 32 % (f16) over a model's products
// (engine/cpu/README.md). Quantized rows are short and read one at a time, kPrefetchBytes ahead.
constexpr size_t kPrefetchBytes = 6144;
constexpr size_t kShortRowBytes = 4096;
constexpr size_t kLinearAhead = 4096;
constexpr size_t kPairAhead = 6144;


RWKV_AVX512 inline void prefetch(const uint8_t* p)
{
    prefetchAt(p + kPrefetchBytes);
}

// Where a stream of paired rows at byte `offset` of a row of `rowBytes` prefetches: kPairAhead on,
// continuing past the row's end into the next pair.
inline size_t pairPrefetchOffset(size_t offset, size_t rowBytes)
{
    size_t ahead = offset + kPairAhead;
    return ahead >= rowBytes ? ahead + rowBytes : ahead;
}

// f32, f16 and bf16 rows, streamed as the comment on kShortRowBytes says; four partial sums per
// row hide FMA latency. bf16 widens 16 weights per 256-bit load (zero-extend, shift): on Zen 5
// this streamed 15 % faster than 512-bit loads split into even and odd halves.
template <WeightFormat F>
RWKV_AVX512 void gemvFloatRows(const Matrix& w, const float* x, float* y, int begin, int end)
{
    const int K = w.cols;
    const int K64 = K & ~63;
    const int K16 = K & ~15;
    constexpr size_t elementBytes = F == WeightFormat::F32 ? 4 : 2;
    auto load = [](const uint8_t* row, int i) RWKV_AVX512 {
        if constexpr (F == WeightFormat::F32)
            return _mm512_loadu_ps(reinterpret_cast<const float*>(row) + i);
        else if constexpr (F == WeightFormat::BF16)
            return loadBf16(reinterpret_cast<const uint16_t*>(row) + i);
        else
            return loadF16(reinterpret_cast<const uint16_t*>(row) + i);
    };
    const size_t rb = w.rowBytes();
    const auto* base = static_cast<const uint8_t*>(w.data);
    int o = begin;
    if (rb <= kShortRowBytes) {
        for (; o < end; ++o) {
            const auto* r0 = base + size_t(o) * rb;
            __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
            int i = 0;
            for (; i < K64; i += 64) {
                for (size_t line = 0; line < 64 * elementBytes; line += 64)
                    prefetchAt(r0 + size_t(i) * elementBytes + line + kLinearAhead);
                a0 = _mm512_fmadd_ps(load(r0, i), _mm512_loadu_ps(x + i), a0);
                a1 = _mm512_fmadd_ps(load(r0, i + 16), _mm512_loadu_ps(x + i + 16), a1);
                a2 = _mm512_fmadd_ps(load(r0, i + 32), _mm512_loadu_ps(x + i + 32), a2);
                a3 = _mm512_fmadd_ps(load(r0, i + 48), _mm512_loadu_ps(x + i + 48), a3);
            }
            for (; i < K16; i += 16)
                a0 = _mm512_fmadd_ps(load(r0, i), _mm512_loadu_ps(x + i), a0);
            float s = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
            y[o - begin] = i < K ? s + dotTailScalar(w, r0, x, i) : s;
        }
        return;
    }
    for (; o + 2 <= end; o += 2) {
        const auto* r0 = base + size_t(o) * rb;
        const auto* r1 = r0 + rb;
        __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
        __m512 b0 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps();
        int i = 0;
        for (; i < K64; i += 64) {
            for (size_t line = 0; line < 64 * elementBytes; line += 64) {
                const size_t ahead = pairPrefetchOffset(size_t(i) * elementBytes + line, rb);
                prefetchAt(r0 + ahead);
                prefetchAt(r1 + ahead);
            }
            __m512 x0 = _mm512_loadu_ps(x + i), x1 = _mm512_loadu_ps(x + i + 16);
            __m512 x2 = _mm512_loadu_ps(x + i + 32), x3 = _mm512_loadu_ps(x + i + 48);
            a0 = _mm512_fmadd_ps(load(r0, i), x0, a0);
            a1 = _mm512_fmadd_ps(load(r0, i + 16), x1, a1);
            a2 = _mm512_fmadd_ps(load(r0, i + 32), x2, a2);
            a3 = _mm512_fmadd_ps(load(r0, i + 48), x3, a3);
            b0 = _mm512_fmadd_ps(load(r1, i), x0, b0);
            b1 = _mm512_fmadd_ps(load(r1, i + 16), x1, b1);
            b2 = _mm512_fmadd_ps(load(r1, i + 32), x2, b2);
            b3 = _mm512_fmadd_ps(load(r1, i + 48), x3, b3);
        }
        for (; i < K16; i += 16) {
            __m512 xv = _mm512_loadu_ps(x + i);
            a0 = _mm512_fmadd_ps(load(r0, i), xv, a0);
            b0 = _mm512_fmadd_ps(load(r1, i), xv, b0);
        }
        float s0 = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
        float s1 = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(b0, b1), _mm512_add_ps(b2, b3)));
        if (i < K) {
            s0 += dotTailScalar(w, r0, x, i);
            s1 += dotTailScalar(w, r1, x, i);
        }
        y[o - begin] = s0;
        y[o + 1 - begin] = s1;
    }
    for (; o < end; ++o) {
        const auto* r0 = base + size_t(o) * rb;
        __m512 a0 = _mm512_setzero_ps();
        int i = 0;
        for (; i < K16; i += 16)
            a0 = _mm512_fmadd_ps(load(r0, i), _mm512_loadu_ps(x + i), a0);
        float s = _mm512_reduce_add_ps(a0);
        y[o - begin] = i < K ? s + dotTailScalar(w, r0, x, i) : s;
    }
}

// The input of an int8/q4 product: x quantized per group of 32 (`q`), and per pair of groups (64
// inputs, one 512-bit register) the lane vectors that turn VPDPBUSD's 16 lane sums into scaled
// floats. VPDPBUSD multiplies unsigned by signed bytes, so the weights enter as unsigned (q8 with
// its sign bit flipped, i.e. w + 128; q4 as stored, i.e. w + 8) and the offset times the group's
// input sum is subtracted: `a` holds the input scale of each lane's group, `b` -offset·Σx_g / 8.
// Lane l of a VPDPBUSD over bytes [64p, 64p + 64) sums bytes 4l..4l+3, so lanes 0–7 belong to
// group 2p and 8–15 to group 2p + 1 for q8. For q4, the 32 bytes of a pair of groups unpack to
// [g0 low, g1 low, g0 high, g1 high] nibbles (16 each), so x is laid out the same way per pair.
RWKV_AVX512 void prepareInput(const float* x, int K, bool q4Layout, PreparedInput& in)
{
    const int groups = K / kQuantGroup;
    const int pairs = (groups + 1) / 2;
    in.q.assign(size_t(pairs) * 64, 0);
    in.a.assign(size_t(pairs) * 16, 0.0f);
    in.b.assign(size_t(pairs) * 16, 0.0f);
    const float offset = q4Layout ? 8.0f : 128.0f;
    const __m512 absMask = _mm512_castsi512_ps(_mm512_set1_epi32(0x7fffffff));
    for (int g = 0; g < groups; ++g) {
        // The same arithmetic as quantizeInput: amax / 127, its reciprocal, round half to even.
        __m512 x0 = _mm512_loadu_ps(x + size_t(g) * kQuantGroup), x1 = _mm512_loadu_ps(x + size_t(g) * kQuantGroup + 16);
        float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_and_ps(x0, absMask), _mm512_and_ps(x1, absMask)));
        float scale = amax / 127.0f;
        float inv = scale > 0 ? 1.0f / scale : 0.0f;
        __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(x0, _mm512_set1_ps(inv)));
        __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(x1, _mm512_set1_ps(inv)));
        int sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
        __m128i b0 = _mm512_cvtsepi32_epi8(q0), b1 = _mm512_cvtsepi32_epi8(q1);
        const int p = g / 2, half = g % 2;
        int8_t* dst = in.q.data() + size_t(p) * 64;
        // q8: group byte i sits at pair byte 32·half + i. q4: column i < 16 is a low nibble (pair
        // byte 16·half + i), column i ≥ 16 a high one (32 + 16·half + i − 16).
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (q4Layout ? 16 * half : 32 * half)), b0);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (q4Layout ? 32 + 16 * half : 32 * half + 16)), b1);
        for (int lane = 0; lane < 16; ++lane) {
            int byte = lane * 4;
            int laneHalf = !q4Layout ? byte / 32 : (byte / 16) % 2;
            if (laneHalf != half)
                continue;
            in.a[size_t(p) * 16 + size_t(lane)] = scale;
            in.b[size_t(p) * 16 + size_t(lane)] = -offset * float(sum) / 8.0f;
        }
    }
}

// Σ over a row of sw_g · sx_g · (qw · qx): per pair of groups one VPDPBUSD, then the integer lane
// sums become floats, lose the unsigned offset, and are scaled by the lane's two scales.
template <bool Q4>
RWKV_AVX512 void gemvQuantizedRows(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    const int groups = w.cols / kQuantGroup;
    const int pairs = groups / 2;
    const size_t rb = w.rowBytes();
    const __m512i flip = _mm512_set1_epi8(char(0x80));
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    // Lane l takes the scale of group 2p + (l >= 8) for q8, or of 2p + ((l / 4) % 2) for q4.
    const __m512i scaleIndex = Q4 ? _mm512_set_epi32(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0)
                                  : _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    for (int o = begin; o < end; ++o) {
        const auto* row = static_cast<const uint8_t*>(w.data) + size_t(o) * rb;
        const float* ws = w.scales + size_t(o) * size_t(groups);
        __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
        for (int p = 0; p < pairs; ++p) {
            __m512i qw;
            if constexpr (Q4) {
                if (p % 2 == 0)
                    prefetch(row + size_t(p) * 32);
                __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + size_t(p) * 32));
                __m256i lo = _mm256_and_si256(bytes, nibble);
                __m256i hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
                qw = _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
            } else {
                prefetch(row + size_t(p) * 64);
                qw = _mm512_xor_si512(_mm512_loadu_si512(row + size_t(p) * 64), flip);
            }
            __m512i qx = _mm512_loadu_si512(in.q.data() + size_t(p) * 64);
            __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), qw, qx);
            __m512 v = _mm512_add_ps(_mm512_cvtepi32_ps(dot), _mm512_loadu_ps(in.b.data() + size_t(p) * 16));
            __m512 sw = _mm512_permutexvar_ps(scaleIndex, _mm512_castps128_ps512(_mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(ws + 2 * p)))));
            __m512 scale = _mm512_mul_ps(sw, _mm512_loadu_ps(in.a.data() + size_t(p) * 16));
            if (p & 1)
                acc1 = _mm512_fmadd_ps(v, scale, acc1);
            else
                acc0 = _mm512_fmadd_ps(v, scale, acc0);
        }
        float total = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
        if (groups % 2) {
            // The last, unpaired group: its half of the prepared pair, the other half is zero.
            const int p = pairs;
            __m512i qw;
            if constexpr (Q4) {
                __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + size_t(p) * 32));
                __m256i b = _mm256_castsi128_si256(bytes);
                __m256i lo = _mm256_and_si256(b, nibble);
                __m256i hi = _mm256_and_si256(_mm256_srli_epi16(b, 4), nibble);
                qw = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_zextsi128_si256(_mm256_castsi256_si128(lo))),
                                        _mm256_zextsi128_si256(_mm256_castsi256_si128(hi)), 1);
            } else {
                __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + size_t(p) * 64));
                qw = _mm512_xor_si512(_mm512_zextsi256_si512(bytes), flip);
            }
            __m512i qx = _mm512_loadu_si512(in.q.data() + size_t(p) * 64);
            __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), qw, qx);
            __m512 v = _mm512_add_ps(_mm512_cvtepi32_ps(dot), _mm512_loadu_ps(in.b.data() + size_t(p) * 16));
            __m512 scale = _mm512_mul_ps(_mm512_set1_ps(ws[2 * p]), _mm512_loadu_ps(in.a.data() + size_t(p) * 16));
            total += _mm512_reduce_add_ps(_mm512_mul_ps(v, scale));
        }
        y[o - begin] = total;
    }
}

RWKV_AVX512 void prepareAvx512(const Matrix& w, const float* x, PreparedInput& in)
{
    in.x = x;
    if (w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4)
        prepareInput(x, w.cols, w.format == WeightFormat::Q4, in);
}


RWKV_AVX512 void gemvAvx512(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    switch (w.format) {
    case WeightFormat::F32: gemvFloatRows<WeightFormat::F32>(w, in.x, y, begin, end); return;
    case WeightFormat::BF16: gemvFloatRows<WeightFormat::BF16>(w, in.x, y, begin, end); return;
    case WeightFormat::F16: gemvFloatRows<WeightFormat::F16>(w, in.x, y, begin, end); return;
    case WeightFormat::Q8: gemvQuantizedRows<false>(w, in, y, begin, end); return;
    case WeightFormat::Q4: gemvQuantizedRows<true>(w, in, y, begin, end); return;
    }
}

RWKV_AVX512 void expandRowsAvx512(const Matrix& w, int begin, int n, float* dst)
{
    const int K = w.cols;
    const size_t rb = w.rowBytes();
    for (int r = 0; r < n; ++r) {
        const auto* row = static_cast<const uint8_t*>(w.data) + size_t(begin + r) * rb;
        float* d = dst + size_t(r) * K;
        if (w.format == WeightFormat::BF16 || w.format == WeightFormat::F16) {
            const auto* p = reinterpret_cast<const uint16_t*>(row);
            const bool bf = w.format == WeightFormat::BF16;
            int i = 0;
            for (; i + 16 <= K; i += 16)
                _mm512_storeu_ps(d + i, bf ? loadBf16(p + i) : loadF16(p + i));
            for (; i < K; ++i)
                d[i] = bf ? bf16ToFloat(p[i]) : f16ToFloat(p[i]);
        } else if (w.format == WeightFormat::Q8) {
            const float* s = w.scales + size_t(begin + r) * size_t(K / kQuantGroup);
            for (int g = 0; g < K / kQuantGroup; ++g) {
                __m512 scale = _mm512_set1_ps(s[g]);
                for (int h = 0; h < 2; ++h) {
                    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + g * 32 + h * 16));
                    _mm512_storeu_ps(d + g * 32 + h * 16, _mm512_mul_ps(scale, _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(b))));
                }
            }
        } else if (w.format == WeightFormat::Q4) {
            const float* s = w.scales + size_t(begin + r) * size_t(K / kQuantGroup);
            const __m128i nibble = _mm_set1_epi8(0x0f);
            const __m512i eight = _mm512_set1_epi32(8);
            for (int g = 0; g < K / kQuantGroup; ++g) {
                __m512 scale = _mm512_set1_ps(s[g]);
                __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + g * 16));
                __m128i lo = _mm_and_si128(b, nibble);
                __m128i hi = _mm_and_si128(_mm_srli_epi16(b, 4), nibble);
                _mm512_storeu_ps(d + g * 32, _mm512_mul_ps(scale, _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_cvtepu8_epi32(lo), eight))));
                _mm512_storeu_ps(d + g * 32 + 16, _mm512_mul_ps(scale, _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_cvtepu8_epi32(hi), eight))));
            }
        } else {
            std::memcpy(d, row, size_t(K) * 4);
        }
    }
}

// Outer-product tile: 32 weight rows (two registers) × TT tokens; each k step loads the 32
// weights once and broadcasts one input per token, so no horizontal sums are needed.
template <int TT>
RWKV_AVX512 void gemmTile(const float* panel, int K, const float* x, float* y, int ldy, __mmask16 m0, __mmask16 m1)
{
    // The accumulators start from the first k step's products, not from zero: zeroing the arrays
    // became a memset on the stack (rep stos) that cost 5 % of the tile.
    __m512 acc0[TT], acc1[TT];
    {
        __m512 w0 = _mm512_load_ps(panel), w1 = _mm512_load_ps(panel + 16);
        for (int j = 0; j < TT; ++j) {
            __m512 xb = _mm512_set1_ps(x[size_t(j) * K]);
            acc0[j] = _mm512_mul_ps(w0, xb);
            acc1[j] = _mm512_mul_ps(w1, xb);
        }
    }
    for (int k = 1; k < K; ++k) {
        __m512 w0 = _mm512_load_ps(panel + size_t(k) * 32), w1 = _mm512_load_ps(panel + size_t(k) * 32 + 16);
        for (int j = 0; j < TT; ++j) {
            __m512 xb = _mm512_set1_ps(x[size_t(j) * K + k]);
            acc0[j] = _mm512_fmadd_ps(w0, xb, acc0[j]);
            acc1[j] = _mm512_fmadd_ps(w1, xb, acc1[j]);
        }
    }
    for (int j = 0; j < TT; ++j) {
        _mm512_mask_storeu_ps(y + size_t(j) * ldy, m0, acc0[j]);
        _mm512_mask_storeu_ps(y + size_t(j) * ldy + 16, m1, acc1[j]);
    }
}

template <int... TT>
RWKV_AVX512 void gemmTileOf(int tt, const float* panel, int K, const float* x, float* y, int ldy, __mmask16 m0,
                            __mmask16 m1, std::integer_sequence<int, TT...>)
{
    ((tt == TT + 1 ? gemmTile<TT + 1>(panel, K, x, y, ldy, m0, m1) : void()), ...);
}

// One float-format row's 16 values from column k on, as float32.
template <WeightFormat F>
RWKV_AVX512 inline __m512 loadRow16(const uint8_t* row, int k)
{
    if constexpr (F == WeightFormat::BF16)
        return loadBf16(reinterpret_cast<const uint16_t*>(row) + k);
    else if constexpr (F == WeightFormat::F16)
        return loadF16(reinterpret_cast<const uint16_t*>(row) + k);
    else
        return _mm512_loadu_ps(reinterpret_cast<const float*>(row) + k);
}

// panel[k][r] = w[r0 + r][k] as float32 for r < 32 (rows past `rows` are zero): each 16 × 16
// square is widened from the stored format and transposed in registers, so 16-bit weights reach
// the panel without a float32 copy of the rows in between.
template <WeightFormat F>
RWKV_AVX512 void packPanel(const Matrix& w, int r0, int rows, float* panel)
{
    const int K = w.cols;
    const int K16 = K & ~15;
    const size_t rb = w.rowBytes();
    const auto* base = static_cast<const uint8_t*>(w.data) + size_t(r0) * rb;
    for (int half = 0; half < 2; ++half) {
        const int first = half * 16;
        for (int k = 0; k < K16; k += 16) {
            __m512 r[16];
            for (int i = 0; i < 16; ++i)
                r[i] = first + i < rows ? loadRow16<F>(base + size_t(first + i) * rb, k) : _mm512_setzero_ps();
            transpose16(r);
            for (int i = 0; i < 16; ++i)
                _mm512_store_ps(panel + size_t(k + i) * 32 + first, r[i]);
        }
        for (int k = K16; k < K; ++k)
            for (int i = 0; i < 16; ++i)
                panel[size_t(k) * 32 + size_t(first + i)] = first + i < rows ? storedValue<F>(base + size_t(first + i) * rb, k) : 0.0f;
    }
}

// Rows are repacked k-major ([K][32], zero-padded) so each k step reads 32 weights in two
// aligned loads; then tiles of up to 12 tokens run over the panel while it stays in L1/L2.
template <WeightFormat F>
RWKV_AVX512 void gemmRows(const Matrix& w, int r0, int n, const float* x, int T, float* y, int ldy)
{
    constexpr int kRows = 32, kTokens = 12;
    const int K = w.cols;
    thread_local std::vector<float> panelStore;
    panelStore.resize(size_t(K) * kRows + 16);
    float* panel = panelStore.data() + ((16 - (reinterpret_cast<uintptr_t>(panelStore.data()) / 4) % 16) % 16);
    for (int b = 0; b < n; b += kRows) {
        const int rows = std::min(kRows, n - b);
        packPanel<F>(w, r0 + b, rows, panel);
        const __mmask16 m0 = __mmask16(rows >= 16 ? 0xffff : (1u << rows) - 1);
        const __mmask16 m1 = __mmask16(rows <= 16 ? 0 : rows >= 32 ? 0xffff : (1u << (rows - 16)) - 1);
        for (int t = 0; t < T; t += kTokens) {
            const int tt = std::min(kTokens, T - t);
            gemmTileOf(tt, panel, K, x + size_t(t) * K, y + size_t(t) * ldy + b, ldy, m0, m1,
                       std::make_integer_sequence<int, kTokens>{});
        }
    }
}

RWKV_AVX512 void gemmAvx512(const float* w, int n, const float* x, int T, int K, float* y, int ldy)
{
    Matrix rows;
    rows.rows = n;
    rows.cols = K;
    rows.data = w;
    gemmRows<WeightFormat::F32>(rows, 0, n, x, T, y, ldy);
}

RWKV_AVX512 void gemmStoredAvx512(const Matrix& w, int r0, int n, const float* x, int T, float* y, int ldy)
{
    switch (w.format) {
    case WeightFormat::F32: gemmRows<WeightFormat::F32>(w, r0, n, x, T, y, ldy); return;
    case WeightFormat::F16: gemmRows<WeightFormat::F16>(w, r0, n, x, T, y, ldy); return;
    case WeightFormat::BF16: gemmRows<WeightFormat::BF16>(w, r0, n, x, T, y, ldy); return;
    case WeightFormat::Q8:
    case WeightFormat::Q4: break; // not a float format: the caller expands these
    }
}

// e^x to about 2 ulp (Cephes' polynomial after splitting off n·ln 2, then VSCALEFPS); 0 below -87.3.
RWKV_AVX512 inline __m512 exp16(__m512 x)
{
    const __m512 lo = _mm512_set1_ps(-87.33654f);
    __mmask16 keep = _mm512_cmp_ps_mask(x, lo, _CMP_GE_OQ);
    x = _mm512_min_ps(_mm512_max_ps(x, lo), _mm512_set1_ps(88.72f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    __m512 e = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    return _mm512_maskz_mov_ps(keep, _mm512_scalef_ps(e, n));
}

template <class Op>
RWKV_AVX512 inline void mapInPlace(float* x, size_t n, Op op)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(x + i, op(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 m = __mmask16((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(x + i, m, op(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

RWKV_AVX512 void expAvx512(float* x, size_t n)
{
    mapInPlace(x, n, [](__m512 v) RWKV_AVX512 { return exp16(v); });
}

RWKV_AVX512 void sigmoidAvx512(float* x, size_t n)
{
    const __m512 one = _mm512_set1_ps(1.0f);
    mapInPlace(x, n, [one](__m512 v) RWKV_AVX512 {
        return _mm512_div_ps(one, _mm512_add_ps(one, exp16(_mm512_sub_ps(_mm512_setzero_ps(), v))));
    });
}

RWKV_AVX512 void tanhAvx512(float* x, size_t n)
{
    const __m512 one = _mm512_set1_ps(1.0f), two = _mm512_set1_ps(2.0f);
    mapInPlace(x, n, [one, two](__m512 v) RWKV_AVX512 {
        return _mm512_sub_ps(one, _mm512_div_ps(two, _mm512_add_ps(exp16(_mm512_add_ps(v, v)), one)));
    });
}

} // namespace

// In kernels_avx512_int8.cpp.
void prepareTokensAvx512(const float* x, int T, int K, PreparedInput& in);
void gemmQuantizedAvx512(const Matrix& w, const PreparedInput& in, int T, int begin, int end, float* y, int ldy);
// In kernels_avx512_wkv.cpp.
void wkv7HeadAvx512(float* S, int N, const float* r, const float* w, const float* k, const float* v, const float* kk,
                    const float* b, float* y);
void wkv7HeadTokensAvx512(float* S, int N, int T, size_t stride, const float* r, const float* w, const float* k,
                          const float* v, const float* kk, const float* b, float* y);
// In kernels_avx512_batch.cpp.
void gemvTokensAvx512(const Matrix& w, const float* x, int T, float* y, size_t ldy, int begin, int end);

namespace {

const KernelTable kAvx512 = {"avx512",      prepareAvx512, gemvAvx512,    expandRowsAvx512, gemmAvx512,
                             gemmStoredAvx512, prepareTokensAvx512, gemmQuantizedAvx512,
                             expAvx512,     sigmoidAvx512, tanhAvx512,       wkv7HeadAvx512,
                             wkv7HeadTokensAvx512, gemvTokensAvx512};

} // namespace

const KernelTable* avx512Kernels()
{
    return &kAvx512;
}

} // namespace rwkv::cpu

#else

namespace rwkv::cpu {
const KernelTable* avx512Kernels()
{
    return nullptr;
}
} // namespace rwkv::cpu

#endif
