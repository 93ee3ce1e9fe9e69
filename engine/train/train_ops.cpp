#include "train/train_ops.h"

#include "cpu/thread_pool.h"

#include <cmath>
#include <cstring>

namespace rwkv::train {

template <class F>
void gemm(bool transA, bool transB, int M, int N, int K, const F* A, const F* B, F* C, bool accumulate)
{
    // Both operands in the order the inner loop reads them: A as [M, K], B as [K, N]; the loop
    // then adds rows of B to a row of C, which vectorises.
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
    const size_t grain = std::max<size_t>(1, size_t(16384) / size_t(std::max(1, N * K / 64 + 1)));
    ThreadPool::shared().parallelFor(size_t(M), grain, [&](size_t m0, size_t m1) {
        for (size_t m = m0; m < m1; ++m) {
            F* __restrict c = C + m * N;
            if (!accumulate)
                std::fill(c, c + N, F(0));
            const F* a = A + m * K;
            for (int k = 0; k < K; ++k) {
                const F av = a[k];
                if (av == F(0))
                    continue;
                const F* __restrict b = B + size_t(k) * N;
                for (int n = 0; n < N; ++n)
                    c[n] += av * b[n];
            }
        }
    });
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
