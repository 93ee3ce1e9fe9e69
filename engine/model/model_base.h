// ModelBase is the frame every RWKV version shares (docs/RWKV.md "Common frame"): embedding with
// ln0 folded in at load, then per layer x += TimeMix(LN1 x) and x += ChannelMix(LN2 x), then the
// head. Versions implement the two mixes over a chunk of T tokens; token-by-token decoding is the
// T = 1 case of the same code, so sequence and serial modes agree.
#pragma once

#include "cpu/workspace_allocator.h"
#include "model/model.h"
#include "model/weights.h"

#include <atomic>
#include <vector>

namespace rwkv {

// Buffers reused across the layers of one forward call (on 2 MB pages when large).
struct Workspace {
    using Buffer = std::vector<float, cpu::WorkspaceAllocator<float>>;
    Buffer x;      // [T, D] residual stream
    Buffer xn;     // [T, D] normed input of the current mix
    Buffer out;    // [T, D] mix output
    Buffer vFirst; // [T, D] v7: layer 0's v, reused by later layers
    Buffer buf[16];
    float* scratch(int i, size_t n)
    {
        if (buf[i].size() < n)
            buf[i].resize(n);
        return buf[i].data();
    }
};

class ModelBase : public Model {
public:
    const ModelInfo& info() const override { return info_; }
    State newState() const override;
    void forward(State& state, std::span<const int32_t> tokens, LogitsMode mode, std::span<float> logits,
                 const RunControl& control) const override;
    uint64_t tokensEvaluated() const override { return tokensEvaluated_.load(); }
    // One token for each of B states in one pass over the weights (products of B rows), where the
    // version has batch mixes; otherwise state by state. A row's numbers do not depend on the
    // other rows (see matmulRowwise); a batch of one takes the decoding kernels unless `rows` is
    // BatchRows::Invariant.
    void forwardBatch(std::span<State* const> states, std::span<const int32_t> tokens, std::span<float> logits,
                      BatchRows rows = BatchRows::Fastest) const override;

    // Builds the version's layers from `w`; throws Error on missing or ill-shaped tensors.
    virtual void build(WeightSource& w) = 0;
    void setInfo(const ModelInfo& info) { info_ = info; }
    // Records what build() took from `w` (weight bytes for the roofline figures).
    void finishBuild(const WeightSource& w);
    void setInitialState(State s) { initial_ = std::move(s); }
    // Bytes of weights the kernels read per decoded token (everything but the embedding table).
    uint64_t weightBytesPerToken() const override;

protected:
    // Loads emb (ln0 folded), ln1/ln2 of every layer, ln_out and head.
    void buildFrame(WeightSource& w);

    // `xn` holds the T normed inputs; write the mix outputs to `out` and update the layer's state.
    virtual void timeMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const = 0;
    virtual void channelMix(int layer, const float* xn, int T, std::span<float> state, float* out, Workspace& ws) const = 0;
    // The batch forms: row t of `xn` is the next token of the sequence whose layer state is
    // states[t]. A version that has them returns true from hasBatchMixes().
    virtual bool hasBatchMixes() const { return false; }
    virtual void timeMixBatch(int /*layer*/, const float* /*xn*/, std::span<const std::span<float>> /*states*/,
                              float* /*out*/, Workspace& /*ws*/) const {}
    virtual void channelMixBatch(int /*layer*/, const float* /*xn*/, std::span<const std::span<float>> /*states*/,
                                 float* /*out*/, Workspace& /*ws*/) const {}

    // Token shift: row t's previous normed input (the state's for t = 0), and saving the last row.
    static const float* previous(const float* xn, int t, int d, const float* statePrev)
    {
        return t == 0 ? statePrev : xn + size_t(t - 1) * size_t(d);
    }

    struct Norm {
        std::vector<float> w, b;
    };
    ModelInfo info_;
    Matrix emb_; // [V, D] as stored; ln0 is applied at lookup (one row per token)
    Norm ln0_;
    std::vector<Norm> ln1_, ln2_;
    Norm lnOut_;
    Matrix head_;

private:
    enum class Head { None, Last, All, Hidden };
    void runChunk(State& state, const int32_t* tokens, int T, Head head, float* logits, const RunControl& control,
                  Workspace& ws) const;
    // Throws unless `state` (made fresh when empty) belongs to this model.
    void checkState(State& state) const;
    void embedRows(const int32_t* tokens, int T, Workspace& ws) const;
    // Adds the last mix's output to the residual stream (unless first) and norms it into ws.xn.
    void addAndNorm(const Norm& norm, bool add, int T, Workspace& ws) const;

    State initial_;
    uint64_t weightBytes_ = 0;
    mutable std::atomic<uint64_t> tokensEvaluated_{0};
};

} // namespace rwkv
