// Model is a loaded RWKV checkpoint (v4, v5.0/5.1/5.2, v6, v7) ready to run. It is immutable after
// load() and shared read-only by any number of States and threads: every call that changes
// something changes the State passed in. Weights are held in float32 for now (converted from
// bf16/fp16 at load), which reproduces the official package's `cpu fp32` strategy exactly.
#pragma once

#include "cpu/weight_matrix.h"
#include "model/model_info.h"
#include "sampling/sampler.h"
#include "state/state.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rwkv {

// How a GPU stores the large matrices: float32 (the reference math), float16 (half the memory),
// 8-bit with a scale per row, or 4-bit with a scale per 32 inputs (see vulkan/weight_uploader.h).
enum class GpuWeights { F32, F16, Q8, Q4 };

struct LoadOptions {
    // Compute formats (issue "CPU speed"): large matrices, the head and the embedding table.
    // nullopt keeps the checkpoint's own precision, read straight from the mapped file.
    std::optional<WeightFormat> weights;
    std::optional<WeightFormat> headWeights;      // nullopt = same as `weights`
    std::optional<WeightFormat> embeddingWeights; // nullopt = stored precision
    // Keep converted/quantized weights in a cache file beside the model (see QuantCache) so the
    // next load in the same format is instant. Off by default: it writes next to the model.
    bool useWeightCache = false;
    std::string loraPath;     // RWKV-PEFT LoRA file merged into the weights at load
    float loraAlpha = 0.0f;   // alpha of that LoRA (not stored in the file); required with loraPath
    std::string stateTunePath; // state-tuning file used as the initial state of newState()
    // Where the forward pass runs: "cpu", "auto", "vulkan" or "vulkan:N" (vulkan/vulkan_backend.h).
    // A GPU that cannot be used falls back to the CPU and ModelInfo::fallbackReason says why.
    std::string backend = "cpu";
    GpuWeights gpuWeights = GpuWeights::F16;
    // Called with a fraction 0..1; returning false cancels the load (Error Cancelled).
    std::function<bool(float)> progress;
};

// Controls a long forward call from another thread.
struct RunControl {
    const std::atomic<bool>* cancel = nullptr;        // set to true to stop (Error Cancelled)
    std::function<void(size_t done, size_t total)> progress; // tokens processed so far
};

// How the batched calls pick their kernels.
enum class BatchRows {
    // The fastest for the batch at hand: a batch of one decodes with the single-sequence kernels
    // (the Chat pane's decoding).
    Fastest,
    // Every row's numbers are the same whatever rows share the call, a batch of one included, so
    // a sequence's text never depends on what decodes beside it (the API server's continuous
    // batching). On the CPU a batch of one is then a little slower.
    Invariant,
};

enum class LogitsMode {
    None,  // only advance the state
    Last,  // logits after the last token: out has V floats
    All,   // logits after every token: out has T*V floats
    // The last token's hidden vector after ln_out, where the head would start: out has D floats.
    // What rwkv::embed reads (model/embedding.h).
    Hidden,
};

// Floats a forward() call in `mode` writes for `tokens` tokens (vocabulary V, width D).
inline size_t outputFloats(LogitsMode mode, size_t tokens, size_t V, size_t D)
{
    switch (mode) {
    case LogitsMode::All: return tokens * V;
    case LogitsMode::Last: return V;
    case LogitsMode::Hidden: return D;
    case LogitsMode::None: break;
    }
    return 0;
}

class Model {
public:
    virtual ~Model() = default;

    // Loads `path` (.pth or .safetensors). Throws Error with a sentence naming the problem:
    // unreadable file, unknown or unsupported variant (v7a DeepEmbed, v7b), missing tensor,
    // inconsistent shapes, LoRA or state file that does not fit the model.
    static std::shared_ptr<const Model> load(const std::string& path, const LoadOptions& options = {});

    virtual const ModelInfo& info() const = 0;

    // The initial state: zeros, or the state-tuning file's state when one was loaded.
    virtual State newState() const = 0;

    // Feeds `tokens` into `state`. Sequence mode processes the tokens as one batch (matrix-matrix
    // products); results equal feeding them one by one. `logits` must hold V (Last) or T*V (All)
    // floats (D for Hidden). Throws Error(InvalidArgument) for a token id out of range or a state of another
    // model; Error(Cancelled) when cancelled, leaving `state` unspecified.
    virtual void forward(State& state, std::span<const int32_t> tokens, LogitsMode mode,
                         std::span<float> logits, const RunControl& control = {}) const = 0;

    // Feeds tokens[i] to *states[i] for every i and writes each state's logits after it to
    // logits[i * V ..] (V floats each): step() on each state in turn, as one batch (several chats
    // or completions at once, one pass over the weights). On the CPU it agrees with step() to
    // rounding (exactly for a batch of one with BatchRows::Fastest). Throws like forward().
    virtual void forwardBatch(std::span<State* const> states, std::span<const int32_t> tokens,
                              std::span<float> logits, BatchRows rows = BatchRows::Fastest) const;

    // Like forwardBatch, but gives for each state only the id of its largest logit (the lowest id
    // among equal values; -1 when all are -inf or NaN): greedy decoding. On a GPU the choice is
    // made there and only the ids come back.
    virtual void forwardBatchArgmax(std::span<State* const> states, std::span<const int32_t> tokens,
                                    std::span<int32_t> next, BatchRows rows = BatchRows::Fastest) const;

    // Like forwardBatch, then next[i] = samplers[i]->sample(state i's logits): one token id per
    // state, chosen with each sampler's settings, penalty counts and seeded generator (each
    // sampler draws once, as sample() does; accept() is left to the caller). A GPU model makes
    // the choice there and only the ids come back; it is the CPU sampler's choice on the same
    // logits. Throws like forwardBatch, and Error(InvalidArgument) when a row has every token
    // banned (the states have advanced by then).
    virtual void forwardBatchSample(std::span<State* const> states, std::span<const int32_t> tokens,
                                    std::span<Sampler* const> samplers, std::span<int32_t> next,
                                    BatchRows rows = BatchRows::Fastest) const;

    // Convenience: one token, logits after it.
    std::vector<float> step(State& state, int32_t token) const;
    // Convenience: a sequence, logits after its last token (empty if tokens is empty).
    std::vector<float> prefill(State& state, std::span<const int32_t> tokens, const RunControl& control = {}) const;

    // Total tokens processed by forward() on this model since load (for tests that prove
    // "no re-prefill happened").
    virtual uint64_t tokensEvaluated() const = 0;

    // Bytes of weights read per decoded token in their compute format (for roofline figures).
    virtual uint64_t weightBytesPerToken() const = 0;
};

} // namespace rwkv
