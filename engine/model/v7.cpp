// RWKV-7 "Goose" (docs/RWKV.md "v7 time mix"). The state S of each head is [value][key].
#include "cpu/kernels.h"
#include "cpu/ops.h"
#include "cpu/thread_pool.h"
#include "model/mix_helpers.h"
#include "model/versions.h"

#include <cmath>
#include <cstring>

namespace rwkv {

namespace {

constexpr float kGroupNormEps = 64e-5f;

struct V7Layer {
    std::vector<float> xr, xw, xk, xv, xa, xg, w0, a0, v0, kk, ka, rk, lnxW, lnxB, ffnXk;
    Matrix w1, w2, a1, a2, v1, v2, g1, g2; // as [out, in]
    Matrix r, k, v, o, ffnK, ffnV;
};

// One head's per-token inputs to the state update, from its key k, in-context rate a and
// receptance r: the normalised key kk = norm(k ∘ k_k), b = kk ∘ a, k rescaled in place to
// k ∘ (1 + (a - 1) ∘ k_a); returns the bonus weight Σ r ∘ k ∘ r_k. `scratch` holds N floats.
// The pointers never alias (restrict), so the compiler vectorises the loops.
float headInputs(int N, float* __restrict k, const float* __restrict a, const float* __restrict r,
                 const float* __restrict kWeight, const float* __restrict kA, const float* __restrict rK,
                 float* __restrict kk, float* __restrict b, float* __restrict scratch)
{
    for (int j = 0; j < N; ++j)
        kk[j] = k[j] * kWeight[j];
    const float inv = 1.0f / std::max(std::sqrt(cpu::dot(kk, kk, N)), 1e-12f);
    for (int j = 0; j < N; ++j) {
        kk[j] *= inv;
        b[j] = kk[j] * a[j];
        k[j] = k[j] * (1.0f + (a[j] - 1.0f) * kA[j]);
        scratch[j] = r[j] * k[j];
    }
    return cpu::dot(scratch, rK, N);
}

// The layer states a mix updates: one for a chunk of one sequence (row t's shift input is row
// t - 1), or one per row in batched decoding.
struct Rows {
    std::span<float> one;
    std::span<const std::span<float>> each;
    bool batch() const { return !each.empty(); }
    float* state(int t) const { return batch() ? each[size_t(t)].data() : one.data(); }
    size_t size() const { return batch() ? each[0].size() : one.size(); }
};

class V7Model final : public ModelBase {
public:
    void build(WeightSource& w) override
    {
        buildFrame(w);
        const int D = info_.embd;
        const int H = info_.heads;
        const int N = info_.headSize;
        layers_.resize(size_t(info_.layers));
        for (int i = 0; i < info_.layers; ++i) {
            std::string p = "blocks." + std::to_string(i) + ".att.";
            V7Layer& L = layers_[size_t(i)];
            auto vec = [&](const char* n) { return w.vector(p + n, size_t(D)); };
            L.xr = vec("x_r"); L.xw = vec("x_w"); L.xk = vec("x_k"); L.xv = vec("x_v"); L.xa = vec("x_a"); L.xg = vec("x_g");
            L.w0 = vec("w0"); L.a0 = vec("a0"); L.kk = vec("k_k"); L.ka = vec("k_a");
            L.rk = w.vector(p + "r_k", size_t(H) * N);
            // Low-rank sizes differ per model and per matrix: read each from its shape.
            auto lowRank = [&](const char* a, const char* b, Matrix& first, Matrix& second) {
                int rank = int(w.shape(p + a).back());
                first = w.matrixFromInOut(p + a, D, rank);
                second = w.matrixFromInOut(p + b, rank, D);
            };
            lowRank("w1", "w2", L.w1, L.w2);
            lowRank("a1", "a2", L.a1, L.a2);
            lowRank("g1", "g2", L.g1, L.g2);
            if (i > 0) {
                L.v0 = vec("v0");
                lowRank("v1", "v2", L.v1, L.v2);
            }
            L.r = w.matrix(p + "receptance.weight", D, D);
            L.k = w.matrix(p + "key.weight", D, D);
            L.v = w.matrix(p + "value.weight", D, D);
            L.o = w.matrix(p + "output.weight", D, D);
            L.lnxW = w.vector(p + "ln_x.weight", size_t(D));
            L.lnxB = w.vector(p + "ln_x.bias", size_t(D));
            std::string f = "blocks." + std::to_string(i) + ".ffn.";
            L.ffnXk = w.vector(f + "x_k", size_t(D));
            L.ffnK = w.matrix(f + "key.weight", info_.ffnDim, D);
            L.ffnV = w.matrix(f + "value.weight", D, info_.ffnDim);
        }
    }

protected:
    void timeMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        timeMixRows(layer, xn, T, Rows{state, {}}, out, ws);
    }
    void channelMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const override
    {
        channelMixRows(layer, xn, T, Rows{state, {}}, out, ws);
    }
    bool hasBatchMixes() const override { return true; }
    void timeMixBatch(int layer, const float* xn, std::span<const std::span<float>> states, float* out,
                      Workspace& ws) const override
    {
        timeMixRows(layer, xn, int(states.size()), Rows{{}, states}, out, ws);
    }
    void channelMixBatch(int layer, const float* xn, std::span<const std::span<float>> states, float* out,
                         Workspace& ws) const override
    {
        channelMixRows(layer, xn, int(states.size()), Rows{{}, states}, out, ws);
    }

private:
    // Token shift for every mix into `mixes`, then the rows' shift inputs saved in their states
    // (`offset` floats into each layer state).
    void shift(const float* xn, int T, const Rows& rows, size_t offset, std::initializer_list<mix::ShiftMix> mixes,
               Workspace& ws) const
    {
        const int D = info_.embd;
        if (!rows.batch()) {
            mix::shiftAdd(xn, T, D, rows.one.data() + offset, mixes);
            std::memcpy(rows.one.data() + offset, xn + size_t(T - 1) * D, sizeof(float) * size_t(D));
            return;
        }
        float* prevRows = ws.scratch(15, size_t(T) * D);
        for (int t = 0; t < T; ++t)
            std::memcpy(prevRows + size_t(t) * D, rows.state(t) + offset, sizeof(float) * size_t(D));
        mix::shiftAddRows(xn, T, D, prevRows, mixes);
        for (int t = 0; t < T; ++t)
            std::memcpy(rows.state(t) + offset, xn + size_t(t) * D, sizeof(float) * size_t(D));
    }

    // Batched rows always use the row-wise products (a sequence's numbers must not depend on its
    // neighbours); a chunk of one sequence uses the fastest products for its length.
    static void products(std::span<const cpu::MatmulJob> jobs, int T, bool batch)
    {
        if (batch)
            cpu::matmulGroupRowwise(jobs, T);
        else
            cpu::matmulGroup(jobs, T);
    }

    void timeMixRows(int layer, const float* xn, int T, const Rows& rows, float* out, Workspace& ws) const
    {
        const V7Layer& L = layers_[size_t(layer)];
        const int D = info_.embd, H = info_.heads, N = info_.headSize;
        const size_t TD = size_t(T) * D;
        const bool batch = rows.batch();

        float* xr = ws.scratch(0, TD);
        float* xw = ws.scratch(1, TD);
        float* xk = ws.scratch(2, TD);
        float* xv = ws.scratch(3, TD);
        float* xa = ws.scratch(4, TD);
        float* xg = ws.scratch(5, TD);
        shift(xn, T, rows, 0,
              {{L.xr.data(), xr}, {L.xw.data(), xw}, {L.xk.data(), xk}, {L.xv.data(), xv}, {L.xa.data(), xa}, {L.xg.data(), xg}},
              ws);

        float* r = ws.scratch(6, TD);
        float* k = ws.scratch(7, TD);
        float* v = ws.scratch(8, TD);
        // The low-rank paths write into the mixed-input buffers once those are consumed.
        const cpu::KernelTable& kern = cpu::kernels();
        const size_t lowSize = size_t(T) * size_t(maxRank());
        float* lowW = ws.scratch(9, lowSize);
        float* lowA = ws.scratch(12, lowSize);
        float* lowG = ws.scratch(13, lowSize);
        float* lowV = ws.scratch(14, lowSize);
        const bool vResidual = layer > 0;
        const cpu::MatmulJob first[] = {{&L.r, xr, r},      {&L.k, xk, k},      {&L.v, xv, v},     {&L.w1, xw, lowW},
                                        {&L.a1, xa, lowA}, {&L.g1, xg, lowG}, {&L.v1, xv, lowV}};
        products(std::span(first).first(vResidual ? 7 : 6), T, batch); // layer 0 has no v1/v2
        cpu::forTokens(T, [&](int t0, int t1) {
            kern.tanh(lowW + size_t(t0) * L.w1.rows, size_t(t1 - t0) * L.w1.rows);
            kern.sigmoid(lowG + size_t(t0) * L.g1.rows, size_t(t1 - t0) * L.g1.rows);
        });
        float* wdec = xw; // w = exp(-e^-0.5 σ(w0 + tanh(xw w1) w2))
        float* a = xa;
        float* g = xg;
        float* gate = xk;
        const cpu::MatmulJob second[] = {{&L.w2, lowW, wdec}, {&L.a2, lowA, a}, {&L.g2, lowG, g}, {&L.v2, lowV, gate}};
        products(std::span(second).first(vResidual ? 4 : 3), T, batch);
        ws.vFirst.resize(TD);
        cpu::forTokens(T, [&](int t0, int t1) {
            const size_t begin = size_t(t0) * D, n = size_t(t1 - t0) * D;
            for (int t = t0; t < t1; ++t)
                for (int j = 0; j < D; ++j) {
                    wdec[size_t(t) * D + j] += L.w0[j];
                    a[size_t(t) * D + j] += L.a0[j];
                }
            kern.sigmoid(wdec + begin, n);
            for (size_t j = begin; j < begin + n; ++j)
                wdec[j] *= -0.606531f;
            kern.exp(wdec + begin, n);
            kern.sigmoid(a + begin, n);
            if (!vResidual) {
                std::memcpy(ws.vFirst.data() + begin, v + begin, sizeof(float) * n);
                return;
            }
            for (int t = t0; t < t1; ++t)
                for (int j = 0; j < D; ++j)
                    gate[size_t(t) * D + j] += L.v0[j];
            kern.sigmoid(gate + begin, n);
            for (size_t j = begin; j < begin + n; ++j)
                v[j] = v[j] + (ws.vFirst[j] - v[j]) * gate[j];
        });

        // Heads are independent: each thread takes whole heads through all T tokens in order.
        float* y = xr; // xr is consumed
        float* bonusAll = bonusScratch(ws, T, H);
        ThreadPool::shared().parallelFor(size_t(H), 1, [&](size_t hBegin, size_t hEnd) {
            // kk and b of every token of one head (they do not depend on the state).
            thread_local std::vector<float> kk, b, rk;
            kk.resize(size_t(T) * N);
            b.resize(size_t(T) * N);
            rk.resize(size_t(N));
            // Head-major: one head's N×N state stays in L1 while all T tokens pass through it.
            for (int h = int(hBegin); h < int(hEnd); ++h) {
                const size_t p = size_t(h) * N;
                for (int t = 0; t < T; ++t) {
                    const size_t o = size_t(t) * D + p;
                    // The bonus term is added after the group norm.
                    bonusAll[size_t(t) * H + h] = headInputs(N, k + o, a + o, r + o, L.kk.data() + p, L.ka.data() + p,
                                                             L.rk.data() + p, kk.data() + size_t(t) * N,
                                                             b.data() + size_t(t) * N, rk.data());
                }
                if (batch) { // each row advances its own sequence's state by one token
                    for (int t = 0; t < T; ++t) {
                        const size_t o = size_t(t) * D + p;
                        kern.wkv7Head(rows.state(t) + D + p * N, N, r + o, wdec + o, k + o, v + o,
                                      kk.data() + size_t(t) * N, b.data() + size_t(t) * N, y + o);
                    }
                    continue;
                }
                float* Sh = rows.one.data() + D + p * N;
                if (T > 2 && kern.wkv7HeadTokens) {
                    kern.wkv7HeadTokens(Sh, N, T, size_t(D), r + p, wdec + p, k + p, v + p, kk.data(), b.data(), y + p);
                    continue;
                }
                for (int t = 0; t < T; ++t) {
                    const size_t o = size_t(t) * D + p;
                    kern.wkv7Head(Sh, N, r + o, wdec + o, k + o, v + o, kk.data() + size_t(t) * N, b.data() + size_t(t) * N,
                                  y + o);
                }
            }
        });
        float* yn = xv; // xv is consumed
        const float* bonus = bonusScratch(ws, T, H);
        cpu::forTokens(T, [&](int t0, int t1) {
            for (int t = t0; t < t1; ++t) {
                const size_t row = size_t(t) * D;
                cpu::groupNorm(y + row, yn + row, L.lnxW.data(), L.lnxB.data(), D, H, kGroupNormEps);
                for (int h = 0; h < H; ++h)
                    for (int j = 0; j < N; ++j) {
                        size_t idx = row + size_t(h) * N + j;
                        yn[idx] = (yn[idx] + bonus[size_t(t) * H + h] * v[idx]) * g[idx];
                    }
            }
        });
        const cpu::MatmulJob output{&L.o, yn, out};
        products({&output, 1}, T, batch);
    }

    void channelMixRows(int layer, const float* xn, int T, const Rows& rows, float* out, Workspace& ws) const
    {
        const V7Layer& L = layers_[size_t(layer)];
        const int D = info_.embd;
        float* xk = ws.scratch(0, size_t(T) * D);
        shift(xn, T, rows, rows.size() - size_t(D), {mix::ShiftMix{L.ffnXk.data(), xk}}, ws);
        float* hidden = ws.scratch(1, size_t(T) * info_.ffnDim);
        const cpu::MatmulJob up{&L.ffnK, xk, hidden};
        products({&up, 1}, T, rows.batch());
        const size_t F = size_t(info_.ffnDim);
        cpu::forTokens(T, [&](int t0, int t1) { cpu::squaredRelu(hidden + size_t(t0) * F, size_t(t1 - t0) * F); });
        const cpu::MatmulJob down{&L.ffnV, hidden, out};
        products({&down, 1}, T, rows.batch());
    }

    int maxRank() const
    {
        int m = 1;
        for (const V7Layer& L : layers_)
            m = std::max({m, L.w1.rows, L.a1.rows, L.g1.rows, L.v1.rows});
        return m;
    }
    static float* bonusScratch(Workspace& ws, int T, int H) { return ws.scratch(10, size_t(T) * H); }

    std::vector<V7Layer> layers_;
};

} // namespace

std::unique_ptr<ModelBase> makeV7Model()
{
    return std::make_unique<V7Model>();
}

} // namespace rwkv
