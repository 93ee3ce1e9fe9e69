#include "vulkan/vulkan_model.h"

#include "core/error.h"
#include "cpu/ops.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace rwkv::vulkan {

namespace {
constexpr float kLnEps = 1e-5f;
constexpr int kMaxRows = 64; // tokens per prefill pass, and sequences per batched pass

// How many states stay on the device between calls: RWKV_VULKAN_STATE_SLOTS (1..kMaxRows, for
// tests of eviction), else kMaxRows, the largest batch of one pass.
int stateSlots()
{
    if (const char* v = std::getenv("RWKV_VULKAN_STATE_SLOTS"); v && *v)
        return std::clamp(std::atoi(v), 1, kMaxRows);
    return kMaxRows;
}

std::unique_ptr<GpuBlocks> makeBlocks(Arch arch)
{
    switch (arch) {
    case Arch::V4: return makeGpuBlocksV4();
    case Arch::V5_0: case Arch::V5_1: case Arch::V5_2: return makeGpuBlocksV5();
    case Arch::V6: return makeGpuBlocksV6();
    case Arch::V7: return makeGpuBlocksV7();
    }
    return nullptr;
}
} // namespace

VulkanModel::VulkanModel(std::unique_ptr<VulkanDevice> device, const ModelInfo& info, GpuWeights weights)
    : device_(std::move(device)), info_(info), weights_(weights)
{
    deviceArena_ = std::make_unique<GpuArena>(*device_, MemoryKind::Device);
    uploadArena_ = std::make_unique<GpuArena>(*device_, MemoryKind::Upload, VkDeviceSize(16) << 20);
    readbackArena_ = std::make_unique<GpuArena>(*device_, MemoryKind::Readback, VkDeviceSize(16) << 20);
    kernels_ = std::make_unique<GpuKernels>(*device_);
    blocks_ = makeBlocks(info.arch);
}

VulkanModel::~VulkanModel()
{
    for (auto& [key, cmd] : passes_)
        device_->freeCommandBuffer(cmd);
    // States still on the device come back to their handles while the device is there.
    residents_.reset();
    // Pipelines and memory go before the device (members are destroyed in reverse order).
    blocks_.reset();
    kernels_.reset();
    deviceArena_.reset();
    uploadArena_.reset();
    readbackArena_.reset();
}

StateTransfers VulkanModel::stateTransfers() const
{
    if (!residents_)
        return {};
    std::lock_guard<std::mutex> lock(residents_->mutex());
    return residents_->transfers();
}

void VulkanModel::setInfo(const ModelInfo& info)
{
    info_ = info;
    info_.backend = "vulkan: " + device_->summary().name;
    info_.fallbackReason.clear();
    info_.deviceMemoryBytes = deviceArena_->bytesReserved() + uploadArena_->bytesReserved() +
                              readbackArena_->bytesReserved();
}

void VulkanModel::build(WeightSource& w)
{
    const int D = info_.embd, V = info_.vocab, L = info_.layers;
    if (info_.headSize > 64)
        throw Error(ErrorCode::Unsupported, "the GPU kernels handle heads of up to 64 channels, this model has " +
                                                std::to_string(info_.headSize));
    State probe(info_);
    stateFloats_ = probe.all().size();
    layerSize_ = probe.layerSize();

    // The frame, in ModelBase::buildFrame's order.
    WeightUploader up(*device_, *deviceArena_, weights_);
    emb_ = w.vector("emb.weight", size_t(V) * D);
    std::vector<float> ln0w = w.vector("blocks.0.ln0.weight", size_t(D));
    std::vector<float> ln0b = w.vector("blocks.0.ln0.bias", size_t(D));
    for (int v = 0; v < V; ++v) {
        float* row = emb_.data() + size_t(v) * D;
        cpu::layerNorm(row, row, ln0w.data(), ln0b.data(), D, kLnEps);
    }
    ln1_.resize(size_t(L));
    ln2_.resize(size_t(L));
    for (int i = 0; i < L; ++i) {
        std::string p = "blocks." + std::to_string(i) + ".";
        ln1_[size_t(i)].w = up.vector(w.vector(p + "ln1.weight", size_t(D)));
        ln1_[size_t(i)].b = up.vector(w.vector(p + "ln1.bias", size_t(D)));
        ln2_[size_t(i)].w = up.vector(w.vector(p + "ln2.weight", size_t(D)));
        ln2_[size_t(i)].b = up.vector(w.vector(p + "ln2.bias", size_t(D)));
    }
    lnOut_.w = up.vector(w.vector("ln_out.weight", size_t(D)));
    lnOut_.b = up.vector(w.vector("ln_out.bias", size_t(D)));
    // The head decides every token: it keeps 16 bits when the layers are quantized.
    head_ = up.matrix(w.matrix("head.weight", V, D), std::min(weights_, GpuWeights::F16));
    blocks_->build(w, up, info_);
    up.finish();

    const size_t rowD = size_t(kMaxRows) * size_t(D) * sizeof(float);
    x_ = deviceArena_->allocate(rowD);
    xn_ = deviceArena_->allocate(rowD);
    out_ = deviceArena_->allocate(rowD);
    vFirst_ = deviceArena_->allocate(rowD);
    normed_ = deviceArena_->allocate(rowD);
    const size_t scratchWidth = size_t(std::max({blocks_->scratchWidth(), D, info_.ffnDim}));
    for (GpuRange& s : scratch_)
        s = deviceArena_->allocate(size_t(kMaxRows) * scratchWidth * sizeof(float));
    const size_t logitBytes = size_t(kMaxRows) * size_t(V) * sizeof(float);
    logits_ = deviceArena_->allocate(logitBytes);
    residents_ = std::make_unique<ResidentStates>(*device_, *kernels_, *deviceArena_, *uploadArena_, *readbackArena_,
                                                  stateFloats_, stateSlots());
    embStaging_ = uploadArena_->allocate(rowD);
    logitsReadback_ = readbackArena_->allocate(logitBytes);
    ids_ = deviceArena_->allocate(size_t(kMaxRows) * sizeof(uint32_t));
    idsReadback_ = readbackArena_->allocate(size_t(kMaxRows) * sizeof(uint32_t));
    if (device_->hasFloat64()) {
        sampleWeights_ = deviceArena_->allocate(logitBytes);
        sampling_ = std::make_unique<GpuSampling>(*uploadArena_, kMaxRows);
    }
    setInfo(info_);
}

void VulkanModel::recordFrame(GpuKernels& k, int batch, int tokens, Head head) const
{
    const int D = info_.embd;
    PassShape shape{batch, tokens, uint32_t(stateFloats_)};
    const int rows = shape.rows();
    const size_t n = size_t(rows) * size_t(D);
    LayerPass pass;
    pass.k = &k;
    pass.shape = shape;
    pass.width = D;
    pass.xn = xn_.address;
    pass.out = out_.address;
    pass.layerSize = layerSize_;
    pass.vFirst = vFirst_.address;
    for (int i = 0; i < kScratchSlots; ++i)
        pass.scratch[i] = scratch_[i].address;
    for (int i = 0; i < info_.layers; ++i) {
        pass.layerState = offsetFloats(residents_->slotAddress(), size_t(i) * layerSize_);
        k.norm(x_.address, xn_.address, ln1_[size_t(i)].w, ln1_[size_t(i)].b, D, 1, rows, kLnEps);
        blocks_->timeMix(pass, i);
        k.elementwise(ElementOp::Add, x_.address, out_.address, 0, x_.address, n, 0);
        k.norm(x_.address, xn_.address, ln2_[size_t(i)].w, ln2_[size_t(i)].b, D, 1, rows, kLnEps);
        blocks_->channelMix(pass, i);
        k.elementwise(ElementOp::Add, x_.address, out_.address, 0, x_.address, n, 0);
    }
    if (head == Head::None)
        return;
    const bool all = head == Head::All;
    const int headRows = all ? rows : batch;
    k.norm(x_.address, normed_.address, lnOut_.w, lnOut_.b, D, 1, headRows, kLnEps, all ? 0 : tokens - 1,
           all ? 1 : tokens);
    if (head == Head::Hidden)
        return; // read back from normed_
    k.matmul(head_, normed_.address, logits_.address, headRows);
    if (head == Head::LastIds)
        k.argmax(logits_.address, ids_.address, headRows, info_.vocab);
    else if (head == Head::LastSample)
        k.sample(logits_.address, sampleWeights_.address, sampling_->rows(), ids_.address, headRows, info_.vocab);
}

VkCommandBuffer VulkanModel::passCommands(int batch, int tokens, Head head) const
{
    auto key = std::make_tuple(batch, tokens, head);
    if (auto it = passes_.find(key); it != passes_.end())
        return it->second;
    VkCommandBuffer cmd = device_->allocateCommandBuffer();
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    check(vkBeginCommandBuffer(cmd, &begin), "recording a forward pass");
    const int rows = batch * tokens;
    VkBufferCopy in{embStaging_.offset, x_.offset, VkDeviceSize(rows) * VkDeviceSize(info_.embd) * sizeof(float)};
    vkCmdCopyBuffer(cmd, embStaging_.buffer, x_.buffer, 1, &in);
    GpuKernels& k = *kernels_;
    k.begin(cmd);
    k.transferToCompute();
    recordFrame(k, batch, tokens, head);
    k.computeToTransfer();
    if (head == Head::LastIds || head == Head::LastSample) {
        VkBufferCopy out{ids_.offset, idsReadback_.offset, VkDeviceSize(batch) * sizeof(uint32_t)};
        vkCmdCopyBuffer(cmd, ids_.buffer, idsReadback_.buffer, 1, &out);
        k.transferToHost();
    } else if (head == Head::Hidden) {
        VkBufferCopy out{normed_.offset, logitsReadback_.offset, VkDeviceSize(info_.embd) * sizeof(float)};
        vkCmdCopyBuffer(cmd, normed_.buffer, logitsReadback_.buffer, 1, &out);
        k.transferToHost();
    } else if (head != Head::None) {
        const int headRows = head == Head::All ? rows : batch;
        VkBufferCopy out{logits_.offset, logitsReadback_.offset,
                         VkDeviceSize(headRows) * VkDeviceSize(info_.vocab) * sizeof(float)};
        vkCmdCopyBuffer(cmd, logits_.buffer, logitsReadback_.buffer, 1, &out);
        k.transferToHost();
    }
    check(vkEndCommandBuffer(cmd), "recording a forward pass");
    passes_.emplace(key, cmd);
    return cmd;
}

void VulkanModel::checkState(State& state) const
{
    if (state.empty())
        state = newState();
    if (state.arch() != info_.arch || state.layers() != info_.layers || state.size() != stateFloats_)
        throw Error(ErrorCode::Mismatch, "the state belongs to a model of another shape");
    if (state.fingerprint() != info_.fingerprint)
        throw Error(ErrorCode::Mismatch, "the state belongs to different model weights");
}

void VulkanModel::stageEmbeddings(const int32_t* tokens, size_t count, size_t firstRow) const
{
    const size_t D = size_t(info_.embd);
    for (size_t i = 0; i < count; ++i) {
        int32_t t = tokens[i];
        if (t < 0 || t >= info_.vocab)
            throw Error(ErrorCode::InvalidArgument, "token id " + std::to_string(t) + " is outside the vocabulary (0.." +
                                                        std::to_string(info_.vocab - 1) + ")");
        std::memcpy(embStaging_.floats() + (firstRow + i) * D, emb_.data() + size_t(t) * D, D * sizeof(float));
    }
}

void VulkanModel::forward(State& state, std::span<const int32_t> tokens, LogitsMode mode, std::span<float> logits,
                          const RunControl& control) const
{
    const size_t V = size_t(info_.vocab);
    checkState(state);
    const size_t need = outputFloats(mode, tokens.size(), V, size_t(info_.embd));
    if (tokens.empty() && (mode == LogitsMode::Last || mode == LogitsMode::Hidden))
        throw Error(ErrorCode::InvalidArgument, "logits after the last token were asked for, but no tokens were given");
    if (logits.size() < need)
        throw Error(ErrorCode::InvalidArgument, "the logits buffer holds " + std::to_string(logits.size()) +
                                                    " floats, " + std::to_string(need) + " are needed");
    for (int32_t t : tokens)
        if (t < 0 || t >= info_.vocab)
            throw Error(ErrorCode::InvalidArgument, "token id " + std::to_string(t) + " is outside the vocabulary (0.." +
                                                        std::to_string(info_.vocab - 1) + ")");
    if (tokens.empty())
        return;

    State* one[] = {&state};
    residents_->releaseForeign(one);
    std::lock_guard<std::mutex> lock(residents_->mutex());
    residents_->place(one);
    size_t done = 0;
    while (done < tokens.size()) {
        if (control.cancel && control.cancel->load())
            throw Error(ErrorCode::Cancelled, "cancelled");
        const int T = int(std::min<size_t>(kMaxRows, tokens.size() - done));
        const bool last = done + size_t(T) == tokens.size();
        Head head = mode == LogitsMode::All ? Head::All : Head::None;
        if (last && mode == LogitsMode::Last)
            head = Head::Last;
        else if (last && mode == LogitsMode::Hidden)
            head = Head::Hidden;
        stageEmbeddings(tokens.data() + done, size_t(T), 0);
        VkCommandBuffer cmd = passCommands(1, T, head);
        device_->submitAndWait(std::span<const VkCommandBuffer>(&cmd, 1));
        residents_->ran(one);
        if (head == Head::All)
            std::memcpy(logits.data() + done * V, logitsReadback_.floats(), size_t(T) * V * sizeof(float));
        else if (head == Head::Last)
            std::memcpy(logits.data(), logitsReadback_.floats(), V * sizeof(float));
        else if (head == Head::Hidden)
            std::memcpy(logits.data(), logitsReadback_.floats(), size_t(info_.embd) * sizeof(float));
        done += size_t(T);
        tokensEvaluated_ += uint64_t(T);
        if (control.progress)
            control.progress(done, tokens.size());
    }
    state.addTokensSeen(tokens.size());
}

void VulkanModel::checkBatch(std::span<State* const> states, std::span<const int32_t> tokens) const
{
    if (tokens.size() != states.size())
        throw Error(ErrorCode::InvalidArgument, "a batch needs one token per state");
    for (size_t i = 0; i < states.size(); ++i) {
        checkState(*states[i]);
        for (size_t j = 0; j < i; ++j)
            if (states[j] == states[i])
                throw Error(ErrorCode::InvalidArgument, "a batch names the same state twice");
    }
}

template <class Prepare, class Consume>
void VulkanModel::runBatch(std::span<State* const> states, std::span<const int32_t> tokens, Head head,
                           Prepare prepare, Consume consume) const
{
    residents_->releaseForeign(states);
    std::lock_guard<std::mutex> lock(residents_->mutex());
    const size_t perPass = size_t(std::min(kMaxRows, residents_->slots()));
    for (size_t begin = 0; begin < states.size(); begin += perPass) {
        const size_t B = std::min(perPass, states.size() - begin);
        std::span<State* const> pass = states.subspan(begin, B);
        residents_->place(pass);
        stageEmbeddings(tokens.data() + begin, B, 0);
        prepare(begin, B);
        VkCommandBuffer cmd = passCommands(int(B), 1, head);
        device_->submitAndWait(std::span<const VkCommandBuffer>(&cmd, 1));
        residents_->ran(pass);
        consume(begin, B);
        for (State* s : pass)
            s->addTokensSeen(1);
        tokensEvaluated_ += uint64_t(B);
    }
}

void VulkanModel::forwardBatch(std::span<State* const> states, std::span<const int32_t> tokens,
                               std::span<float> logits, BatchRows) const
{
    const size_t V = size_t(info_.vocab);
    if (logits.size() < states.size() * V)
        throw Error(ErrorCode::InvalidArgument, "a batch needs V logits per state");
    checkBatch(states, tokens);
    runBatch(states, tokens, Head::Last, [](size_t, size_t) {}, [&](size_t begin, size_t count) {
        std::memcpy(logits.data() + begin * V, logitsReadback_.floats(), count * V * sizeof(float));
    });
}

void VulkanModel::forwardBatchArgmax(std::span<State* const> states, std::span<const int32_t> tokens,
                                     std::span<int32_t> next, BatchRows) const
{
    if (next.size() < states.size())
        throw Error(ErrorCode::InvalidArgument, "a batch needs room for one id per state");
    checkBatch(states, tokens);
    runBatch(states, tokens, Head::LastIds, [](size_t, size_t) {}, [&](size_t begin, size_t count) {
        const uint32_t* ids = static_cast<const uint32_t*>(idsReadback_.mapped);
        for (size_t i = 0; i < count; ++i)
            next[begin + i] = ids[i] == 0xffffffffu ? -1 : int32_t(ids[i]);
    });
}

void VulkanModel::forwardBatchSample(std::span<State* const> states, std::span<const int32_t> tokens,
                                     std::span<Sampler* const> samplers, std::span<int32_t> next, BatchRows rows) const
{
    if (!sampling_) {
        Model::forwardBatchSample(states, tokens, samplers, next, rows);
        return;
    }
    if (samplers.size() != states.size() || next.size() < states.size())
        throw Error(ErrorCode::InvalidArgument, "a batch needs one sampler and room for one id per state");
    for (Sampler* s : samplers)
        if (!s)
            throw Error(ErrorCode::InvalidArgument, "a batch needs one sampler per state");
    checkBatch(states, tokens);
    // Drawn before the pass, in batch order: each sampler's generator advances as sample() would.
    std::vector<SamplingStep> steps(states.size());
    for (size_t i = 0; i < states.size(); ++i)
        steps[i] = samplers[i]->prepareStep(size_t(info_.vocab));
    bool allBanned = false;
    runBatch(
        states, tokens, Head::LastSample,
        [&](size_t begin, size_t count) {
            sampling_->stage(samplers.subspan(begin, count), std::span<const SamplingStep>(steps).subspan(begin, count));
        },
        [&](size_t begin, size_t count) {
            const uint32_t* ids = static_cast<const uint32_t*>(idsReadback_.mapped);
            for (size_t i = 0; i < count; ++i) {
                next[begin + i] = ids[i] == 0xffffffffu ? -1 : int32_t(ids[i]);
                allBanned |= ids[i] == 0xffffffffu;
            }
        });
    if (allBanned)
        throw Error(ErrorCode::InvalidArgument, "every token is banned: there is nothing to sample");
}

} // namespace rwkv::vulkan
