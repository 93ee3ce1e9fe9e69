// The CPU's inner loops, in one table chosen once at start by the processor's features (AVX2+FMA+
// F16C on x86-64, otherwise portable scalar code). RWKV_CPU_KERNEL=scalar forces the scalar table,
// which the tests also run. Kernels only compute; threading is the caller's.
#pragma once

#include "cpu/weight_matrix.h"

namespace rwkv::cpu {

struct KernelTable {
    const char* name;
    // y[o - begin] = W[o] · x for rows o in [begin, end).
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
