// VulkanModel runs an RWKV checkpoint on a Vulkan device. Weights live in device memory (matrices
// as float32, float16, 8-bit or 4-bit, LoadOptions::gpuWeights); the embedding table stays on the CPU, which sends the rows of the
// tokens. States stay in device slots between calls (ResidentStates): a State that ran here keeps
// its newest values on the device until the CPU asks for them, so decoding moves no state over the
// bus; State stays a plain value (serialize, copy, compare) that moves freely between CPU and GPU
// models of the same weights. Command buffers are recorded once per pass shape (batch, tokens,
// which logits) and reused. Calls from several threads are serialised on one mutex.
#pragma once

#include "vulkan/gpu_arena.h"
#include "vulkan/gpu_blocks.h"
#include "vulkan/gpu_kernels.h"
#include "vulkan/gpu_sampling.h"
#include "vulkan/resident_states.h"
#include "vulkan/vulkan_backend.h"
#include "vulkan/vulkan_device.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace rwkv::vulkan {

class VulkanModel final : public GpuModel {
public:
    VulkanModel(std::unique_ptr<VulkanDevice> device, const ModelInfo& info, GpuWeights weights);
    ~VulkanModel() override;

    const ModelInfo& info() const override { return info_; }
    State newState() const override { return initial_.empty() ? State(info_) : initial_; }
    void forward(State& state, std::span<const int32_t> tokens, LogitsMode mode, std::span<float> logits,
                 const RunControl& control) const override;
    // A batch of one runs the same shaders as larger ones, so rows are invariant either way.
    void forwardBatch(std::span<State* const> states, std::span<const int32_t> tokens, std::span<float> logits,
                      BatchRows rows = BatchRows::Fastest) const override;
    void forwardBatchArgmax(std::span<State* const> states, std::span<const int32_t> tokens, std::span<int32_t> next,
                            BatchRows rows = BatchRows::Fastest) const override;
    // Samples on the GPU when the device has double precision in shaders, else on the CPU.
    void forwardBatchSample(std::span<State* const> states, std::span<const int32_t> tokens,
                            std::span<Sampler* const> samplers, std::span<int32_t> next,
                            BatchRows rows = BatchRows::Fastest) const override;
    uint64_t tokensEvaluated() const override { return tokensEvaluated_.load(); }
    // Everything on the GPU is read per token (the embedding table stays on the CPU).
    uint64_t weightBytesPerToken() const override { return info().deviceMemoryBytes; }

    void build(WeightSource& weights) override;
    void setInfo(const ModelInfo& info) override;
    void setInitialState(State state) override { initial_ = std::move(state); }
    StateTransfers stateTransfers() const override;

private:
    // Which logits a pass computes: none, each sequence's last, every row's; LastIds: each
    // sequence's last, reduced to the argmax id on the GPU (only ids come back); LastSample: each
    // sequence's last, sampled on the GPU (gpu_sampling.h).
    enum class Head { None, Last, All, LastIds, LastSample, Hidden };
    // The commands of one pass over `batch` sequences of `tokens` rows: staged embeddings in, the
    // layers over the states in their slots, logits out to logitsReadback_.
    VkCommandBuffer passCommands(int batch, int tokens, Head head) const;
    void recordFrame(GpuKernels& k, int batch, int tokens, Head head) const;
    void checkState(State& state) const;
    void checkBatch(std::span<State* const> states, std::span<const int32_t> tokens) const;
    // Runs one token for each state (in passes of up to kMaxRows) with `head` Last, LastIds or
    // LastSample; `prepare(begin, count)` fills a pass's inputs before it runs and
    // `consume(begin, count)` reads its results from the readback buffers.
    template <class Prepare, class Consume>
    void runBatch(std::span<State* const> states, std::span<const int32_t> tokens, Head head, Prepare prepare,
                  Consume consume) const;
    void stageEmbeddings(const int32_t* tokens, size_t count, size_t firstRow) const;

    std::unique_ptr<VulkanDevice> device_;
    ModelInfo info_;
    GpuWeights weights_ = GpuWeights::F16;
    State initial_;
    size_t stateFloats_ = 0, layerSize_ = 0;

    std::unique_ptr<GpuArena> deviceArena_, uploadArena_, readbackArena_;
    std::unique_ptr<GpuKernels> kernels_;
    std::unique_ptr<GpuBlocks> blocks_;
    std::unique_ptr<GpuSampling> sampling_; // null when the device lacks double precision
    std::unique_ptr<ResidentStates> residents_;

    std::vector<float> emb_; // [V, D] with ln0 applied, on the CPU
    struct Norm {
        Address w = 0, b = 0;
    };
    std::vector<Norm> ln1_, ln2_;
    Norm lnOut_;
    GpuMatrix head_;

    // Device buffers, sized for kMaxRows rows.
    GpuRange x_, xn_, out_, vFirst_, normed_, logits_;
    GpuRange scratch_[kScratchSlots];
    GpuRange ids_, sampleWeights_;
    GpuRange embStaging_, logitsReadback_, idsReadback_;

    mutable std::map<std::tuple<int, int, Head>, VkCommandBuffer> passes_;
    mutable std::atomic<uint64_t> tokensEvaluated_{0};
};

} // namespace rwkv::vulkan
