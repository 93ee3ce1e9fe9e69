// The dense steps of training, forward and backward, on plain row-major arrays of F (float or
// double): matrix products, layer/group norm, the low-rank paths' activations. Matrices are
// row-major; T is the number of tokens (rows of activations).
#pragma once

#include "cpu/weight_matrix.h"

#include <cstddef>
#include <vector>

namespace rwkv::train {

// C[M, N] (+)= op(A) · op(B), op(A) [M, K], op(B) [K, N]. transA: A is stored [K, M];
// transB: B is stored [N, K]. Rows of C run on the shared thread pool.
template <class F>
void gemm(bool transA, bool transB, int M, int N, int K, const F* A, const F* B, F* C, bool accumulate);

// y[T, out] = x[T, in] · W^T for a checkpoint matrix W [out, in] (the usual "W x" per token).
// In float it is the inference engine's prefill product (cpu::matmul).
template <class F>
void linear(const F* W, int out, int in, const F* x, int T, F* y);
// dx[T, in] += dy[T, out] · W. In float W is transposed once per call into a scratch buffer and
// multiplied by the prefill product: the transpose is O(out·in), the product O(T·out·in).
template <class F>
void linearBackInput(const F* W, int out, int in, const F* dy, int T, F* dx);
// The same two products for a matrix in any compute format (a frozen packed weight): y = x W^T is
// the prefill product itself; dx += dy W expands blocks of W's rows to float32 and multiplies by
// their transpose, so memory stays bounded for a vocabulary-sized head.
void linear(const Matrix& W, const float* x, int T, float* y);
void linearBackInput(const Matrix& W, const float* dy, int T, float* dx);
// The products of a model matrix held either as F values (W, [out, in]) or, when W is empty,
// packed (float training only): y = x W^T and dx += dy W.
template <class F>
void linear(const std::vector<F>& W, const Matrix& packed, int out, int in, const F* x, int T, F* y);
template <class F>
void linearBackInput(const std::vector<F>& W, const Matrix& packed, int out, int in, const F* dy, int T, F* dx);

// dW[out, in] += dy^T · x
template <class F>
void linearBackWeight(const F* dy, int out, const F* x, int in, int T, F* dW)
{
    gemm<F>(true, false, out, in, T, dy, x, dW, true);
}

// Layer norm of each of T rows of n; keeps each row's mean and 1/std for the backward pass.
template <class F>
void layerNormForward(const F* x, int T, int n, const F* w, const F* b, F eps, F* y, F* mean, F* rstd);
// dx += the gradient through the norm; dw, db (may be null) += the affine parameters' gradients.
template <class F>
void layerNormBackward(const F* x, const F* dy, int T, int n, const F* w, const F* mean, const F* rstd, F* dx,
                       F* dw, F* db);

// Group norm: each row of T is `groups` layer norms of n/groups values with one affine over n.
template <class F>
void groupNormForward(const F* x, int T, int n, int groups, const F* w, const F* b, F eps, F* y, F* mean, F* rstd);
template <class F>
void groupNormBackward(const F* x, const F* dy, int T, int n, int groups, const F* w, const F* mean,
                       const F* rstd, F* dx, F* dw, F* db);

// Token shift of training: prev of token 0 is zero (every sample starts from a fresh state).
// out[t] = x[t] + (x[t-1] - x[t]) ⊙ mu.
template <class F>
void shiftMix(const F* x, int T, int D, const F* mu, F* out);
// Gradients of shiftMix: dx += ..., dmu (may be null) += ...
template <class F>
void shiftMixBackward(const F* x, const F* dout, int T, int D, const F* mu, F* dx, F* dmu);

// Adds the gradient of vector `v` (length n) summed over T rows of dRows into dv (if not null).
template <class F>
void addRows(const F* dRows, int T, int n, F* dv);

} // namespace rwkv::train
