#include "model/model_base.h"

#include "core/error.h"
#include "cpu/kernels.h"
#include "cpu/ops.h"

#include <algorithm>
#include <cstring>

namespace rwkv {

namespace {
constexpr float kLnEps = 1e-5f;
constexpr int kChunk = 256; // tokens per matrix-matrix pass; bounds the workspace (about 60 floats × D per token)
}

void ModelBase::finishBuild(const WeightSource& w)
{
    weightBytes_ = w.servedBytes();
}

State ModelBase::newState() const
{
    return initial_.empty() ? State(info_) : initial_;
}

void ModelBase::buildFrame(WeightSource& w)
{
    const int D = info_.embd;
    const int V = info_.vocab;
    emb_ = w.matrix("emb.weight", V, D);
    ln0_ = {w.vector("blocks.0.ln0.weight", size_t(D)), w.vector("blocks.0.ln0.bias", size_t(D))};
    ln1_.resize(size_t(info_.layers));
    ln2_.resize(size_t(info_.layers));
    for (int i = 0; i < info_.layers; ++i) {
        std::string p = "blocks." + std::to_string(i) + ".";
        ln1_[i] = {w.vector(p + "ln1.weight", size_t(D)), w.vector(p + "ln1.bias", size_t(D))};
        ln2_[i] = {w.vector(p + "ln2.weight", size_t(D)), w.vector(p + "ln2.bias", size_t(D))};
    }
    lnOut_ = {w.vector("ln_out.weight", size_t(D)), w.vector("ln_out.bias", size_t(D))};
    head_ = w.matrix("head.weight", V, D);
}

void ModelBase::checkState(State& state) const
{
    if (state.empty())
        state = newState();
    if (state.arch() != info_.arch || state.layers() != info_.layers || state.all().size() != State::layerSizeFor(info_) * size_t(info_.layers))
        throw Error(ErrorCode::Mismatch, "the state belongs to a model of another shape");
    if (state.fingerprint() != info_.fingerprint)
        throw Error(ErrorCode::Mismatch, "the state belongs to different model weights");
}

void ModelBase::forward(State& state, std::span<const int32_t> tokens, LogitsMode mode, std::span<float> logits,
                        const RunControl& control) const
{
    const int V = info_.vocab;
    checkState(state);
    const size_t need = outputFloats(mode, tokens.size(), size_t(V), size_t(info_.embd));
    if (tokens.empty() && (mode == LogitsMode::Last || mode == LogitsMode::Hidden))
        throw Error(ErrorCode::InvalidArgument, "logits after the last token were asked for, but no tokens were given");
    if (logits.size() < need)
        throw Error(ErrorCode::InvalidArgument, "the logits buffer holds " + std::to_string(logits.size()) +
                                                    " floats, " + std::to_string(need) + " are needed");
    for (int32_t t : tokens)
        if (t < 0 || t >= V)
            throw Error(ErrorCode::InvalidArgument, "token id " + std::to_string(t) + " is outside the vocabulary (0.." +
                                                        std::to_string(V - 1) + ")");
    Workspace ws;
    size_t done = 0;
    while (done < tokens.size()) {
        if (control.cancel && control.cancel->load())
            throw Error(ErrorCode::Cancelled, "cancelled");
        int T = int(std::min<size_t>(kChunk, tokens.size() - done));
        bool last = done + size_t(T) == tokens.size();
        float* out = nullptr;
        if (mode == LogitsMode::All)
            out = logits.data() + done * size_t(V);
        else if ((mode == LogitsMode::Last || mode == LogitsMode::Hidden) && last)
            out = logits.data();
        const Head head = mode == LogitsMode::All          ? Head::All
                          : !last                           ? Head::None
                          : mode == LogitsMode::Last        ? Head::Last
                          : mode == LogitsMode::Hidden      ? Head::Hidden
                                                            : Head::None;
        runChunk(state, tokens.data() + done, T, head, out, control, ws);
        done += size_t(T);
        state.addTokensSeen(uint64_t(T));
        tokensEvaluated_ += uint64_t(T);
        if (control.progress)
            control.progress(done, tokens.size());
    }
}

void ModelBase::embedRows(const int32_t* tokens, int T, Workspace& ws) const
{
    const int D = info_.embd;
    const cpu::KernelTable& kernels = cpu::kernels();
    cpu::forTokens(T, [&](int first, int last) {
        for (int t = first; t < last; ++t) {
            float* row = ws.x.data() + size_t(t) * D;
            kernels.expandRows(emb_, tokens[t], 1, row);
            cpu::layerNorm(row, row, ln0_.w.data(), ln0_.b.data(), D, kLnEps);
        }
    });
}

void ModelBase::addAndNorm(const Norm& norm, bool add, int T, Workspace& ws) const
{
    const int D = info_.embd;
    cpu::forTokens(T, [&](int first, int last) {
        for (int t = first; t < last; ++t) {
            float* x = ws.x.data() + size_t(t) * D;
            if (add)
                for (int j = 0; j < D; ++j)
                    x[j] += ws.out[size_t(t) * D + size_t(j)];
            cpu::layerNorm(x, ws.xn.data() + size_t(t) * D, norm.w.data(), norm.b.data(), D, kLnEps);
        }
    });
}

void ModelBase::forwardBatch(std::span<State* const> states, std::span<const int32_t> tokens,
                             std::span<float> logits, BatchRows rows) const
{
    if (!hasBatchMixes() || (states.size() == 1 && rows == BatchRows::Fastest)) {
        Model::forwardBatch(states, tokens, logits, rows);
        return;
    }
    const int B = int(states.size());
    const int D = info_.embd;
    const int V = info_.vocab;
    if (tokens.size() != states.size() || logits.size() < states.size() * size_t(V))
        throw Error(ErrorCode::InvalidArgument, "a batch needs one token and V logits per state");
    if (B == 0)
        return;
    for (int t = 0; t < B; ++t) {
        if (tokens[size_t(t)] < 0 || tokens[size_t(t)] >= V)
            throw Error(ErrorCode::InvalidArgument, "token id " + std::to_string(tokens[size_t(t)]) +
                                                        " is outside the vocabulary (0.." + std::to_string(V - 1) + ")");
        checkState(*states[size_t(t)]);
        for (int u = 0; u < t; ++u)
            if (states[size_t(u)] == states[size_t(t)])
                throw Error(ErrorCode::InvalidArgument, "a batch holds the same state twice");
    }
    thread_local Workspace wsHere; // reused across steps
    Workspace& ws = wsHere;        // the pool's threads must use this thread's copy
    const size_t BD = size_t(B) * size_t(D);
    ws.x.resize(BD);
    ws.xn.resize(BD);
    ws.out.resize(BD);
    embedRows(tokens.data(), B, ws);
    std::vector<std::span<float>> layerStates(static_cast<size_t>(B));
    for (int i = 0; i < info_.layers; ++i) {
        for (int t = 0; t < B; ++t)
            layerStates[size_t(t)] = states[size_t(t)]->layer(i);
        addAndNorm(ln1_[i], i > 0, B, ws);
        timeMixBatch(i, ws.xn.data(), layerStates, ws.out.data(), ws);
        addAndNorm(ln2_[i], true, B, ws);
        channelMixBatch(i, ws.xn.data(), layerStates, ws.out.data(), ws);
    }
    float* normed = ws.scratch(11, BD);
    cpu::forTokens(B, [&](int first, int last) {
        for (int t = first; t < last; ++t) {
            float* x = ws.x.data() + size_t(t) * D;
            for (int j = 0; j < D; ++j)
                x[j] += ws.out[size_t(t) * D + size_t(j)];
            cpu::layerNorm(x, normed + size_t(t) * D, lnOut_.w.data(), lnOut_.b.data(), D, kLnEps);
        }
    });
    cpu::matmulRowwise(head_, normed, B, logits.data());
    for (State* s : states)
        s->addTokensSeen(1);
    tokensEvaluated_ += uint64_t(B);
}

void ModelBase::runChunk(State& state, const int32_t* tokens, int T, Head head, float* logits,
                         const RunControl& control, Workspace& ws) const
{
    const int D = info_.embd;
    const size_t TD = size_t(T) * size_t(D);
    ws.x.resize(TD);
    ws.xn.resize(TD);
    ws.out.resize(TD);
    embedRows(tokens, T, ws);

    for (int i = 0; i < info_.layers; ++i) {
        if (control.cancel && control.cancel->load())
            throw Error(ErrorCode::Cancelled, "cancelled");
        std::span<float> layerState = state.layer(i);
        addAndNorm(ln1_[i], i > 0, T, ws);
        timeMix(i, ws.xn.data(), T, layerState, ws.out.data(), ws);
        addAndNorm(ln2_[i], true, T, ws);
        channelMix(i, ws.xn.data(), T, layerState, ws.out.data(), ws);
    }
    if (info_.layers > 0)
        cpu::forTokens(T, [&](int first, int last) {
            for (size_t j = size_t(first) * D; j < size_t(last) * D; ++j)
                ws.x[j] += ws.out[j];
        });

    if (head == Head::None)
        return;
    if (head == Head::Hidden) {
        cpu::layerNorm(ws.x.data() + size_t(T - 1) * D, logits, lnOut_.w.data(), lnOut_.b.data(), D, kLnEps);
        return;
    }
    int first = head == Head::All ? 0 : T - 1;
    int rows = T - first;
    float* normed = ws.scratch(11, size_t(rows) * D);
    cpu::forTokens(rows, [&](int begin, int end) {
        for (int t = begin; t < end; ++t)
            cpu::layerNorm(ws.x.data() + size_t(first + t) * D, normed + size_t(t) * D, lnOut_.w.data(), lnOut_.b.data(), D, kLnEps);
    });
    cpu::matmul(head_, normed, rows, logits);
}

} // namespace rwkv

namespace rwkv {

uint64_t ModelBase::weightBytesPerToken() const
{
    return weightBytes_ - emb_.bytes();
}

} // namespace rwkv
