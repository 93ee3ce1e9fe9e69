#include "train/wkv7_backward.h"

#include "cpu/thread_pool.h"

#include <algorithm>
#include <cstring>

namespace rwkv::train {

namespace {

// One token of one head: S (N×N) advances in place; y (may be null) receives S r.
template <class F>
void step(F* S, int N, const F* r, const F* w, const F* k, const F* v, const F* a, const F* b, F* y)
{
    for (int i = 0; i < N; ++i) {
        F* row = S + size_t(i) * N;
        F sa = 0;
        for (int j = 0; j < N; ++j)
            sa += row[j] * a[j];
        F out = 0;
        for (int j = 0; j < N; ++j) {
            row[j] = row[j] * w[j] + sa * b[j] + v[i] * k[j];
            out += row[j] * r[j];
        }
        if (y)
            y[i] = out;
    }
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
        std::vector<F> states(size_t(kWkvChunk + 1) * NN), dS(NN), G(NN), sa(static_cast<size_t>(N)), dsa(static_cast<size_t>(N));
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
                    const F* prev = states.data() + size_t(i) * NN;
                    const F* after = states.data() + size_t(i + 1) * NN;
                    const F *r = in.r + o, *w = in.w + o, *k = in.k + o, *v = in.v + o, *a = in.a + o, *b = in.b + o;
                    const F* g = dy + o;
                    // G = dS_t + dy r^T: everything the loss sees of S_t.
                    for (int p = 0; p < N; ++p)
                        for (int q = 0; q < N; ++q)
                            G[size_t(p) * N + q] = dS[size_t(p) * N + q] + g[p] * r[q];
                    for (int p = 0; p < N; ++p) {
                        F s = 0;
                        for (int q = 0; q < N; ++q)
                            s += prev[size_t(p) * N + q] * a[q];
                        sa[p] = s;
                    }
                    for (int p = 0; p < N; ++p) {
                        const F* Gp = G.data() + size_t(p) * N;
                        F dvp = 0, dsap = 0;
                        for (int q = 0; q < N; ++q) {
                            dvp += Gp[q] * k[q];
                            dsap += Gp[q] * b[q];
                        }
                        if (dv)
                            dv[o + p] += dvp;
                        dsa[p] = dsap;
                    }
                    for (int q = 0; q < N; ++q) {
                        F drq = 0, dkq = 0, dbq = 0, dwq = 0, daq = 0;
                        for (int p = 0; p < N; ++p) {
                            const F Gpq = G[size_t(p) * N + q];
                            drq += after[size_t(p) * N + q] * g[p];
                            dkq += Gpq * v[p];
                            dbq += Gpq * sa[p];
                            dwq += Gpq * prev[size_t(p) * N + q];
                            daq += prev[size_t(p) * N + q] * dsa[p];
                        }
                        if (dr)
                            dr[o + q] += drq;
                        if (dk)
                            dk[o + q] += dkq;
                        if (db)
                            db[o + q] += dbq;
                        if (dw)
                            dw[o + q] += dwq;
                        if (da)
                            da[o + q] += daq;
                    }
                    // dS_{t-1} = G diag(w) + dsa a^T
                    for (int p = 0; p < N; ++p)
                        for (int q = 0; q < N; ++q)
                            dS[size_t(p) * N + q] = G[size_t(p) * N + q] * w[q] + dsa[p] * a[q];
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
