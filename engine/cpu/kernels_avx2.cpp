// AVX2 + FMA + F16C kernels. Each function carries its own target attribute instead of the file
// being compiled with -mavx2, so no inline library code compiled for AVX2 can leak into the
// portable paths on processors without it.
#include "core/dtype.h"
#include "cpu/kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

// GCC warns about the vector ABI of lambdas inside target-attributed functions and about its own
// _mm512_undefined_* helpers; both are harmless here.
#pragma GCC diagnostic ignored "-Wpsabi"
#if !defined(__clang__) // clang has no such warning group and would warn about the pragma
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cstring>
#include <utility>
#include <vector>

#define RWKV_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace rwkv::cpu {

namespace {

RWKV_AVX2 inline float hsum(__m256 v)
{
    __m128 lo = _mm256_castps256_ps128(v);
    __m128 hi = _mm256_extractf128_ps(v, 1);
    lo = _mm_add_ps(lo, hi);
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
    return _mm_cvtss_f32(lo);
}

RWKV_AVX2 inline __m256 loadBf16(const uint16_t* p)
{
    __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
}

RWKV_AVX2 inline __m256 loadF16(const uint16_t* p)
{
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

RWKV_AVX2 inline __m256 loadI8(const int8_t* p)
{
    __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(b));
}

RWKV_AVX2 inline __m256 loadU8Minus8(__m128i bytes8)
{
    return _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_cvtepu8_epi32(bytes8), _mm256_set1_epi32(8)));
}

// Software prefetch this far ahead in a row (rows are adjacent, so past a row's end it reaches
// the next row's start): one linear stream, as in the AVX-512 table (kernels_avx512.cpp).
constexpr size_t kPrefetchAhead = 4096;

RWKV_AVX2 inline void prefetchAhead(const uint8_t* p)
{
    _mm_prefetch(reinterpret_cast<const char*>(p + kPrefetchAhead), _MM_HINT_T0);
}

RWKV_AVX2 float dotRow(const Matrix& w, int r, const float* x)
{
    const int K = w.cols;
    const auto* row = static_cast<const uint8_t*>(w.data) + size_t(r) * w.rowBytes();
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    int i = 0;
    switch (w.format) {
    case WeightFormat::F32: {
        const float* p = reinterpret_cast<const float*>(row);
        for (; i + 32 <= K; i += 32) {
            prefetchAhead(row + size_t(i) * 4);
            prefetchAhead(row + size_t(i) * 4 + 64);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(p + i), _mm256_loadu_ps(x + i), a0);
            a1 = _mm256_fmadd_ps(_mm256_loadu_ps(p + i + 8), _mm256_loadu_ps(x + i + 8), a1);
            a2 = _mm256_fmadd_ps(_mm256_loadu_ps(p + i + 16), _mm256_loadu_ps(x + i + 16), a2);
            a3 = _mm256_fmadd_ps(_mm256_loadu_ps(p + i + 24), _mm256_loadu_ps(x + i + 24), a3);
        }
        for (; i + 8 <= K; i += 8)
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(p + i), _mm256_loadu_ps(x + i), a0);
        break;
    }
    case WeightFormat::BF16:
    case WeightFormat::F16: {
        const uint16_t* p = reinterpret_cast<const uint16_t*>(row);
        const bool bf = w.format == WeightFormat::BF16;
        for (; i + 32 <= K; i += 32) {
            prefetchAhead(row + size_t(i) * 2);
            __m256 w0 = bf ? loadBf16(p + i) : loadF16(p + i);
            __m256 w1 = bf ? loadBf16(p + i + 8) : loadF16(p + i + 8);
            __m256 w2 = bf ? loadBf16(p + i + 16) : loadF16(p + i + 16);
            __m256 w3 = bf ? loadBf16(p + i + 24) : loadF16(p + i + 24);
            a0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + i), a0);
            a1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(x + i + 8), a1);
            a2 = _mm256_fmadd_ps(w2, _mm256_loadu_ps(x + i + 16), a2);
            a3 = _mm256_fmadd_ps(w3, _mm256_loadu_ps(x + i + 24), a3);
        }
        for (; i + 8 <= K; i += 8)
            a0 = _mm256_fmadd_ps(bf ? loadBf16(p + i) : loadF16(p + i), _mm256_loadu_ps(x + i), a0);
        break;
    }
    case WeightFormat::Q8: {
        const int8_t* p = reinterpret_cast<const int8_t*>(row);
        const float* s = w.scales + size_t(r) * size_t(K / kQuantGroup);
        for (int g = 0; g < K / kQuantGroup; ++g) {
            const int8_t* q = p + g * 32;
            const float* xg = x + g * 32;
            __m256 sum = _mm256_mul_ps(loadI8(q), _mm256_loadu_ps(xg));
            sum = _mm256_fmadd_ps(loadI8(q + 8), _mm256_loadu_ps(xg + 8), sum);
            sum = _mm256_fmadd_ps(loadI8(q + 16), _mm256_loadu_ps(xg + 16), sum);
            sum = _mm256_fmadd_ps(loadI8(q + 24), _mm256_loadu_ps(xg + 24), sum);
            if (g & 1)
                a1 = _mm256_fmadd_ps(sum, _mm256_set1_ps(s[g]), a1);
            else
                a0 = _mm256_fmadd_ps(sum, _mm256_set1_ps(s[g]), a0);
        }
        return hsum(_mm256_add_ps(a0, a1));
    }
    case WeightFormat::Q4: {
        const float* s = w.scales + size_t(r) * size_t(K / kQuantGroup);
        const __m128i mask = _mm_set1_epi8(0x0f);
        for (int g = 0; g < K / kQuantGroup; ++g) {
            __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + size_t(g) * 16));
            __m128i lo = _mm_and_si128(bytes, mask);
            __m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), mask);
            const float* xg = x + g * 32;
            __m256 sum = _mm256_mul_ps(loadU8Minus8(lo), _mm256_loadu_ps(xg));
            sum = _mm256_fmadd_ps(loadU8Minus8(_mm_srli_si128(lo, 8)), _mm256_loadu_ps(xg + 8), sum);
            sum = _mm256_fmadd_ps(loadU8Minus8(hi), _mm256_loadu_ps(xg + 16), sum);
            sum = _mm256_fmadd_ps(loadU8Minus8(_mm_srli_si128(hi, 8)), _mm256_loadu_ps(xg + 24), sum);
            if (g & 1)
                a1 = _mm256_fmadd_ps(sum, _mm256_set1_ps(s[g]), a1);
            else
                a0 = _mm256_fmadd_ps(sum, _mm256_set1_ps(s[g]), a0);
        }
        return hsum(_mm256_add_ps(a0, a1));
    }
    }
    float total = hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    return i < K ? total + dotTailScalar(w, row, x, i) : total;
}

// Σ over one row of sw_g · sx_g · (qw · qx), 32 products per group in three integer instructions.
RWKV_AVX2 float dotQuantizedRow(const Matrix& w, int r, const int8_t* xq, const float* xs)
{
    const int groups = w.cols / kQuantGroup;
    const auto* row = static_cast<const uint8_t*>(w.data) + size_t(r) * w.rowBytes();
    const float* ws = w.scales + size_t(r) * size_t(groups);
    const __m256i ones = _mm256_set1_epi16(1);
    const __m128i mask = _mm_set1_epi8(0x0f);
    const __m256i eight = _mm256_set1_epi8(8);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    const bool q8 = w.format == WeightFormat::Q8;
    for (int g = 0; g < groups; ++g) {
        if (g % (q8 ? 2 : 4) == 0)
            prefetchAhead(row + size_t(g) * (q8 ? 32 : 16));
        __m256i qw;
        if (q8) {
            qw = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + size_t(g) * 32));
        } else {
            __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + size_t(g) * 16));
            __m128i lo = _mm_and_si128(bytes, mask);
            __m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), mask);
            qw = _mm256_sub_epi8(_mm256_set_m128i(hi, lo), eight);
        }
        __m256i qx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xq + size_t(g) * 32));
        // maddubs multiplies unsigned by signed bytes: move w's sign onto x.
        __m256i p16 = _mm256_maddubs_epi16(_mm256_sign_epi8(qw, qw), _mm256_sign_epi8(qx, qw));
        __m256 p = _mm256_cvtepi32_ps(_mm256_madd_epi16(p16, ones));
        __m256 scale = _mm256_set1_ps(ws[g] * xs[g]);
        if (g & 1)
            acc1 = _mm256_fmadd_ps(p, scale, acc1);
        else
            acc0 = _mm256_fmadd_ps(p, scale, acc0);
    }
    return hsum(_mm256_add_ps(acc0, acc1));
}

RWKV_AVX2 void gemvAvx2(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    if (w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4) {
        for (int o = begin; o < end; ++o)
            y[o - begin] = dotQuantizedRow(w, o, in.q.data(), in.a.data());
        return;
    }
    for (int o = begin; o < end; ++o)
        y[o - begin] = dotRow(w, o, in.x);
}

RWKV_AVX2 void expandRowsAvx2(const Matrix& w, int begin, int n, float* dst)
{
    const int K = w.cols;
    if (w.format != WeightFormat::BF16 && w.format != WeightFormat::F16) {
        scalarKernels().expandRows(w, begin, n, dst);
        return;
    }
    const bool bf = w.format == WeightFormat::BF16;
    for (int r = 0; r < n; ++r) {
        const auto* p = reinterpret_cast<const uint16_t*>(static_cast<const uint8_t*>(w.data) + size_t(begin + r) * w.rowBytes());
        float* d = dst + size_t(r) * K;
        int i = 0;
        for (; i + 8 <= K; i += 8)
            _mm256_storeu_ps(d + i, bf ? loadBf16(p + i) : loadF16(p + i));
        for (; i < K; ++i)
            d[i] = bf ? bf16ToFloat(p[i]) : f16ToFloat(p[i]);
    }
}

// In-register transpose of 8 rows of 8 floats (r[i] holds row i; afterwards column i).
RWKV_AVX2 inline void transpose8(__m256 r[8])
{
    __m256 t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int i = 0; i < 4; ++i) {
        r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
    }
}

// Eight values of a stored float-format row from column k on, as float32.
template <WeightFormat F>
RWKV_AVX2 inline __m256 loadRow8(const uint8_t* row, int k)
{
    if constexpr (F == WeightFormat::BF16)
        return loadBf16(reinterpret_cast<const uint16_t*>(row) + k);
    else if constexpr (F == WeightFormat::F16)
        return loadF16(reinterpret_cast<const uint16_t*>(row) + k);
    else
        return _mm256_loadu_ps(reinterpret_cast<const float*>(row) + k);
}

// panel[k][r] = row r as float32, for r < 16 (rows past `rows` are zero): each 8 × 8 square is
// widened from the stored format and transposed in registers (no float32 copy of the rows).
template <WeightFormat F>
RWKV_AVX2 void packPanel16(const uint8_t* base, size_t rowBytes, int rows, int K, float* panel)
{
    const int K8 = K & ~7;
    for (int half = 0; half < 2; ++half) {
        const int first = half * 8;
        for (int k = 0; k < K8; k += 8) {
            __m256 r[8];
            for (int i = 0; i < 8; ++i)
                r[i] = first + i < rows ? loadRow8<F>(base + size_t(first + i) * rowBytes, k) : _mm256_setzero_ps();
            transpose8(r);
            for (int i = 0; i < 8; ++i)
                _mm256_store_ps(panel + size_t(k + i) * 16 + first, r[i]);
        }
        for (int k = K8; k < K; ++k)
            for (int i = 0; i < 8; ++i)
                panel[size_t(k) * 16 + size_t(first + i)] =
                    first + i < rows ? storedValue<F>(base + size_t(first + i) * rowBytes, k) : 0.0f;
    }
}

// Outer-product tile: 16 weight rows (two registers) × TT tokens; each k step loads the 16
// weights once and broadcasts one input per token, so no horizontal sums are needed. The
// accumulators start from the first k step's products.
template <int TT>
RWKV_AVX2 void gemmTile16(const float* panel, int K, const float* x, float* y, int ldy, int rows)
{
    __m256 acc0[TT], acc1[TT];
    {
        const __m256 w0 = _mm256_load_ps(panel), w1 = _mm256_load_ps(panel + 8);
        for (int j = 0; j < TT; ++j) {
            const __m256 xb = _mm256_set1_ps(x[size_t(j) * K]);
            acc0[j] = _mm256_mul_ps(w0, xb);
            acc1[j] = _mm256_mul_ps(w1, xb);
        }
    }
    for (int k = 1; k < K; ++k) {
        const __m256 w0 = _mm256_load_ps(panel + size_t(k) * 16), w1 = _mm256_load_ps(panel + size_t(k) * 16 + 8);
        for (int j = 0; j < TT; ++j) {
            const __m256 xb = _mm256_set1_ps(x[size_t(j) * K + k]);
            acc0[j] = _mm256_fmadd_ps(w0, xb, acc0[j]);
            acc1[j] = _mm256_fmadd_ps(w1, xb, acc1[j]);
        }
    }
    // Masked stores: rows past the block's end are not written.
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(rows), lane);
    const __m256i m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(rows - 8), lane);
    for (int j = 0; j < TT; ++j) {
        _mm256_maskstore_ps(y + size_t(j) * ldy, m0, acc0[j]);
        _mm256_maskstore_ps(y + size_t(j) * ldy + 8, m1, acc1[j]);
    }
}

template <int... TT>
RWKV_AVX2 void gemmTile16Of(int tt, const float* panel, int K, const float* x, float* y, int ldy, int rows,
                            std::integer_sequence<int, TT...>)
{
    ((tt == TT + 1 ? gemmTile16<TT + 1>(panel, K, x, y, ldy, rows) : void()), ...);
}

// Rows are repacked k-major ([K][16], zero-padded) so each k step reads 16 weights in two aligned
// loads; then tiles of up to 6 tokens (12 accumulators of the 16 registers) run over the panel.
// This replaced a 4 rows × 3 tokens dot-product tile (horizontal sums per output, a scalar pass
// for leftover tokens): the product reaches 90-93 % of the FMA peak instead of 75-88 %, prefill +17 %
// with this table (L12/D768 bf16 on Zen 5 with the AVX2 table forced, alternating builds). The
// tile broadcasts with set1, not _mm256_broadcast_ss: with the latter GCC kept the accumulators
// on the stack.
template <WeightFormat F>
RWKV_AVX2 void gemmRows(const uint8_t* base, size_t rowBytes, int n, const float* x, int T, int K, float* y, int ldy)
{
    constexpr int kRows = 16, kTokens = 6;
    thread_local std::vector<float> panelStore;
    panelStore.resize(size_t(K) * kRows + 8);
    float* panel = panelStore.data() + ((8 - (reinterpret_cast<uintptr_t>(panelStore.data()) / 4) % 8) % 8);
    for (int r0 = 0; r0 < n; r0 += kRows) {
        const int rows = std::min(kRows, n - r0);
        packPanel16<F>(base + size_t(r0) * rowBytes, rowBytes, rows, K, panel);
        for (int t = 0; t < T; t += kTokens)
            gemmTile16Of(std::min(kTokens, T - t), panel, K, x + size_t(t) * K, y + size_t(t) * ldy + r0, ldy, rows,
                         std::make_integer_sequence<int, kTokens>{});
    }
}

RWKV_AVX2 void gemmAvx2(const float* w, int n, const float* x, int T, int K, float* y, int ldy)
{
    gemmRows<WeightFormat::F32>(reinterpret_cast<const uint8_t*>(w), size_t(K) * sizeof(float), n, x, T, K, y, ldy);
}

RWKV_AVX2 void gemmStoredAvx2(const Matrix& w, int r0, int n, const float* x, int T, float* y, int ldy)
{
    const auto* base = static_cast<const uint8_t*>(w.data) + size_t(r0) * w.rowBytes();
    switch (w.format) {
    case WeightFormat::F32: gemmRows<WeightFormat::F32>(base, w.rowBytes(), n, x, T, w.cols, y, ldy); return;
    case WeightFormat::F16: gemmRows<WeightFormat::F16>(base, w.rowBytes(), n, x, T, w.cols, y, ldy); return;
    case WeightFormat::BF16: gemmRows<WeightFormat::BF16>(base, w.rowBytes(), n, x, T, w.cols, y, ldy); return;
    case WeightFormat::Q8:
    case WeightFormat::Q4: break; // not a float format: the caller expands these
    }
}

// e^x to about 2 ulp (Cephes' polynomial after splitting off n·ln 2); 0 below -87.3.
RWKV_AVX2 inline __m256 exp8(__m256 x)
{
    const __m256 lo = _mm256_set1_ps(-87.33654f);
    __m256 under = _mm256_cmp_ps(x, lo, _CMP_LT_OQ);
    x = _mm256_min_ps(_mm256_max_ps(x, lo), _mm256_set1_ps(88.3762626f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    __m256 e = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(under, _mm256_mul_ps(e, _mm256_castsi256_ps(bits)));
}

template <class Op>
RWKV_AVX2 inline void mapInPlace(float* x, size_t n, Op op)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, op(_mm256_loadu_ps(x + i)));
    if (i < n) {
        float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::memcpy(tail, x + i, (n - i) * sizeof(float));
        _mm256_storeu_ps(tail, op(_mm256_loadu_ps(tail)));
        std::memcpy(x + i, tail, (n - i) * sizeof(float));
    }
}

RWKV_AVX2 void expAvx2(float* x, size_t n)
{
    mapInPlace(x, n, [](__m256 v) RWKV_AVX2 { return exp8(v); });
}

RWKV_AVX2 void sigmoidAvx2(float* x, size_t n)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    mapInPlace(x, n, [one](__m256 v) RWKV_AVX2 {
        return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), v))));
    });
}

RWKV_AVX2 void tanhAvx2(float* x, size_t n)
{
    const __m256 one = _mm256_set1_ps(1.0f), two = _mm256_set1_ps(2.0f);
    mapInPlace(x, n, [one, two](__m256 v) RWKV_AVX2 {
        return _mm256_sub_ps(one, _mm256_div_ps(two, _mm256_add_ps(exp8(_mm256_add_ps(v, v)), one)));
    });
}

RWKV_AVX2 void wkv7HeadAvx2(float* S, int N, const float* r, const float* w, const float* k, const float* v,
                            const float* kk, const float* b, float* y)
{
    if (N % 8 != 0) {
        wkv7HeadScalar(S, N, r, w, k, v, kk, b, y);
        return;
    }
    for (int i = 0; i < N; ++i) {
        float* Si = S + size_t(i) * N;
        __m256 acc = _mm256_setzero_ps();
        for (int j = 0; j < N; j += 8)
            acc = _mm256_fmadd_ps(_mm256_loadu_ps(Si + j), _mm256_loadu_ps(kk + j), acc);
        const __m256 sa = _mm256_set1_ps(-hsum(acc));
        const __m256 vi = _mm256_set1_ps(v[i]);
        __m256 out = _mm256_setzero_ps();
        for (int j = 0; j < N; j += 8) {
            __m256 s = _mm256_mul_ps(_mm256_loadu_ps(Si + j), _mm256_loadu_ps(w + j));
            s = _mm256_fmadd_ps(sa, _mm256_loadu_ps(b + j), s);
            s = _mm256_fmadd_ps(vi, _mm256_loadu_ps(k + j), s);
            _mm256_storeu_ps(Si + j, s);
            out = _mm256_fmadd_ps(s, _mm256_loadu_ps(r + j), out);
        }
        y[i] = hsum(out);
    }
}

// Prefill's form of the head update, as in the AVX-512 table: on the state transposed to
// key-major order, sa and y are sums of whole vectors over the 64 values, with no horizontal sum
// per row. sa and v stay in L1 (16 registers hold only the eight y sums and the broadcasts).
RWKV_AVX2 void wkv7HeadTokensAvx2(float* S, int N, int T, size_t stride, const float* r, const float* w,
                                  const float* k, const float* v, const float* kk, const float* b, float* y)
{
    if (N != 64) {
        for (int t = 0; t < T; ++t) {
            const size_t o = size_t(t) * stride, p = size_t(t) * size_t(N);
            wkv7HeadAvx2(S, N, r + o, w + o, k + o, v + o, kk + p, b + p, y + o);
        }
        return;
    }
    alignas(32) float St[64 * 64];
    alignas(32) float sa[64];
    for (int i = 0; i < 64; ++i)
        for (int j = 0; j < 64; ++j)
            St[j * 64 + i] = S[i * 64 + j];
    for (int t = 0; t < T; ++t) {
        const size_t o = size_t(t) * stride;
        const float *rt = r + o, *wt = w + o, *kt = k + o, *vt = v + o;
        const float *kkt = kk + size_t(t) * 64, *bt = b + size_t(t) * 64;
        __m256 acc[8];
        for (int q = 0; q < 8; ++q)
            acc[q] = _mm256_setzero_ps();
        for (int j = 0; j < 64; ++j) {
            const __m256 c = _mm256_set1_ps(kkt[j]);
            for (int q = 0; q < 8; ++q)
                acc[q] = _mm256_fmadd_ps(_mm256_load_ps(St + j * 64 + 8 * q), c, acc[q]);
        }
        for (int q = 0; q < 8; ++q) {
            _mm256_store_ps(sa + 8 * q, _mm256_sub_ps(_mm256_setzero_ps(), acc[q]));
            acc[q] = _mm256_setzero_ps();
        }
        for (int j = 0; j < 64; ++j) {
            const __m256 wj = _mm256_set1_ps(wt[j]), bj = _mm256_set1_ps(bt[j]);
            const __m256 kj = _mm256_set1_ps(kt[j]), rj = _mm256_set1_ps(rt[j]);
            float* row = St + j * 64;
            for (int q = 0; q < 8; ++q) {
                const __m256 st = _mm256_fmadd_ps(_mm256_loadu_ps(vt + 8 * q), kj,
                                                  _mm256_fmadd_ps(_mm256_load_ps(sa + 8 * q), bj, _mm256_mul_ps(_mm256_load_ps(row + 8 * q), wj)));
                _mm256_store_ps(row + 8 * q, st);
                acc[q] = _mm256_fmadd_ps(st, rj, acc[q]);
            }
        }
        for (int q = 0; q < 8; ++q)
            _mm256_storeu_ps(y + o + 8 * q, acc[q]);
    }
    for (int i = 0; i < 64; ++i)
        for (int j = 0; j < 64; ++j)
            S[i * 64 + j] = St[j * 64 + i];
}

const KernelTable kAvx2 = {"avx2", scalarKernels().prepare, gemvAvx2, expandRowsAvx2, gemmAvx2, gemmStoredAvx2, nullptr, nullptr, expAvx2, sigmoidAvx2, tanhAvx2, wkv7HeadAvx2, wkv7HeadTokensAvx2, nullptr};

} // namespace

const KernelTable* avx2Kernels()
{
    return &kAvx2;
}

} // namespace rwkv::cpu

#else

namespace rwkv::cpu {
const KernelTable* avx2Kernels()
{
    return nullptr;
}
} // namespace rwkv::cpu

#endif
