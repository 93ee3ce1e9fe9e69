#include "train/wkv7_backward.h"

#include "cpu/thread_pool.h"

#include <algorithm>
#include <cstring>

namespace rwkv::train {

namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RWKV_WKV_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define RWKV_WKV_CLONES
#endif

// Σ x[j] y[j] in 16 interleaved partial sums: one running sum is a chain the compiler must keep
// in order (we do not build with -ffast-math), so it would not vectorise; 16 lanes do.
template <class F>
[[gnu::always_inline]] inline F dot16(const F* __restrict x, const F* __restrict y, int n)
{
    F lane[16] = {};
    int j = 0;
    for (; j + 16 <= n; j += 16)
        for (int l = 0; l < 16; ++l)
            lane[l] += x[j + l] * y[j + l];
    F sum = 0;
    for (; j < n; ++j)
        sum += x[j] * y[j];
    for (int l = 0; l < 16; ++l)
        sum += lane[l];
    return sum;
}

// One token of one head: S (N×N) advances in place; y (may be null) receives S r.
template <class F>
[[gnu::always_inline]] inline void stepKernel(F* __restrict S, int N, const F* __restrict r, const F* __restrict w,
                                              const F* __restrict k, const F* __restrict v, const F* __restrict a,
                                              const F* __restrict b, F* __restrict y)
{
    for (int i = 0; i < N; ++i) {
        F* __restrict row = S + size_t(i) * N;
        const F sa = dot16(row, a, N);
        const F vi = v[i];
        for (int j = 0; j < N; ++j)
            row[j] = row[j] * w[j] + sa * b[j] + vi * k[j];
        if (y)
            y[i] = dot16(row, r, N);
    }
}

// One row p of tokenBackwardKernel's second pass. Its own function so that every pointer is a
// __restrict parameter: GCC ignores __restrict on local pointers, and without it the loop stays
// scalar for fear that the sums overlap the rows they read.
template <class F>
[[gnu::always_inline]] inline void accumulateRow(int N, const F* __restrict Gp, const F* __restrict prevRow,
                                                 const F* __restrict afterRow, const F* __restrict w,
                                                 const F* __restrict a, F gp, F vp, F sap, F dsap,
                                                 F* __restrict accR, F* __restrict accK, F* __restrict accB,
                                                 F* __restrict accW, F* __restrict accA, F* __restrict dSp)
{
    for (int q = 0; q < N; ++q) {
        accR[q] += afterRow[q] * gp;
        accK[q] += Gp[q] * vp;
        accB[q] += Gp[q] * sap;
        accW[q] += Gp[q] * prevRow[q];
        accA[q] += prevRow[q] * dsap;
        dSp[q] = Gp[q] * w[q] + dsap * a[q]; // dS_{t-1} = G diag(w) + dsa a^T
    }
}

// Scratch of one head's backward pass: G, sa, dsa and the five per-key sums, N or N×N each.
template <class F>
struct TokenScratch {
    std::vector<F> G, sa, dsa, accR, accK, accB, accW, accA;
    explicit TokenScratch(int N)
        : G(size_t(N) * N), sa(size_t(N)), dsa(size_t(N)), accR(size_t(N)), accK(size_t(N)), accB(size_t(N)),
          accW(size_t(N)), accA(size_t(N))
    {
    }
};

// The gradient through one token: given dS (at the state after it) and dy, adds to the token's
// input gradients (null: not wanted) and turns dS into the gradient at the state before it.
// Every loop runs along a row, so all of them vectorise (the pointers never alias: without
// __restrict the compiler would need more run-time overlap checks than it is willing to emit).
template <class F>
[[gnu::always_inline]] inline void tokenBackwardKernel(int N, const F* __restrict prev, const F* __restrict after,
                                                       const F* __restrict r, const F* __restrict w,
                                                       const F* __restrict k, const F* __restrict v,
                                                       const F* __restrict a, const F* __restrict b,
                                                       const F* __restrict g, F* __restrict dS, TokenScratch<F>& s,
                                                       F* dr, F* dw, F* dk, F* dv, F* da, F* db)
{
    F* __restrict G = s.G.data();
    for (int p = 0; p < N; ++p) {
        const F* __restrict prevRow = prev + size_t(p) * N;
        F* __restrict Gp = G + size_t(p) * N;
        const F* __restrict dSp = dS + size_t(p) * N;
        const F gp = g[p];
        for (int q = 0; q < N; ++q)
            Gp[q] = dSp[q] + gp * r[q]; // G = dS_t + dy r^T: everything the loss sees of S_t
        s.sa[p] = dot16(prevRow, a, N);
        s.dsa[p] = dot16(Gp, b, N);
        if (dv)
            dv[p] += dot16(Gp, k, N);
    }
    for (auto* acc : {&s.accR, &s.accK, &s.accB, &s.accW, &s.accA})
        std::fill(acc->begin(), acc->end(), F(0));
    F* __restrict accR = s.accR.data();
    F* __restrict accK = s.accK.data();
    F* __restrict accB = s.accB.data();
    F* __restrict accW = s.accW.data();
    F* __restrict accA = s.accA.data();
    for (int p = 0; p < N; ++p) {
        const F* __restrict Gp = G + size_t(p) * N;
        const F* __restrict prevRow = prev + size_t(p) * N;
        const F* __restrict afterRow = after + size_t(p) * N;
        F* __restrict dSp = dS + size_t(p) * N;
        const F gp = g[p], vp = v[p], sap = s.sa[p], dsap = s.dsa[p];
        accumulateRow(N, Gp, prevRow, afterRow, w, a, gp, vp, sap, dsap, accR, accK, accB, accW, accA, dSp);
    }
    for (int q = 0; q < N; ++q) {
        if (dr)
            dr[q] += accR[q];
        if (dk)
            dk[q] += accK[q];
        if (db)
            db[q] += accB[q];
        if (dw)
            dw[q] += accW[q];
        if (da)
            da[q] += accA[q];
    }
}

RWKV_WKV_CLONES void step(float* S, int N, const float* r, const float* w, const float* k, const float* v,
                          const float* a, const float* b, float* y)
{
    stepKernel(S, N, r, w, k, v, a, b, y);
}

RWKV_WKV_CLONES void step(double* S, int N, const double* r, const double* w, const double* k, const double* v,
                          const double* a, const double* b, double* y)
{
    stepKernel(S, N, r, w, k, v, a, b, y);
}

RWKV_WKV_CLONES void tokenBackward(int N, const float* prev, const float* after, const float* r, const float* w,
                                   const float* k, const float* v, const float* a, const float* b, const float* g,
                                   float* dS, TokenScratch<float>& s, float* dr, float* dw, float* dk, float* dv,
                                   float* da, float* db)
{
    tokenBackwardKernel(N, prev, after, r, w, k, v, a, b, g, dS, s, dr, dw, dk, dv, da, db);
}

RWKV_WKV_CLONES void tokenBackward(int N, const double* prev, const double* after, const double* r, const double* w,
                                   const double* k, const double* v, const double* a, const double* b, const double* g,
                                   double* dS, TokenScratch<double>& s, double* dr, double* dw, double* dk, double* dv,
                                   double* da, double* db)
{
    tokenBackwardKernel(N, prev, after, r, w, k, v, a, b, g, dS, s, dr, dw, dk, dv, da, db);
}

size_t chunks(int T)
{
    return size_t((T + kWkvChunk - 1) / kWkvChunk);
}

} // namespace

template <class F>
void wkv7Forward(const Wkv7Inputs<F>& in, const F* S0, F* y, std::vector<F>& checkpoints)
{
    const int N = in.N, H = in.H;
    const size_t NN = size_t(N) * N, D = size_t(H) * N;
    checkpoints.assign(chunks(in.T) * H * NN, F(0));
    ThreadPool::shared().parallelFor(size_t(H), 1, [&](size_t h0, size_t h1) {
        std::vector<F> S(NN);
        for (size_t h = h0; h < h1; ++h) {
            if (S0)
                std::copy(S0 + h * NN, S0 + (h + 1) * NN, S.begin());
            else
                std::fill(S.begin(), S.end(), F(0));
            for (int t = 0; t < in.T; ++t) {
                if (t % kWkvChunk == 0)
                    std::copy(S.begin(), S.end(), checkpoints.begin() + ptrdiff_t((size_t(t / kWkvChunk) * H + h) * NN));
                const size_t o = size_t(t) * D + h * N;
                step(S.data(), N, in.r + o, in.w + o, in.k + o, in.v + o, in.a + o, in.b + o, y + o);
            }
        }
    });
}

template <class F>
void wkv7Backward(const Wkv7Inputs<F>& in, const std::vector<F>& checkpoints, const F* dy, F* dr, F* dw, F* dk,
                  F* dv, F* da, F* db, F* dS0)
{
    const int N = in.N, H = in.H;
    const size_t NN = size_t(N) * N, D = size_t(H) * N;
    ThreadPool::shared().parallelFor(size_t(H), 1, [&](size_t h0, size_t h1) {
        // states[i] is the state before the chunk's token i; states[len] after its last token.
        std::vector<F> states(size_t(kWkvChunk + 1) * NN), dS(NN);
        TokenScratch<F> scratch(N);
        auto at = [](F* p, size_t o) { return p ? p + o : nullptr; };
        for (size_t h = h0; h < h1; ++h) {
            std::fill(dS.begin(), dS.end(), F(0));
            for (size_t c = chunks(in.T); c-- > 0;) {
                const int t0 = int(c) * kWkvChunk, len = std::min(kWkvChunk, in.T - t0);
                std::copy_n(checkpoints.begin() + ptrdiff_t((c * H + h) * NN), NN, states.begin());
                for (int i = 0; i < len; ++i) {
                    const size_t o = size_t(t0 + i) * D + h * N;
                    F* next = states.data() + size_t(i + 1) * NN;
                    std::copy_n(states.data() + size_t(i) * NN, NN, next);
                    step(next, N, in.r + o, in.w + o, in.k + o, in.v + o, in.a + o, in.b + o, static_cast<F*>(nullptr));
                }
                for (int i = len - 1; i >= 0; --i) {
                    const size_t o = size_t(t0 + i) * D + h * N;
                    tokenBackward(N, states.data() + size_t(i) * NN, states.data() + size_t(i + 1) * NN, in.r + o,
                                  in.w + o, in.k + o, in.v + o, in.a + o, in.b + o, dy + o, dS.data(), scratch,
                                  at(dr, o), at(dw, o), at(dk, o), at(dv, o), at(da, o), at(db, o));
                }
            }
            if (dS0)
                for (size_t e = 0; e < NN; ++e)
                    dS0[h * NN + e] += dS[e];
        }
    });
}

template void wkv7Forward<float>(const Wkv7Inputs<float>&, const float*, float*, std::vector<float>&);
template void wkv7Forward<double>(const Wkv7Inputs<double>&, const double*, double*, std::vector<double>&);
template void wkv7Backward<float>(const Wkv7Inputs<float>&, const std::vector<float>&, const float*, float*, float*,
                                  float*, float*, float*, float*, float*);
template void wkv7Backward<double>(const Wkv7Inputs<double>&, const std::vector<double>&, const double*, double*,
                                   double*, double*, double*, double*, double*, double*);

} // namespace rwkv::train
