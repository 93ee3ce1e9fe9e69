#include "train/v7_layer_pass.h"

#include "cpu/ops.h"
#include "train/train_ops.h"
#include "train/wkv7_backward.h"

#include <algorithm>
#include <cmath>

namespace rwkv::train {

namespace {

constexpr double kLayerNormEps = 1e-5;
constexpr double kGroupNormEps = 64e-5;
constexpr double kDecayScale = 0.606531; // exp(-0.5)

template <class F>
F* ptr(Vec<F>& v)
{
    return v.empty() ? nullptr : v.data();
}

template <class F>
F sigmoid(F x)
{
    return F(1) / (F(1) + std::exp(-x));
}

// fn(i) for every i in [0, T · width): tokens in blocks on the shared pool. The gates' exponentials
// over T × D values took about a tenth of a step on one thread while the others waited.
template <class Fn>
void eachElement(int T, size_t width, Fn&& fn)
{
    cpu::forTokens(T, [&](int first, int last) {
        for (size_t i = size_t(first) * width; i < size_t(last) * width; ++i)
            fn(i);
    });
}

// Where a LoRA sits, for its dropout mask.
enum LoraMatrix { kLoraR, kLoraK, kLoraV, kLoraO, kLoraFfnK, kLoraFfnV };
struct LoraSite {
    const LoraDropout& dropout;
    int layer;
    LoraMatrix matrix;
};

// The LoRA's input: x itself, or x with the site's dropout applied (in `buffer`).
template <class F>
const F* loraInput(const LoraSite& site, const F* x, int T, int in, std::vector<F>& buffer)
{
    if (!site.dropout.active())
        return x;
    buffer.resize(size_t(T) * in);
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < in; ++i)
            buffer[size_t(t) * in + i] = x[size_t(t) * in + i] * F(site.dropout.factor(site.layer, site.matrix, t, i));
    return buffer.data();
}

// y = W x (+ scale · B A x) per token; ax keeps A x for the backward pass.
template <class F>
void linearForward(const Vec<F>& W, const Matrix& packed, const LoraPair<F>& lora, const LoraSite& site, F scale,
                   int out, int in, const F* x, int T, F* y, Vec<F>& ax)
{
    linear(W, packed, out, in, x, T, y);
    if (!lora.active())
        return;
    const int r = int(lora.A.size() / size_t(in));
    ax.resize(size_t(T) * r);
    std::vector<F> dropped;
    linear(lora.A.data(), r, in, loraInput(site, x, T, in, dropped), T, ax.data());
    std::vector<F> delta(size_t(T) * out);
    linear(lora.B.data(), out, r, ax.data(), T, delta.data());
    for (size_t i = 0; i < delta.size(); ++i)
        y[i] += scale * delta[i];
}

// The gradients of linearForward: dx += ..., dW / dA / dB += ... when those tensors are wanted.
template <class F>
void linearBackward(const Vec<F>& W, const Matrix& packed, const LoraPair<F>& lora, const LoraSite& site, F scale,
                    int out, int in, const F* x, const Vec<F>& ax, const F* dy, int T, F* dx, Vec<F>& dW,
                    LoraPair<F>& dLora)
{
    if (dx)
        linearBackInput(W, packed, out, in, dy, T, dx);
    if (!dW.empty())
        linearBackWeight(dy, out, x, in, T, dW.data());
    if (!lora.active())
        return;
    const int r = int(lora.A.size() / size_t(in));
    // dy B, scaled: the gradient at A x. Both products below run with `out` as their long side
    // (a product only r = 8 wide would leave the vector units idle).
    std::vector<F> Bt(size_t(r) * out);
    for (int o = 0; o < out; ++o)
        for (int j = 0; j < r; ++j)
            Bt[size_t(j) * out + o] = lora.B[size_t(o) * r + j];
    std::vector<F> dyB(size_t(T) * r);
    linear(Bt.data(), r, out, dy, T, dyB.data());
    for (F& e : dyB)
        e *= scale;
    if (dx && !site.dropout.active()) {
        linearBackInput(lora.A.data(), r, in, dyB.data(), T, dx);
    } else if (dx) { // through the same mask as the forward pass
        std::vector<F> dxa(size_t(T) * in, F(0));
        linearBackInput(lora.A.data(), r, in, dyB.data(), T, dxa.data());
        for (int t = 0; t < T; ++t)
            for (int i = 0; i < in; ++i)
                dx[size_t(t) * in + i] +=
                    dxa[size_t(t) * in + i] * F(site.dropout.factor(site.layer, site.matrix, t, i));
    }
    std::vector<F> dropped;
    if (!dLora.A.empty())
        linearBackWeight(dyB.data(), r, loraInput(site, x, T, in, dropped), in, T, dLora.A.data());
    if (!dLora.B.empty()) {
        std::vector<F> dBt(dLora.B.size(), F(0)); // [r, out]
        linearBackWeight(ax.data(), r, dy, out, T, dBt.data());
        for (int o = 0; o < out; ++o)
            for (int j = 0; j < r; ++j)
                dLora.B[size_t(o) * r + j] += scale * dBt[size_t(j) * out + o];
    }
}

// y [T, out] = x [T, in] @ M for a low-rank matrix stored [in, out]. Both directions go through
// linear() (the prefill product): M^T is a small copy, and the backward product needs none.
template <class F>
void lowRank(const Vec<F>& M, int in, int out, const F* x, int T, F* y)
{
    std::vector<F> Mt(M.size());
    for (int i = 0; i < in; ++i)
        for (int o = 0; o < out; ++o)
            Mt[size_t(o) * in + i] = M[size_t(i) * out + o];
    linear(Mt.data(), out, in, x, T, y);
}

// Gradients of lowRank: dx += dy M^T; dM += x^T dy.
template <class F>
void lowRankBackward(const Vec<F>& M, int in, int out, const F* x, const F* dy, int T, F* dx, Vec<F>& dM)
{
    if (dx) {
        std::vector<F> product(size_t(T) * in);
        linear(M.data(), in, out, dy, T, product.data());
        for (size_t i = 0; i < product.size(); ++i)
            dx[i] += product[i];
    }
    if (!dM.empty())
        gemm<F>(true, false, in, out, T, x, dy, dM.data(), true);
}

} // namespace

template <class F>
void V7LayerPass<F>::forward(const F* x, int T, F* vFirst, F* out)
{
    const int D = m_.embd;
    const size_t TD = size_t(T) * D;
    T_ = T;
    x_.assign(x, x + TD);
    xn1_.resize(TD), mean1_.resize(T), rstd1_.resize(T);
    layerNormForward(x, T, D, L_.ln1W.data(), L_.ln1B.data(), F(kLayerNormEps), xn1_.data(), mean1_.data(), rstd1_.data());
    timeMixForward(vFirst, vFirst);
    // z_ holds the time mix's input to its output matrix; the block's sum goes through x2_.
    x2_.resize(TD);
    linearForward(L_.Wo, L_.packed.Wo, L_.loraO, {dropout_, layer_, kLoraO},
                  m_.loraScale, D, D, z_.data(), T, x2_.data(), axO_);
    for (size_t i = 0; i < TD; ++i)
        x2_[i] += x[i];

    xn2_.resize(TD), mean2_.resize(T), rstd2_.resize(T);
    layerNormForward(x2_.data(), T, D, L_.ln2W.data(), L_.ln2B.data(), F(kLayerNormEps), xn2_.data(), mean2_.data(),
                     rstd2_.data());
    const int Fd = m_.ffnDim;
    ffnXk_.resize(TD), ffnPre_.resize(size_t(T) * Fd), ffnH_.resize(size_t(T) * Fd);
    shiftMix(xn2_.data(), T, D, L_.ffnXk.data(), ffnXk_.data());
    linearForward(L_.ffnK, L_.packed.ffnK, L_.loraFfnK, {dropout_, layer_, kLoraFfnK},
                  m_.loraScale, Fd, D, ffnXk_.data(), T, ffnPre_.data(), axFfnK_);
    eachElement(T, size_t(Fd), [&](size_t i) {
        const F p = std::max(ffnPre_[i], F(0));
        ffnH_[i] = p * p;
    });
    linearForward(L_.ffnV, L_.packed.ffnV, L_.loraFfnV, {dropout_, layer_, kLoraFfnV},
                  m_.loraScale, D, Fd, ffnH_.data(), T, out, axFfnV_);
    for (size_t i = 0; i < TD; ++i)
        out[i] += x2_[i];
}

template <class F>
void V7LayerPass<F>::timeMixForward(const F* vFirstIn, F* vFirstOut)
{
    const int T = T_, D = m_.embd, H = m_.heads, N = m_.headSize;
    const size_t TD = size_t(T) * D;
    for (auto* b : {&xr_, &xw_, &xk_, &xv_, &xa_, &xg_, &r_, &kRaw_, &vRaw_, &v_, &sW_, &w_, &iclr_, &g_, &kk_, &kFin_,
                    &aVec_, &bVec_, &y_, &yn_, &z_})
        b->resize(TD);
    shiftMix(xn1_.data(), T, D, L_.xr.data(), xr_.data());
    shiftMix(xn1_.data(), T, D, L_.xw.data(), xw_.data());
    shiftMix(xn1_.data(), T, D, L_.xk.data(), xk_.data());
    shiftMix(xn1_.data(), T, D, L_.xv.data(), xv_.data());
    shiftMix(xn1_.data(), T, D, L_.xa.data(), xa_.data());
    shiftMix(xn1_.data(), T, D, L_.xg.data(), xg_.data());
    const F s = m_.loraScale;
    linearForward(L_.Wr, L_.packed.Wr, L_.loraR, {dropout_, layer_, kLoraR}, s, D, D, xr_.data(), T, r_.data(), axR_);
    linearForward(L_.Wk, L_.packed.Wk, L_.loraK, {dropout_, layer_, kLoraK},
                  s, D, D, xk_.data(), T, kRaw_.data(), axK_);
    linearForward(L_.Wv, L_.packed.Wv, L_.loraV, {dropout_, layer_, kLoraV},
                  s, D, D, xv_.data(), T, vRaw_.data(), axV_);

    // w = exp(-e^-0.5 σ(w0 + tanh(xw w1) w2))
    hW_.resize(size_t(T) * L_.rankW), tW_.resize(hW_.size());
    lowRank(L_.w1, D, L_.rankW, xw_.data(), T, hW_.data());
    eachElement(T, size_t(L_.rankW), [&](size_t i) { tW_[i] = std::tanh(hW_[i]); });
    lowRank(L_.w2, L_.rankW, D, tW_.data(), T, sW_.data());
    // a = σ(a0 + xa a1 a2)
    hA_.resize(size_t(T) * L_.rankA);
    lowRank(L_.a1, D, L_.rankA, xa_.data(), T, hA_.data());
    lowRank(L_.a2, L_.rankA, D, hA_.data(), T, iclr_.data());
    // g = σ(xg g1) g2
    hG_.resize(size_t(T) * L_.rankG), sG_.resize(hG_.size());
    lowRank(L_.g1, D, L_.rankG, xg_.data(), T, hG_.data());
    eachElement(T, size_t(L_.rankG), [&](size_t i) { sG_[i] = sigmoid(hG_[i]); });
    lowRank(L_.g2, L_.rankG, D, sG_.data(), T, g_.data());
    eachElement(T, size_t(D), [&](size_t i) {
        const size_t j = i % size_t(D);
        sW_[i] = sigmoid(sW_[i] + L_.w0[j]);
        w_[i] = std::exp(-F(kDecayScale) * sW_[i]);
        iclr_[i] = sigmoid(iclr_[i] + L_.a0[j]);
    });
    if (layer_ == 0) {
        v_ = vRaw_;
        std::copy(v_.begin(), v_.end(), vFirstOut);
        vFirst_ = v_;
    } else {
        vFirst_.assign(vFirstIn, vFirstIn + TD);
        hV_.resize(size_t(T) * L_.rankV), vg_.resize(TD);
        lowRank(L_.v1, D, L_.rankV, xv_.data(), T, hV_.data());
        lowRank(L_.v2, L_.rankV, D, hV_.data(), T, vg_.data());
        eachElement(T, size_t(D), [&](size_t i) {
            vg_[i] = sigmoid(vg_[i] + L_.v0[i % size_t(D)]);
            v_[i] = vRaw_[i] + (vFirst_[i] - vRaw_[i]) * vg_[i];
        });
    }
    kkNorm_.resize(size_t(T) * H), bonus_.resize(size_t(T) * H);
    eachElement(T, size_t(H), [&](size_t th) {
        const size_t t = th / size_t(H), h = th % size_t(H);
        const size_t o = t * D + h * N;
        F sum = 0;
        for (int j = 0; j < N; ++j) {
            kk_[o + j] = kRaw_[o + j] * L_.kk[h * N + j];
            sum += kk_[o + j] * kk_[o + j];
        }
        const F norm = std::max(std::sqrt(sum), F(1e-12));
        kkNorm_[th] = norm;
        F bonus = 0;
        for (int j = 0; j < N; ++j) {
            const size_t i = o + j;
            kk_[i] /= norm;
            kFin_[i] = kRaw_[i] * (F(1) + (iclr_[i] - F(1)) * L_.ka[h * N + j]);
            aVec_[i] = -kk_[i];
            bVec_[i] = kk_[i] * iclr_[i];
            bonus += r_[i] * kFin_[i] * L_.rk[h * N + j];
        }
        bonus_[th] = bonus;
    });
    const Wkv7Inputs<F> in{r_.data(), w_.data(), kFin_.data(), v_.data(), aVec_.data(), bVec_.data(), T, H, N};
    wkv7Forward(in, L_.timeState.empty() ? nullptr : L_.timeState.data(), y_.data(), checkpoints_);
    gnMean_.resize(size_t(T) * H), gnRstd_.resize(size_t(T) * H);
    groupNormForward(y_.data(), T, D, H, L_.lnxW.data(), L_.lnxB.data(), F(kGroupNormEps), yn_.data(), gnMean_.data(),
                     gnRstd_.data());
    for (size_t i = 0; i < TD; ++i) {
        const size_t t = i / size_t(D), h = (i % size_t(D)) / size_t(N);
        z_[i] = (yn_[i] + bonus_[t * H + h] * v_[i]) * g_[i];
    }
}

template <class F>
void V7LayerPass<F>::backward(const F* dOut, F* dx, F* dvFirst, TrainLayer<F>& g)
{
    const int T = T_, D = m_.embd;
    const size_t TD = size_t(T) * D;
    // out = x2 + ffn(LN2(x2)), x2 = x + att(LN1(x))
    std::vector<F> dx2(dOut, dOut + TD), dxn(TD, F(0));
    channelMixBackward(dOut, dxn.data(), g);
    layerNormBackward(x2_.data(), dxn.data(), T, D, L_.ln2W.data(), mean2_.data(), rstd2_.data(), dx2.data(),
                      ptr(g.ln2W), ptr(g.ln2B));
    for (size_t i = 0; i < TD; ++i)
        dx[i] += dx2[i];
    std::fill(dxn.begin(), dxn.end(), F(0));
    timeMixBackward(dx2.data(), dxn.data(), dvFirst, g);
    layerNormBackward(x_.data(), dxn.data(), T, D, L_.ln1W.data(), mean1_.data(), rstd1_.data(), dx, ptr(g.ln1W),
                      ptr(g.ln1B));
}

template <class F>
void V7LayerPass<F>::channelMixBackward(const F* dFfn, F* dxn, TrainLayer<F>& g)
{
    const int T = T_, D = m_.embd, Fd = m_.ffnDim;
    const F s = m_.loraScale;
    std::vector<F> dh(size_t(T) * Fd, F(0)), dxk(size_t(T) * D, F(0));
    linearBackward(L_.ffnV, L_.packed.ffnV, L_.loraFfnV, {dropout_, layer_, kLoraFfnV},
                   s, D, Fd, ffnH_.data(), axFfnV_, dFfn, T, dh.data(), g.ffnV, g.loraFfnV);
    for (size_t i = 0; i < dh.size(); ++i)
        dh[i] *= F(2) * std::max(ffnPre_[i], F(0)); // d relu(p)² = 2 relu(p)
    linearBackward(L_.ffnK, L_.packed.ffnK, L_.loraFfnK, {dropout_, layer_, kLoraFfnK},
                   s, Fd, D, ffnXk_.data(), axFfnK_, dh.data(), T, dxk.data(), g.ffnK, g.loraFfnK);
    shiftMixBackward(xn2_.data(), dxk.data(), T, D, L_.ffnXk.data(), dxn, ptr(g.ffnXk));
}

template <class F>
void V7LayerPass<F>::timeMixBackward(const F* dAtt, F* dxn, F* dvFirst, TrainLayer<F>& g)
{
    const int T = T_, D = m_.embd, H = m_.heads, N = m_.headSize;
    const size_t TD = size_t(T) * D;
    const F s = m_.loraScale;
    auto zeros = [&] { return std::vector<F>(TD, F(0)); };
    std::vector<F> dz = zeros(), dr = zeros(), dw = zeros(), dkFin = zeros(), dv = zeros(), da = zeros(), db = zeros();
    linearBackward(L_.Wo, L_.packed.Wo, L_.loraO, {dropout_, layer_, kLoraO},
                   s, D, D, z_.data(), axO_, dAtt, T, dz.data(), g.Wo, g.loraO);

    // z = (yn + bonus v) ⊙ g
    std::vector<F> dg = zeros(), dyn = zeros(), dy = zeros();
    for (int t = 0; t < T; ++t)
        for (int h = 0; h < H; ++h) {
            const size_t o = size_t(t) * D + size_t(h) * N;
            const F bonus = bonus_[size_t(t) * H + h];
            F dBonus = 0;
            for (int j = 0; j < N; ++j) {
                const size_t i = o + j;
                dg[i] = dz[i] * (yn_[i] + bonus * v_[i]);
                const F dsum = dz[i] * g_[i];
                dyn[i] = dsum;
                dv[i] += dsum * bonus;
                dBonus += dsum * v_[i];
            }
            // bonus = Σ r ⊙ k ⊙ r_k
            for (int j = 0; j < N; ++j) {
                const size_t i = o + j;
                const F rk = L_.rk[h * N + j];
                dr[i] += dBonus * kFin_[i] * rk;
                dkFin[i] += dBonus * r_[i] * rk;
                if (!g.rk.empty())
                    g.rk[h * N + j] += dBonus * r_[i] * kFin_[i];
            }
        }
    groupNormBackward(y_.data(), dyn.data(), T, D, H, L_.lnxW.data(), gnMean_.data(), gnRstd_.data(), dy.data(),
                      ptr(g.lnxW), ptr(g.lnxB));
    const Wkv7Inputs<F> in{r_.data(), w_.data(), kFin_.data(), v_.data(), aVec_.data(), bVec_.data(), T, H, N};
    wkv7Backward(in, checkpoints_, dy.data(), dr.data(), dw.data(), dkFin.data(), dv.data(), da.data(), db.data(),
                 ptr(g.timeState));

    // a = -kk, b = kk ⊙ iclr, kFin = kRaw ⊙ (1 + (iclr - 1) ⊙ k_a), kk = norm(kRaw ⊙ k_k)
    std::vector<F> dkRaw = zeros(), diclr = zeros();
    for (int t = 0; t < T; ++t)
        for (int h = 0; h < H; ++h) {
            const size_t o = size_t(t) * D + size_t(h) * N;
            F dot = 0;
            std::vector<F> dkk(static_cast<size_t>(N));
            for (int j = 0; j < N; ++j) {
                const size_t i = o + j;
                const F ka = L_.ka[h * N + j];
                dkk[j] = -da[i] + db[i] * iclr_[i];
                diclr[i] += db[i] * kk_[i] + dkFin[i] * kRaw_[i] * ka;
                dkRaw[i] += dkFin[i] * (F(1) + (iclr_[i] - F(1)) * ka);
                if (!g.ka.empty())
                    g.ka[h * N + j] += dkFin[i] * kRaw_[i] * (iclr_[i] - F(1));
                dot += dkk[j] * kk_[i];
            }
            const F norm = kkNorm_[size_t(t) * H + h];
            const bool clamped = norm <= F(1e-12);
            for (int j = 0; j < N; ++j) {
                const size_t i = o + j;
                const F du = clamped ? dkk[j] / norm : (dkk[j] - kk_[i] * dot) / norm;
                dkRaw[i] += du * L_.kk[h * N + j];
                if (!g.kk.empty())
                    g.kk[h * N + j] += du * kRaw_[i];
            }
        }

    std::vector<F> dxr = zeros(), dxw = zeros(), dxk = zeros(), dxv = zeros(), dxa = zeros(), dxg = zeros();
    // v = vRaw + (vFirst - vRaw) ⊙ vg in later layers; layer 0's v is v_first itself.
    std::vector<F> dvRaw = zeros();
    if (layer_ == 0) {
        for (size_t i = 0; i < TD; ++i)
            dvRaw[i] = dv[i] + dvFirst[i];
    } else {
        std::vector<F> dPre = zeros();
        for (size_t i = 0; i < TD; ++i) {
            dvRaw[i] = dv[i] * (F(1) - vg_[i]);
            dvFirst[i] += dv[i] * vg_[i];
            dPre[i] = dv[i] * (vFirst_[i] - vRaw_[i]) * vg_[i] * (F(1) - vg_[i]);
        }
        addRows(dPre.data(), T, D, ptr(g.v0));
        std::vector<F> dhV(hV_.size(), F(0));
        lowRankBackward(L_.v2, L_.rankV, D, hV_.data(), dPre.data(), T, dhV.data(), g.v2);
        lowRankBackward(L_.v1, D, L_.rankV, xv_.data(), dhV.data(), T, dxv.data(), g.v1);
    }
    // g = σ(xg g1) g2
    std::vector<F> dsG(sG_.size(), F(0));
    lowRankBackward(L_.g2, L_.rankG, D, sG_.data(), dg.data(), T, dsG.data(), g.g2);
    for (size_t i = 0; i < dsG.size(); ++i)
        dsG[i] *= sG_[i] * (F(1) - sG_[i]);
    lowRankBackward(L_.g1, D, L_.rankG, xg_.data(), dsG.data(), T, dxg.data(), g.g1);
    // iclr = σ(a0 + xa a1 a2)
    for (size_t i = 0; i < TD; ++i)
        diclr[i] *= iclr_[i] * (F(1) - iclr_[i]);
    addRows(diclr.data(), T, D, ptr(g.a0));
    std::vector<F> dhA(hA_.size(), F(0));
    lowRankBackward(L_.a2, L_.rankA, D, hA_.data(), diclr.data(), T, dhA.data(), g.a2);
    lowRankBackward(L_.a1, D, L_.rankA, xa_.data(), dhA.data(), T, dxa.data(), g.a1);
    // w = exp(-c σ(pre)), pre = w0 + tanh(xw w1) w2
    for (size_t i = 0; i < TD; ++i)
        dw[i] *= w_[i] * -F(kDecayScale) * sW_[i] * (F(1) - sW_[i]);
    addRows(dw.data(), T, D, ptr(g.w0));
    std::vector<F> dtW(tW_.size(), F(0));
    lowRankBackward(L_.w2, L_.rankW, D, tW_.data(), dw.data(), T, dtW.data(), g.w2);
    for (size_t i = 0; i < dtW.size(); ++i)
        dtW[i] *= F(1) - tW_[i] * tW_[i];
    lowRankBackward(L_.w1, D, L_.rankW, xw_.data(), dtW.data(), T, dxw.data(), g.w1);

    linearBackward(L_.Wr, L_.packed.Wr, L_.loraR, {dropout_, layer_, kLoraR},
                   s, D, D, xr_.data(), axR_, dr.data(), T, dxr.data(), g.Wr, g.loraR);
    linearBackward(L_.Wk, L_.packed.Wk, L_.loraK, {dropout_, layer_, kLoraK},
                   s, D, D, xk_.data(), axK_, dkRaw.data(), T, dxk.data(), g.Wk, g.loraK);
    linearBackward(L_.Wv, L_.packed.Wv, L_.loraV, {dropout_, layer_, kLoraV},
                   s, D, D, xv_.data(), axV_, dvRaw.data(), T, dxv.data(), g.Wv, g.loraV);

    const F* x = xn1_.data();
    shiftMixBackward(x, dxr.data(), T, D, L_.xr.data(), dxn, ptr(g.xr));
    shiftMixBackward(x, dxw.data(), T, D, L_.xw.data(), dxn, ptr(g.xw));
    shiftMixBackward(x, dxk.data(), T, D, L_.xk.data(), dxn, ptr(g.xk));
    shiftMixBackward(x, dxv.data(), T, D, L_.xv.data(), dxn, ptr(g.xv));
    shiftMixBackward(x, dxa.data(), T, D, L_.xa.data(), dxn, ptr(g.xa));
    shiftMixBackward(x, dxg.data(), T, D, L_.xg.data(), dxn, ptr(g.xg));
}

template class V7LayerPass<float>;
template class V7LayerPass<double>;

} // namespace rwkv::train
