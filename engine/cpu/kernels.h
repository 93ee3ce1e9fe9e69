// The CPU's inner loops, in one table chosen once at start by the processor's features (AVX2+FMA+
// F16C on x86-64, otherwise portable scalar code). RWKV_CPU_KERNEL=scalar forces the scalar table,
// which the tests also run. Kernels only compute; threading is the caller's.
#pragma once

#include "cpu/weight_matrix.h"

namespace rwkv::cpu {

// Decoding with int8/q4 weights also quantizes the input vector, per group of 32, to int8 with
// a float scale, so each group's dot product is exact integer arithmetic (both tables do this
// identically; prefill expands weights to float32 instead).
struct QuantizedInput {
    const int8_t* q = nullptr; // cols values
    const float* scales = nullptr; // cols / 32
};
// Quantizes x (cols a multiple of 32) into `q` and `scales`.
void quantizeInput(const float* x, int cols, int8_t* q, float* scales);

struct KernelTable {
    const char* name;
    // y[o - begin] = W[o] · x for rows o in [begin, end); int8/q4 rows use quantizeInput(x).
    void (*gemv)(const Matrix& w, const float* x, float* y, int begin, int end);
    // Rows [begin, begin + n) of W as float32 into dst (n × cols).
    void (*expandRows)(const Matrix& w, int begin, int n, float* dst);
    // y[t * ldy + r] = W[r] · X[t] for r < n, t < T; W is n × K, X is T × K, both float32.
    void (*gemm)(const float* w, int n, const float* x, int T, int K, float* y, int ldy);
};

const KernelTable& kernels();
// Selects a table by name ("scalar", "avx2"); returns false if this processor cannot run it.
bool selectKernels(const char* name);

const KernelTable& scalarKernels();
const KernelTable* avx2Kernels(); // nullptr when not compiled in

} // namespace rwkv::cpu
