// The CPU's inner loops, in one table chosen once at start by the processor's features (AVX-512
// with VNNI, else AVX2+FMA+F16C on x86-64; NEON on AArch64; otherwise portable scalar code).
// RWKV_CPU_KERNEL=scalar or =avx2 forces a smaller table; the tests run every table the processor
// can. Kernels only compute; threading is the caller's.
#pragma once

#include "core/dtype.h"
#include "cpu/weight_matrix.h"

#include <cstdint>
#include <vector>

namespace rwkv::cpu {

// Decoding with int8/q4 weights also quantizes the input vector, per group of 32, to int8 with
// a float scale (round half to even), so each group's dot product is exact integer arithmetic
// (every table does this identically; prefill expands weights to float32 instead).
// Quantizes x (cols a multiple of 32) into `q` and `scales`.
void quantizeInput(const float* x, int cols, int8_t* q, float* scales);

// The input of one matrix-vector product, prepared once and then read by every row range: x
// itself and whatever a table's kernels read instead (x quantized for int8/q4 weights, laid out
// for the table's instructions).
struct PreparedInput {
    const float* x = nullptr;
    std::vector<int8_t> q;
    std::vector<float> a, b;
};

struct KernelTable {
    const char* name;
    // Prepares x for products with w (any thread may then run gemv on it).
    void (*prepare)(const Matrix& w, const float* x, PreparedInput& in);
    // y[o - begin] = W[o] · x for rows o in [begin, end); int8/q4 rows use quantizeInput(x).
    void (*gemv)(const Matrix& w, const PreparedInput& in, float* y, int begin, int end);
    // Rows [begin, begin + n) of W as float32 into dst (n × cols).
    void (*expandRows)(const Matrix& w, int begin, int n, float* dst);
    // y[t * ldy + r] = W[r] · X[t] for r < n, t < T; W is n × K, X is T × K, both float32.
    void (*gemm)(const float* w, int n, const float* x, int T, int K, float* y, int ldy);
    // The same product over rows [r0, r0 + n) of w read in its stored float format (f32, f16 or
    // bf16), widened as the table packs them; null where a table has none (the caller then
    // expands the rows to float32 first).
    void (*gemmStored)(const Matrix& w, int r0, int n, const float* x, int T, float* y, int ldy);

    // Prefill with int8/q4 weights on integer instructions (null where a table has none: the
    // weights are then expanded to float32). prepareTokens quantizes T rows of x exactly as
    // quantizeInput does (q: T × K, a: scales T × K/32, b: group sums T × K/32);
    // gemmQuantized writes y[t * ldy + r] = W[r] · x[t] for rows r in [begin, end).
    void (*prepareTokens)(const float* x, int T, int K, PreparedInput& in);
    void (*gemmQuantized)(const Matrix& w, const PreparedInput& in, int T, int begin, int end, float* y, int ldy);

    // Element-wise, in place over n floats: e^x (0 below -87.3), 1/(1+e^-x), tanh x.
    void (*exp)(float* x, size_t n);
    void (*sigmoid)(float* x, size_t n);
    void (*tanh)(float* x, size_t n);

    // One token of one RWKV-7 head (docs/RWKV.md "v7 time mix"), S is [value][key], N × N:
    //   sa_i = -S_i · kk;  S_i = S_i ∘ w + sa_i b + v_i k;  y_i = S_i · r
    // where kk is the normalised key and b = kk ∘ a.
    void (*wkv7Head)(float* S, int N, const float* r, const float* w, const float* k, const float* v,
                     const float* kk, const float* b, float* y);
    // The same for T tokens in order (prefill): token t's r, w, k, v and y lie at t * stride, its
    // kk and b at t * N. Null where a table has none (callers then run wkv7Head per token).
    void (*wkv7HeadTokens)(float* S, int N, int T, size_t stride, const float* r, const float* w, const float* k,
                           const float* v, const float* kk, const float* b, float* y);

    // Batched decoding with float-format (f32, f16, bf16) weights: y[t * ldy + o - begin] =
    // W[o] · x[t] for rows o in [begin, end) and t < T (x is T × cols), each weight loaded once for
    // all T tokens. Row o's sum for token t runs in one order whatever T is. Null where a table has
    // none (callers then run gemv per token).
    void (*gemvTokens)(const Matrix& w, const float* x, int T, float* y, size_t ldy, int begin, int end);
};

// Scalar pieces that SIMD tables use for sizes their vector code does not cover: the tail of a
// float-format (f32, f16, bf16) row from column `from` on, and the WKV-7 head update.
float dotTailScalar(const Matrix& w, const uint8_t* row, const float* x, int from);
// Column k of a row stored as F (f32, f16 or bf16), as float32: the scalar edge of packing loops.
template <WeightFormat F>
inline float storedValue(const uint8_t* row, int k)
{
    if constexpr (F == WeightFormat::BF16)
        return bf16ToFloat(reinterpret_cast<const uint16_t*>(row)[k]);
    else if constexpr (F == WeightFormat::F16)
        return f16ToFloat(reinterpret_cast<const uint16_t*>(row)[k]);
    else
        return reinterpret_cast<const float*>(row)[k];
}
void wkv7HeadScalar(float* S, int N, const float* r, const float* w, const float* k, const float* v, const float* kk,
                    const float* b, float* y);

const KernelTable& kernels();
// Selects a table by name ("scalar", "avx2", "avx512", "neon", or "auto" for the best this
// processor runs); returns false if this processor cannot run it.
bool selectKernels(const char* name);

const KernelTable& scalarKernels();
const KernelTable* avx2Kernels();   // nullptr when not compiled in
const KernelTable* avx512Kernels(); // nullptr when not compiled in
const KernelTable* neonKernels();   // nullptr when not compiled in (anything but AArch64)
// Whether the neon table's int8/q4 decoding uses the dot-product instructions (sdot), which
// the processor reports; false where the table is not compiled in.
bool neonHasDotProd();

} // namespace rwkv::cpu
