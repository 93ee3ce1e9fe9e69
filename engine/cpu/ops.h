// Float32 building blocks of the forward pass on the CPU. Decoding and prefill use different
// kernels (matrix-vector and matrix-matrix) whose sums run in different orders, so sequence mode
// and token-by-token mode agree to rounding, not bit for bit (tests bound the difference).
#pragma once

#include "cpu/weight_matrix.h"

#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace rwkv {

namespace cpu {

float dot(const float* a, const float* b, int n);

// Y[t, :] = W · X[t, :] for t < T. X is [T, W.cols], Y is [T, W.rows], W in any weight format.
// One token streams W once (decode is memory bound); many tokens expand blocks of W to float32
// and run a register-tiled product (prefill is compute bound), or, for int8/q4 weights where the
// kernel table has integer products, quantize the tokens as decoding does and multiply in
// integers. Uses the shared thread pool.
void matmul(const Matrix& w, const float* x, int T, float* y);

// Y_j = W_j · X_j for several products whose inputs are all ready. Decoding runs them as one
// parallel loop (one hand-out of work and one wait instead of one per matrix); prefill runs them
// one after another.
struct MatmulJob {
    const Matrix* w;
    const float* x;
    float* y;
};
void matmulGroup(std::span<const MatmulJob> jobs, int T);

// Like matmul for a few tokens of different sequences (batched decoding): the decoding kernel over
// fixed blocks of rows, every token while a block is in cache, so the weights are read once per
// call and row t's sums do not depend on T or on the other rows: a sequence gets the same numbers
// whether it decodes alone or beside others.
void matmulRowwise(const Matrix& w, const float* x, int T, float* y);
void matmulGroupRowwise(std::span<const MatmulJob> jobs, int T);

// Calls fn(first, last) over disjoint ranges covering tokens [0, T) on the shared pool: prefill's
// per-token steps (norms, token shift, gates) left on one thread kept the other cores waiting
// between the products for a sixth of the time. A few tokens (decoding) run inline.
void forTokens(int T, const std::function<void(int, int)>& fn);

// y = LN(x) * weight + bias over n elements (eps as given).
void layerNorm(const float* x, float* y, const float* weight, const float* bias, int n, float eps);

// Group norm of a D-vector split into `groups` equal groups, then per-channel weight and bias.
void groupNorm(const float* x, float* y, const float* weight, const float* bias, int d, int groups,
               float eps);

// x = max(x, 0)² in place (the FFN activation of every version).
void squaredRelu(float* x, size_t n);

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
inline float silu(float x) { return x / (1.0f + std::exp(-x)); }

} // namespace cpu
} // namespace rwkv
