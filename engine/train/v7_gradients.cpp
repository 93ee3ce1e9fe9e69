#include "train/v7_gradients.h"

#include "core/error.h"
#include "cpu/thread_pool.h"
#include "cpu/workspace_allocator.h"
#include "train/train_ops.h"
#include "train/v7_layer_pass.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace rwkv::train {

namespace {

constexpr double kLayerNormEps = 1e-5;
// Tokens whose logits are alive at once (128 MB at V 65536): a ctx-512 sample expands and
// transposes a packed head once.
constexpr int kLogitRows = 512;

template <class F>
F* ptr(Vec<F>& v)
{
    return v.empty() ? nullptr : v.data();
}

// Buffers of a pass: mapped already populated and zeroed (cpu/workspace_allocator.h) instead of
// a page fault per 4 KB and a clearing pass — 128 MB of logits per sample at V 65536.
template <class F>
using Scratch = std::vector<F, cpu::WorkspaceAllocator<F>>;

} // namespace

template <class F>
LossSum lossAndGradients(const TrainWeights<F>& w, std::span<const int32_t> tokens, std::span<const int32_t> targets,
                         TrainWeights<F>* grads, double gradScale, LoraDropout dropout)
{
    const int T = int(tokens.size()), D = w.embd, V = w.vocab;
    if (targets.size() != tokens.size())
        throw Error(ErrorCode::InvalidArgument, "a training sample needs one target per token");
    for (size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i] < 0 || tokens[i] >= V || targets[i] < kNoTarget || targets[i] >= V)
            throw Error(ErrorCode::InvalidArgument, "token id " + std::to_string(std::max(tokens[i], targets[i])) +
                                                        " is outside the model's vocabulary of " + std::to_string(V));
    LossSum loss;
    if (T == 0)
        return loss;
    const size_t TD = size_t(T) * D;

    // Forward: keep every block's input only.
    Scratch<F> embedded(TD), mean0(T), rstd0(T);
    for (int t = 0; t < T; ++t) {
        F* row = embedded.data() + size_t(t) * D;
        if constexpr (std::is_same_v<F, float>)
            if (w.emb.empty()) {
                w.packedEmb.rowsToFloats(tokens[t], tokens[t] + 1, row);
                continue;
            }
        std::copy_n(w.emb.begin() + ptrdiff_t(size_t(tokens[t]) * D), D, row);
    }
    std::vector<Scratch<F>> xs(size_t(w.layers) + 1, Scratch<F>(TD));
    layerNormForward(embedded.data(), T, D, w.ln0W.data(), w.ln0B.data(), F(kLayerNormEps), xs[0].data(), mean0.data(),
                     rstd0.data());
    Scratch<F> vFirst(TD);
    for (int l = 0; l < w.layers; ++l)
        V7LayerPass<F>(w, l, dropout).forward(xs[size_t(l)].data(), T, vFirst.data(), xs[size_t(l) + 1].data());
    Scratch<F> xn(TD), meanOut(T), rstdOut(T);
    layerNormForward(xs.back().data(), T, D, w.lnOutW.data(), w.lnOutB.data(), F(kLayerNormEps), xn.data(),
                     meanOut.data(), rstdOut.data());

    // Head and cross entropy a few rows at a time; dxn gathers the gradient at the head's input.
    Scratch<F> dxn(grads ? TD : 0); // zero, as workspace memory is
    Scratch<F> logits(size_t(std::min(T, kLogitRows)) * V);
    for (int t0 = 0; t0 < T; t0 += kLogitRows) {
        const int rows = std::min(kLogitRows, T - t0);
        linear(w.head, w.packedHead, V, D, xn.data() + size_t(t0) * D, rows, logits.data());
        // Rows on the pool (a row is 65k exponentials at a real vocabulary); each row's loss is
        // kept apart and summed in order afterwards, so the total does not depend on threads.
        std::vector<double> rowLoss(size_t(rows), 0.0);
        ThreadPool::shared().parallelFor(size_t(rows), 1, [&](size_t i0, size_t i1) {
            for (size_t i = i0; i < i1; ++i) {
                F* row = logits.data() + i * size_t(V);
                const int32_t target = targets[t0 + i];
                if (target == kNoTarget) {
                    std::fill(row, row + V, F(0)); // no gradient from this position
                    continue;
                }
                const F top = *std::max_element(row, row + V);
                const double logitTarget = double(row[target]);
                double sum = 0;
                for (int v = 0; v < V; ++v) {
                    const F e = F(std::exp(double(row[v] - top)));
                    row[v] = e;
                    sum += double(e);
                }
                rowLoss[i] = std::log(sum) + double(top) - logitTarget;
                // d(-log softmax[target]) / d logits = softmax - onehot
                const double scale = gradScale / sum;
                for (int v = 0; v < V; ++v)
                    row[v] = F(double(row[v]) * scale);
                row[target] -= F(gradScale);
            }
        });
        bool any = false;
        for (int i = 0; i < rows; ++i)
            if (targets[size_t(t0 + i)] != kNoTarget) {
                loss.sum += rowLoss[size_t(i)];
                ++loss.count;
                any = true;
            }
        if (!grads || !any)
            continue;
        linearBackInput(w.head, w.packedHead, V, D, logits.data(), rows, dxn.data() + size_t(t0) * D);
        if (!grads->head.empty())
            linearBackWeight(logits.data(), V, xn.data() + size_t(t0) * D, D, rows, grads->head.data());
    }
    if (!grads)
        return loss;

    Scratch<F> dx(TD);
    layerNormBackward(xs.back().data(), dxn.data(), T, D, w.lnOutW.data(), meanOut.data(), rstdOut.data(), dx.data(),
                      ptr(grads->lnOutW), ptr(grads->lnOutB));
    Scratch<F> dvFirst(TD), dPrev(TD), out(TD);
    for (int l = w.layers - 1; l >= 0; --l) {
        V7LayerPass<F> pass(w, l, dropout);
        pass.forward(xs[size_t(l)].data(), T, vFirst.data(), out.data());
        std::fill(dPrev.begin(), dPrev.end(), F(0));
        pass.backward(dx.data(), dPrev.data(), dvFirst.data(), grads->blocks[size_t(l)]);
        dx.swap(dPrev);
    }
    const bool wantEmb = !grads->emb.empty();
    std::vector<F> dEmbedded(wantEmb ? TD : 0, F(0));
    if (wantEmb || !grads->ln0W.empty() || !grads->ln0B.empty()) {
        std::vector<F> scratch(wantEmb ? 0 : TD, F(0));
        F* dIn = wantEmb ? dEmbedded.data() : scratch.data();
        layerNormBackward(embedded.data(), dx.data(), T, D, w.ln0W.data(), mean0.data(), rstd0.data(), dIn,
                          ptr(grads->ln0W), ptr(grads->ln0B));
    }
    if (wantEmb)
        for (int t = 0; t < T; ++t)
            for (int j = 0; j < D; ++j)
                grads->emb[size_t(tokens[t]) * D + j] += dEmbedded[size_t(t) * D + j];
    return loss;
}

template LossSum lossAndGradients<float>(const TrainWeights<float>&, std::span<const int32_t>, std::span<const int32_t>,
                                         TrainWeights<float>*, double, LoraDropout);
template LossSum lossAndGradients<double>(const TrainWeights<double>&, std::span<const int32_t>,
                                          std::span<const int32_t>, TrainWeights<double>*, double, LoraDropout);

} // namespace rwkv::train
