// AArch64 Advanced SIMD (NEON) kernels: the table for ARM processors. Baseline armv8-a throughout;
// int8/q4 decoding uses the dot-product instructions (sdot) when the processor reports them
// (HWCAP_ASIMDDP) and widening multiplies otherwise. Only those functions carry a target
// attribute, so nothing compiled for armv8.2 can run on a processor without it.
#include "core/dtype.h"
#include "cpu/kernels.h"

#if defined(__aarch64__)
#include <arm_neon.h>
#if defined(__linux__)
#include <sys/auxv.h>
#endif

#include <cstring>

#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20) // Linux's bit for the dot-product instructions (asm/hwcap.h)
#endif

#if defined(__clang__)
#define RWKV_DOTPROD __attribute__((target("dotprod")))
#else
// GCC's arm_neon.h declares vdotq_s32 for armv8.2-a+dotprod; a caller must claim the same
// architecture (a bare "+dotprod" on armv8-a cannot inline it).
#define RWKV_DOTPROD __attribute__((target("arch=armv8.2-a+dotprod")))
#endif

namespace rwkv::cpu {

namespace {

bool cpuHasDotProd()
{
#if defined(__linux__)
    return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0;
#elif defined(__ARM_FEATURE_DOTPROD)
    return true;
#else
    return false;
#endif
}

// Read once: the hardware does not change under a running process.
const bool kHasDotProd = cpuHasDotProd();

inline float32x4_t loadF16(const uint16_t* p)
{
    return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(p)));
}

// bfloat16 is the high half of a float32: widen with a 16-bit shift, no conversion needed.
inline float32x4_t loadBf16(const uint16_t* p)
{
    return vreinterpretq_f32_u32(vshll_n_u16(vld1_u16(p), 16));
}

// One row of a float format (f32, f16, bf16) with the float input: four independent
// accumulators so the FMA latency is hidden.
template <WeightFormat F>
float dotFloatRow(const uint8_t* row, const float* x, int K)
{
    auto load = [row](int i) {
        if constexpr (F == WeightFormat::F32)
            return vld1q_f32(reinterpret_cast<const float*>(row) + i);
        else if constexpr (F == WeightFormat::F16)
            return loadF16(reinterpret_cast<const uint16_t*>(row) + i);
        else
            return loadBf16(reinterpret_cast<const uint16_t*>(row) + i);
    };
    float32x4_t a0 = vdupq_n_f32(0), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 16 <= K; i += 16) {
        a0 = vfmaq_f32(a0, load(i), vld1q_f32(x + i));
        a1 = vfmaq_f32(a1, load(i + 4), vld1q_f32(x + i + 4));
        a2 = vfmaq_f32(a2, load(i + 8), vld1q_f32(x + i + 8));
        a3 = vfmaq_f32(a3, load(i + 12), vld1q_f32(x + i + 12));
    }
    for (; i + 4 <= K; i += 4)
        a0 = vfmaq_f32(a0, load(i), vld1q_f32(x + i));
    return vaddvq_f32(vaddq_f32(vaddq_f32(a0, a1), vaddq_f32(a2, a3)));
}

float dotRow(const Matrix& w, int r, const float* x)
{
    const int K = w.cols;
    const auto* row = static_cast<const uint8_t*>(w.data) + size_t(r) * w.rowBytes();
    float total = 0;
    switch (w.format) {
    case WeightFormat::F32: total = dotFloatRow<WeightFormat::F32>(row, x, K); break;
    case WeightFormat::F16: total = dotFloatRow<WeightFormat::F16>(row, x, K); break;
    case WeightFormat::BF16: total = dotFloatRow<WeightFormat::BF16>(row, x, K); break;
    default: return 0; // int8/q4 go through dotQuantizedRow
    }
    const int done = K & ~3;
    return done < K ? total + dotTailScalar(w, row, x, done) : total;
}

// Weights of group g of a q8/q4 row as 32 signed bytes (lo: columns 0..15, hi: 16..31); q4's
// byte j holds column j in its low nibble and j + 16 in its high nibble (weight_matrix.h).
inline void loadGroup(WeightFormat f, const uint8_t* row, int g, int8x16_t& lo, int8x16_t& hi)
{
    if (f == WeightFormat::Q8) {
        lo = vld1q_s8(reinterpret_cast<const int8_t*>(row) + g * 32);
        hi = vld1q_s8(reinterpret_cast<const int8_t*>(row) + g * 32 + 16);
        return;
    }
    const uint8x16_t bytes = vld1q_u8(row + g * 16);
    const int8x16_t eight = vdupq_n_s8(8);
    lo = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(bytes, vdupq_n_u8(0x0f))), eight);
    hi = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(bytes, 4)), eight);
}

// acc + four 4-byte dot products (sdot).
RWKV_DOTPROD inline int32x4_t sdot(int32x4_t acc, int8x16_t a, int8x16_t b)
{
#if defined(__clang__) && !defined(__ARM_FEATURE_DOTPROD)
    // clang before 16 declares vdotq_s32 only when the whole file is compiled with dotprod; the
    // target attribute does let its assembler accept the instruction.
    __asm__("sdot %0.4s, %1.16b, %2.16b" : "+w"(acc) : "w"(a), "w"(b));
    return acc;
#else
    return vdotq_s32(acc, a, b);
#endif
}

// The integer products of one group as four partial sums (their total is the group's exact sum).
struct SdotGroupSum {
    RWKV_DOTPROD int32x4_t operator()(int8x16_t wlo, int8x16_t whi, const int8_t* xg) const
    {
        return sdot(sdot(vdupq_n_s32(0), wlo, vld1q_s8(xg)), whi, vld1q_s8(xg + 16));
    }
};

// Without sdot: 8×8→16-bit products (|w·x| ≤ 128·127 fits) added pairwise into 32 bits.
struct WideningGroupSum {
    int32x4_t operator()(int8x16_t wlo, int8x16_t whi, const int8_t* xg) const
    {
        const int8x16_t xlo = vld1q_s8(xg), xhi = vld1q_s8(xg + 16);
        int32x4_t s = vpaddlq_s16(vmull_s8(vget_low_s8(wlo), vget_low_s8(xlo)));
        s = vpadalq_s16(s, vmull_high_s8(wlo, xlo));
        s = vpadalq_s16(s, vmull_s8(vget_low_s8(whi), vget_low_s8(xhi)));
        return vpadalq_s16(s, vmull_high_s8(whi, xhi));
    }
};

// Σ_g sw_g · sx_g · (qw_g · qx) over one row. Four groups' integer sums are gathered into one
// vector (exact: |sum| ≤ 32·128·127 < 2^24) and scaled together; the group sums are the scalar
// table's, only the order of the float additions differs. Always inlined, so that the sdot
// instantiation is compiled inside its dot-product caller.
template <class GroupSum>
__attribute__((always_inline)) inline float dotQuantizedRow(const Matrix& w, int r, const int8_t* xq, const float* xs)
{
    const GroupSum groupSum;
    const int groups = w.cols / kQuantGroup;
    const auto* row = static_cast<const uint8_t*>(w.data) + size_t(r) * w.rowBytes();
    const float* ws = w.scales + size_t(r) * size_t(groups);
    int8x16_t lo[4], hi[4];
    float32x4_t acc = vdupq_n_f32(0);
    int g = 0;
    for (; g + 4 <= groups; g += 4) {
        for (int j = 0; j < 4; ++j)
            loadGroup(w.format, row, g + j, lo[j], hi[j]);
        const int32x4_t s01 = vpaddq_s32(groupSum(lo[0], hi[0], xq + g * 32), groupSum(lo[1], hi[1], xq + g * 32 + 32));
        const int32x4_t s23 = vpaddq_s32(groupSum(lo[2], hi[2], xq + g * 32 + 64), groupSum(lo[3], hi[3], xq + g * 32 + 96));
        const float32x4_t sums = vcvtq_f32_s32(vpaddq_s32(s01, s23));
        acc = vfmaq_f32(acc, sums, vmulq_f32(vld1q_f32(ws + g), vld1q_f32(xs + g)));
    }
    float total = vaddvq_f32(acc);
    for (; g < groups; ++g) {
        loadGroup(w.format, row, g, lo[0], hi[0]);
        total += float(vaddvq_s32(groupSum(lo[0], hi[0], xq + g * 32))) * (ws[g] * xs[g]);
    }
    return total;
}

RWKV_DOTPROD void gemvQuantizedDot(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    for (int o = begin; o < end; ++o)
        y[o - begin] = dotQuantizedRow<SdotGroupSum>(w, o, in.q.data(), in.a.data());
}

void gemvQuantizedWidening(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    for (int o = begin; o < end; ++o)
        y[o - begin] = dotQuantizedRow<WideningGroupSum>(w, o, in.q.data(), in.a.data());
}

void gemvNeon(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    if (w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4) {
        if (kHasDotProd)
            gemvQuantizedDot(w, in, y, begin, end);
        else
            gemvQuantizedWidening(w, in, y, begin, end);
        return;
    }
    for (int o = begin; o < end; ++o)
        y[o - begin] = dotRow(w, o, in.x);
}

// Conversions are exact (f16 and bf16 to float32, and scale · q as one rounding, as the scalar
// table computes it), so the expanded rows equal the scalar table's bit for bit.
void expandRowsNeon(const Matrix& w, int begin, int n, float* dst)
{
    const int K = w.cols;
    if (w.format == WeightFormat::F32) {
        scalarKernels().expandRows(w, begin, n, dst);
        return;
    }
    for (int r = 0; r < n; ++r) {
        const auto* row = static_cast<const uint8_t*>(w.data) + size_t(begin + r) * w.rowBytes();
        float* d = dst + size_t(r) * K;
        if (w.format == WeightFormat::F16 || w.format == WeightFormat::BF16) {
            const auto* p = reinterpret_cast<const uint16_t*>(row);
            const bool bf = w.format == WeightFormat::BF16;
            int i = 0;
            for (; i + 4 <= K; i += 4)
                vst1q_f32(d + i, bf ? loadBf16(p + i) : loadF16(p + i));
            for (; i < K; ++i)
                d[i] = bf ? bf16ToFloat(p[i]) : f16ToFloat(p[i]);
            continue;
        }
        const float* s = w.scales + size_t(begin + r) * size_t(K / kQuantGroup);
        for (int g = 0; g < K / kQuantGroup; ++g) {
            int8x16_t lo, hi;
            loadGroup(w.format, row, g, lo, hi);
            const float32x4_t scale = vdupq_n_f32(s[g]);
            const int8x16_t halves[2] = {lo, hi};
            for (int h = 0; h < 2; ++h) {
                const int16x8_t a = vmovl_s8(vget_low_s8(halves[h])), b = vmovl_high_s8(halves[h]);
                float* out = d + g * 32 + h * 16;
                vst1q_f32(out, vmulq_f32(scale, vcvtq_f32_s32(vmovl_s16(vget_low_s16(a)))));
                vst1q_f32(out + 4, vmulq_f32(scale, vcvtq_f32_s32(vmovl_high_s16(a))));
                vst1q_f32(out + 8, vmulq_f32(scale, vcvtq_f32_s32(vmovl_s16(vget_low_s16(b)))));
                vst1q_f32(out + 12, vmulq_f32(scale, vcvtq_f32_s32(vmovl_high_s16(b))));
            }
        }
    }
}

// A register tile of R weight rows × TT tokens: R·TT accumulators (16 of the 32 vector
// registers at 4×4), each loaded weight and input vector used TT and R times. The unroll pragmas
// keep the accumulators in registers (without them GCC leaves the small loops rolled, on the stack).
template <int R, int TT>
inline void gemmTile(const float* w, const float* x, int K, float* y, int ldy)
{
    float32x4_t acc[R][TT];
#pragma GCC unroll 4
    for (int i = 0; i < R; ++i)
#pragma GCC unroll 4
        for (int j = 0; j < TT; ++j)
            acc[i][j] = vdupq_n_f32(0);
    const int K4 = K & ~3;
    for (int k = 0; k < K4; k += 4) {
        float32x4_t b[TT];
#pragma GCC unroll 4
        for (int j = 0; j < TT; ++j)
            b[j] = vld1q_f32(x + size_t(j) * K + k);
#pragma GCC unroll 4
        for (int i = 0; i < R; ++i) {
            const float32x4_t a = vld1q_f32(w + size_t(i) * K + k);
#pragma GCC unroll 4
            for (int j = 0; j < TT; ++j)
                acc[i][j] = vfmaq_f32(acc[i][j], a, b[j]);
        }
    }
#pragma GCC unroll 4
    for (int i = 0; i < R; ++i)
#pragma GCC unroll 4
        for (int j = 0; j < TT; ++j) {
            float s = vaddvq_f32(acc[i][j]);
            for (int k = K4; k < K; ++k)
                s += w[size_t(i) * K + k] * x[size_t(j) * K + k];
            y[size_t(j) * ldy + i] = s;
        }
}

template <int TT>
void gemmTokens(const float* w, int n, const float* x, int K, float* y, int ldy)
{
    int r = 0;
    for (; r + 4 <= n; r += 4)
        gemmTile<4, TT>(w + size_t(r) * K, x, K, y + r, ldy);
    for (; r < n; ++r)
        gemmTile<1, TT>(w + size_t(r) * K, x, K, y + r, ldy);
}

void gemmNeon(const float* w, int n, const float* x, int T, int K, float* y, int ldy)
{
    int t = 0;
    for (; t + 4 <= T; t += 4)
        gemmTokens<4>(w, n, x + size_t(t) * K, K, y + size_t(t) * ldy, ldy);
    const float* xt = x + size_t(t) * K;
    float* yt = y + size_t(t) * ldy;
    switch (T - t) {
    case 3: gemmTokens<3>(w, n, xt, K, yt, ldy); break;
    case 2: gemmTokens<2>(w, n, xt, K, yt, ldy); break;
    case 1: gemmTokens<1>(w, n, xt, K, yt, ldy); break;
    default: break;
    }
}

// e^x to about 2 ulp (Cephes' polynomial after splitting off n·ln 2, as the AVX tables do); 0
// below -87.3.
inline float32x4_t exp4(float32x4_t x)
{
    const float32x4_t lo = vdupq_n_f32(-87.33654f);
    const uint32x4_t under = vcltq_f32(x, lo);
    x = vminq_f32(vmaxq_f32(x, lo), vdupq_n_f32(88.3762626f));
    const float32x4_t n = vrndnq_f32(vmulq_f32(x, vdupq_n_f32(1.44269504088896341f)));
    float32x4_t r = vfmsq_f32(x, n, vdupq_n_f32(0.693359375f));
    r = vfmsq_f32(r, n, vdupq_n_f32(-2.12194440e-4f));
    float32x4_t p = vdupq_n_f32(1.9875691500e-4f);
    p = vfmaq_f32(vdupq_n_f32(1.3981999507e-3f), p, r);
    p = vfmaq_f32(vdupq_n_f32(8.3334519073e-3f), p, r);
    p = vfmaq_f32(vdupq_n_f32(4.1665795894e-2f), p, r);
    p = vfmaq_f32(vdupq_n_f32(1.6666665459e-1f), p, r);
    p = vfmaq_f32(vdupq_n_f32(5.0000001201e-1f), p, r);
    const float32x4_t e = vfmaq_f32(vaddq_f32(r, vdupq_n_f32(1.0f)), p, vmulq_f32(r, r));
    const int32x4_t bits = vshlq_n_s32(vaddq_s32(vcvtq_s32_f32(n), vdupq_n_s32(127)), 23);
    const float32x4_t result = vmulq_f32(e, vreinterpretq_f32_s32(bits));
    return vreinterpretq_f32_u32(vbicq_u32(vreinterpretq_u32_f32(result), under));
}

template <class Op>
inline void mapInPlace(float* x, size_t n, Op op)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        vst1q_f32(x + i, op(vld1q_f32(x + i)));
    if (i < n) {
        float tail[4] = {0, 0, 0, 0};
        std::memcpy(tail, x + i, (n - i) * sizeof(float));
        vst1q_f32(tail, op(vld1q_f32(tail)));
        std::memcpy(x + i, tail, (n - i) * sizeof(float));
    }
}

void expNeon(float* x, size_t n)
{
    mapInPlace(x, n, [](float32x4_t v) { return exp4(v); });
}

void sigmoidNeon(float* x, size_t n)
{
    const float32x4_t one = vdupq_n_f32(1.0f);
    mapInPlace(x, n, [one](float32x4_t v) { return vdivq_f32(one, vaddq_f32(one, exp4(vnegq_f32(v)))); });
}

void tanhNeon(float* x, size_t n)
{
    const float32x4_t one = vdupq_n_f32(1.0f), two = vdupq_n_f32(2.0f);
    mapInPlace(x, n, [one, two](float32x4_t v) {
        return vsubq_f32(one, vdivq_f32(two, vaddq_f32(exp4(vaddq_f32(v, v)), one)));
    });
}

void wkv7HeadNeon(float* S, int N, const float* r, const float* w, const float* k, const float* v, const float* kk,
                  const float* b, float* y)
{
    if (N % 8 != 0) {
        wkv7HeadScalar(S, N, r, w, k, v, kk, b, y);
        return;
    }
    for (int i = 0; i < N; ++i) {
        float* Si = S + size_t(i) * N;
        float32x4_t acc0 = vdupq_n_f32(0), acc1 = acc0;
        for (int j = 0; j < N; j += 8) {
            acc0 = vfmaq_f32(acc0, vld1q_f32(Si + j), vld1q_f32(kk + j));
            acc1 = vfmaq_f32(acc1, vld1q_f32(Si + j + 4), vld1q_f32(kk + j + 4));
        }
        const float32x4_t sa = vdupq_n_f32(-vaddvq_f32(vaddq_f32(acc0, acc1)));
        const float32x4_t vi = vdupq_n_f32(v[i]);
        float32x4_t out0 = vdupq_n_f32(0), out1 = out0;
        for (int j = 0; j < N; j += 8) {
            for (int h = 0; h < 8; h += 4) {
                float32x4_t s = vmulq_f32(vld1q_f32(Si + j + h), vld1q_f32(w + j + h));
                s = vfmaq_f32(s, sa, vld1q_f32(b + j + h));
                s = vfmaq_f32(s, vi, vld1q_f32(k + j + h));
                vst1q_f32(Si + j + h, s);
                if (h == 0)
                    out0 = vfmaq_f32(out0, s, vld1q_f32(r + j));
                else
                    out1 = vfmaq_f32(out1, s, vld1q_f32(r + j + 4));
            }
        }
        y[i] = vaddvq_f32(vaddq_f32(out0, out1));
    }
}

// No integer prefill yet: int8/q4 prompts expand their weights to float32 for gemmNeon.
const KernelTable kNeon = {"neon", scalarKernels().prepare, gemvNeon, expandRowsNeon, gemmNeon, nullptr, nullptr, nullptr,
                           expNeon, sigmoidNeon, tanhNeon, wkv7HeadNeon, nullptr, nullptr};

} // namespace

const KernelTable* neonKernels()
{
    return &kNeon;
}

bool neonHasDotProd()
{
    return kHasDotProd;
}

} // namespace rwkv::cpu

#else

namespace rwkv::cpu {
const KernelTable* neonKernels()
{
    return nullptr;
}
bool neonHasDotProd()
{
    return false;
}
} // namespace rwkv::cpu

#endif
