#include "train/train_ops.h"

#include "cpu/ops.h"
#include "cpu/thread_pool.h"
#include "cpu/weight_matrix.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace rwkv::train {

namespace {

// The inner loops of gemm, compiled for AVX-512, AVX2 and plain x86-64 (picked at load time):
// rows [m0, m1) of C (+)= A B, four rows of A at a time so each row of B is read once per four.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RWKV_TRAIN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RWKV_TRAIN_CLONES
#endif

template <class F>
inline void rowsKernel(size_t m0, size_t m1, int N, int K, const F* A, const F* B, F* C, bool accumulate)
{
    if (!accumulate)
        std::fill(C + m0 * N, C + m1 * N, F(0));
    // A block of B's rows stays in cache while every row of C takes its share of it, so B is read
    // from memory once per call however many rows C has.
    constexpr int kBlock = 128;
    for (int k0 = 0; k0 < K; k0 += kBlock) {
        const int k1 = std::min(K, k0 + kBlock);
        for (size_t m = m0; m < m1; m += 4) {
            const size_t rows = std::min<size_t>(4, m1 - m);
            F* __restrict c0 = C + m * N;
            if (rows < 4) {
                for (size_t r = 0; r < rows; ++r)
                    for (int k = k0; k < k1; ++k) {
                        const F a = A[(m + r) * K + k];
                        const F* __restrict b = B + size_t(k) * N;
                        for (int n = 0; n < N; ++n)
                            c0[r * N + n] += a * b[n];
                    }
                continue;
            }
            F* __restrict c1 = c0 + N;
            F* __restrict c2 = c1 + N;
            F* __restrict c3 = c2 + N;
            for (int k = k0; k < k1; ++k) {
                const F* __restrict b = B + size_t(k) * N;
                const F a0 = A[m * K + k], a1 = A[(m + 1) * K + k], a2 = A[(m + 2) * K + k], a3 = A[(m + 3) * K + k];
                for (int n = 0; n < N; ++n) {
                    const F bn = b[n];
                    c0[n] += a0 * bn;
                    c1[n] += a1 * bn;
                    c2[n] += a2 * bn;
                    c3[n] += a3 * bn;
                }
            }
        }
    }
}

RWKV_TRAIN_CLONES void rows(size_t m0, size_t m1, int N, int K, const float* A, const float* B, float* C, bool acc)
{
    rowsKernel(m0, m1, N, K, A, B, C, acc);
}

RWKV_TRAIN_CLONES void rows(size_t m0, size_t m1, int N, int K, const double* A, const double* B, double* C, bool acc)
{
    rowsKernel(m0, m1, N, K, A, B, C, acc);
}

} // namespace

template <class F>
void gemm(bool transA, bool transB, int M, int N, int K, const F* A, const F* B, F* C, bool accumulate)
{
    // Both operands in the order the inner loop reads them: A as [M, K], B as [K, N]; the loop
    // then adds rows of B to rows of C, which vectorises.
    std::vector<F> At, Bt;
    if (transA) {
        At.resize(size_t(M) * K);
        for (int k = 0; k < K; ++k)
            for (int m = 0; m < M; ++m)
                At[size_t(m) * K + k] = A[size_t(k) * M + m];
        A = At.data();
    }
    if (transB) {
        Bt.resize(size_t(K) * N);
        for (int n = 0; n < N; ++n)
            for (int k = 0; k < K; ++k)
                Bt[size_t(k) * N + n] = B[size_t(n) * K + k];
        B = Bt.data();
    }
    // Pieces of whole 4-row blocks, at least ~64k multiply-adds each.
    const size_t perRow = size_t(std::max(1, N)) * size_t(std::max(1, K));
    const size_t grain = std::max<size_t>(1, (65536 / perRow + 3) / 4);
    ThreadPool::shared().parallelFor((size_t(M) + 3) / 4, grain, [&](size_t b0, size_t b1) {
        rows(b0 * 4, std::min(size_t(M), b1 * 4), N, K, A, B, C, accumulate);
    });
}

namespace {

Matrix borrowedFloats(const float* W, int out, int in)
{
    Matrix m;
    m.rows = out;
    m.cols = in;
    m.format = WeightFormat::F32;
    m.data = W; // borrowed: the training weights outlive the call
    return m;
}

} // namespace

void linear(const Matrix& W, const float* x, int T, float* y)
{
    cpu::matmul(W, x, T, y);
}

void linearBackInput(const Matrix& W, const float* dy, int T, float* dx)
{
    const int out = W.rows, in = W.cols;
    if (T < 4 && W.format == WeightFormat::F32) { // decoding-sized: not worth the transpose
        gemm<float>(false, false, T, in, out, dy, W.f32Row(0), dx, true);
        return;
    }
    // Blocks of about 4M weights (a multiple of 32 rows), expanded and transposed to [in, rows].
    const int block = std::min(out, std::max(32, int((size_t(1) << 22) / size_t(std::max(in, 1))) / 32 * 32));
    std::vector<float> expanded, Wt(size_t(block) * in), dyBlock, product(size_t(T) * in);
    for (int o0 = 0; o0 < out; o0 += block) {
        const int rows = std::min(block, out - o0);
        const float* src = nullptr;
        if (W.format == WeightFormat::F32) {
            src = W.f32Row(o0);
        } else {
            expanded.resize(size_t(rows) * in);
            ThreadPool::shared().parallelFor(size_t(rows), 8, [&](size_t r0, size_t r1) {
                W.rowsToFloats(o0 + int(r0), o0 + int(r1), expanded.data() + r0 * size_t(in));
            });
            src = expanded.data();
        }
        constexpr int kTile = 32;
        ThreadPool::shared().parallelFor(size_t((in + kTile - 1) / kTile), 1, [&](size_t b0, size_t b1) {
            for (size_t i0 = b0 * kTile; i0 < std::min(size_t(in), b1 * kTile); i0 += kTile)
                for (int o1 = 0; o1 < rows; o1 += kTile)
                    for (size_t i = i0; i < std::min(size_t(in), i0 + kTile); ++i)
                        for (int o = o1; o < std::min(rows, o1 + kTile); ++o)
                            Wt[i * size_t(rows) + size_t(o)] = src[size_t(o) * in + i];
        });
        const float* x = dy;
        if (rows != out) { // this block's columns of dy, as rows of their own
            dyBlock.resize(size_t(T) * rows);
            for (int t = 0; t < T; ++t)
                std::copy_n(dy + size_t(t) * out + o0, rows, dyBlock.data() + size_t(t) * rows);
            x = dyBlock.data();
        }
        cpu::matmul(borrowedFloats(Wt.data(), in, rows), x, T, product.data());
        for (size_t i = 0; i < product.size(); ++i)
            dx[i] += product[i];
    }
}

template <>
void linear<float>(const float* W, int out, int in, const float* x, int T, float* y)
{
    cpu::matmul(borrowedFloats(W, out, in), x, T, y);
}

template <>
void linear<double>(const double* W, int out, int in, const double* x, int T, double* y)
{
    gemm<double>(false, true, T, out, in, x, W, y, false);
}

template <>
void linearBackInput<float>(const float* W, int out, int in, const float* dy, int T, float* dx)
{
    linearBackInput(borrowedFloats(W, out, in), dy, T, dx);
}

template <>
void linearBackInput<double>(const double* W, int out, int in, const double* dy, int T, double* dx)
{
    gemm<double>(false, false, T, in, out, dy, W, dx, true);
}

template <class F>
void linear(const std::vector<F>& W, const Matrix& packed, int out, int in, const F* x, int T, F* y)
{
    if constexpr (std::is_same_v<F, float>)
        if (W.empty()) {
            linear(packed, x, T, y);
            return;
        }
    linear(W.data(), out, in, x, T, y);
}

template <class F>
void linearBackInput(const std::vector<F>& W, const Matrix& packed, int out, int in, const F* dy, int T, F* dx)
{
    if constexpr (std::is_same_v<F, float>)
        if (W.empty()) {
            linearBackInput(packed, dy, T, dx);
            return;
        }
    linearBackInput(W.data(), out, in, dy, T, dx);
}

template <class F>
void layerNormForward(const F* x, int T, int n, const F* w, const F* b, F eps, F* y, F* mean, F* rstd)
{
    groupNormForward(x, T, n, 1, w, b, eps, y, mean, rstd);
}

template <class F>
void layerNormBackward(const F* x, const F* dy, int T, int n, const F* w, const F* mean, const F* rstd, F* dx,
                       F* dw, F* db)
{
    groupNormBackward(x, dy, T, n, 1, w, mean, rstd, dx, dw, db);
}

template <class F>
void groupNormForward(const F* x, int T, int n, int groups, const F* w, const F* b, F eps, F* y, F* mean, F* rstd)
{
    const int g = n / groups;
    for (int t = 0; t < T; ++t)
        for (int h = 0; h < groups; ++h) {
            const size_t o = size_t(t) * n + size_t(h) * g;
            F mu = 0;
            for (int j = 0; j < g; ++j)
                mu += x[o + j];
            mu /= F(g);
            F var = 0;
            for (int j = 0; j < g; ++j)
                var += (x[o + j] - mu) * (x[o + j] - mu);
            var /= F(g);
            const F r = F(1) / std::sqrt(var + eps);
            mean[size_t(t) * groups + h] = mu;
            rstd[size_t(t) * groups + h] = r;
            for (int j = 0; j < g; ++j)
                y[o + j] = (x[o + j] - mu) * r * w[h * g + j] + b[h * g + j];
        }
}

template <class F>
void groupNormBackward(const F* x, const F* dy, int T, int n, int groups, const F* w, const F* mean,
                       const F* rstd, F* dx, F* dw, F* db)
{
    const int g = n / groups;
    std::vector<F> xhat(static_cast<size_t>(g)), dxhat(static_cast<size_t>(g));
    for (int t = 0; t < T; ++t)
        for (int h = 0; h < groups; ++h) {
            const size_t o = size_t(t) * n + size_t(h) * g;
            const F mu = mean[size_t(t) * groups + h], r = rstd[size_t(t) * groups + h];
            F sumD = 0, sumDX = 0;
            for (int j = 0; j < g; ++j) {
                xhat[j] = (x[o + j] - mu) * r;
                dxhat[j] = dy[o + j] * w[h * g + j];
                sumD += dxhat[j];
                sumDX += dxhat[j] * xhat[j];
                if (dw)
                    dw[h * g + j] += dy[o + j] * xhat[j];
                if (db)
                    db[h * g + j] += dy[o + j];
            }
            sumD /= F(g);
            sumDX /= F(g);
            for (int j = 0; j < g; ++j)
                dx[o + j] += r * (dxhat[j] - sumD - xhat[j] * sumDX);
        }
}

template <class F>
void shiftMix(const F* x, int T, int D, const F* mu, F* out)
{
    for (int t = 0; t < T; ++t)
        for (int j = 0; j < D; ++j) {
            const F cur = x[size_t(t) * D + j];
            const F prev = t > 0 ? x[size_t(t - 1) * D + j] : F(0);
            out[size_t(t) * D + j] = cur + (prev - cur) * mu[j];
        }
}

template <class F>
void shiftMixBackward(const F* x, const F* dout, int T, int D, const F* mu, F* dx, F* dmu)
{
    for (int t = 0; t < T; ++t)
        for (int j = 0; j < D; ++j) {
            const size_t i = size_t(t) * D + j;
            const F cur = x[i];
            const F prev = t > 0 ? x[i - D] : F(0);
            dx[i] += dout[i] * (F(1) - mu[j]);
            if (t > 0)
                dx[i - D] += dout[i] * mu[j];
            if (dmu)
                dmu[j] += dout[i] * (prev - cur);
        }
}

template <class F>
void addRows(const F* dRows, int T, int n, F* dv)
{
    if (!dv)
        return;
    for (int t = 0; t < T; ++t)
        for (int j = 0; j < n; ++j)
            dv[j] += dRows[size_t(t) * n + j];
}

#define RWKV_TRAIN_OPS(F)                                                                                      \
    template void linear<F>(const std::vector<F>&, const Matrix&, int, int, const F*, int, F*);                \
    template void linearBackInput<F>(const std::vector<F>&, const Matrix&, int, int, const F*, int, F*);       \
    template void gemm<F>(bool, bool, int, int, int, const F*, const F*, F*, bool);                            \
    template void layerNormForward<F>(const F*, int, int, const F*, const F*, F, F*, F*, F*);                  \
    template void layerNormBackward<F>(const F*, const F*, int, int, const F*, const F*, const F*, F*, F*, F*); \
    template void groupNormForward<F>(const F*, int, int, int, const F*, const F*, F, F*, F*, F*);             \
    template void groupNormBackward<F>(const F*, const F*, int, int, int, const F*, const F*, const F*, F*, F*, \
                                       F*);                                                                    \
    template void shiftMix<F>(const F*, int, int, const F*, F*);                                               \
    template void shiftMixBackward<F>(const F*, const F*, int, int, const F*, F*, F*);                         \
    template void addRows<F>(const F*, int, int, F*);
RWKV_TRAIN_OPS(float)
RWKV_TRAIN_OPS(double)
#undef RWKV_TRAIN_OPS

} // namespace rwkv::train
