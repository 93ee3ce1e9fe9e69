#include "vulkan/resident_states.h"

#include "core/error.h"

#include <cstring>

namespace rwkv::vulkan {

ResidentStates::ResidentStates(VulkanDevice& device, GpuKernels& kernels, GpuArena& deviceArena,
                               GpuArena& uploadArena, GpuArena& readbackArena, size_t stateFloats, int slots)
    : device_(device), kernels_(kernels), stateFloats_(stateFloats), hub_(std::make_shared<ResidencyHub>()),
      slots_(size_t(slots))
{
    const size_t bytes = stateFloats_ * sizeof(float);
    slotRange_ = deviceArena.allocate(bytes * size_t(slots));
    spare_ = deviceArena.allocate(bytes);
    staging_ = uploadArena.allocate(bytes * size_t(slots));
    readback_ = readbackArena.allocate(bytes * size_t(slots));
    hub_->owner = this;
}

ResidentStates::~ResidentStates()
{
    std::lock_guard<std::mutex> lock(hub_->mutex);
    for (Slot& s : slots_) {
        std::shared_ptr<ResidentState> owner = s.owner.lock();
        if (!owner)
            continue;
        if (owner->newer_) {
            try {
                owner->evicted_.resize(stateFloats_);
                download(owner->slot_, owner->evicted_);
            } catch (const Error&) {
                // A lost device: the State keeps its last CPU values; nothing better is possible.
                owner->evicted_.clear();
                owner->newer_ = false;
            }
        }
        owner->slot_ = -1;
    }
    hub_->owner = nullptr;
}

std::shared_ptr<ResidentState> ResidentStates::handleOf(State& state) const
{
    auto h = std::dynamic_pointer_cast<ResidentState>(state.deviceCopy());
    return h && h->hub_ == hub_ ? h : nullptr;
}

void ResidentStates::releaseForeign(std::span<State* const> states) const
{
    for (State* s : states)
        if (s->deviceCopy() && !handleOf(*s))
            (void)s->all(); // pulls the values back and lets the other model's copy go
}

VkCommandBuffer ResidentStates::beginCommands() const
{
    VkCommandBuffer cmd = device_.allocateCommandBuffer();
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    if (VkResult r = vkBeginCommandBuffer(cmd, &begin); r != VK_SUCCESS) {
        device_.freeCommandBuffer(cmd);
        check(r, "recording a state copy");
    }
    kernels_.begin(cmd);
    kernels_.computeToTransfer(); // the last pass wrote the slots
    return cmd;
}

void ResidentStates::submit(VkCommandBuffer cmd) const
{
    try {
        check(vkEndCommandBuffer(cmd), "recording a state copy");
        device_.submitAndWait(std::span<const VkCommandBuffer>(&cmd, 1));
    } catch (...) {
        device_.freeCommandBuffer(cmd);
        throw;
    }
    device_.freeCommandBuffer(cmd);
}

void ResidentStates::copy(VkCommandBuffer cmd, const GpuRange& from, size_t fromState, const GpuRange& to,
                          size_t toState) const
{
    const VkDeviceSize bytes = stateFloats_ * sizeof(float);
    VkBufferCopy c{from.offset + fromState * bytes, to.offset + toState * bytes, bytes};
    vkCmdCopyBuffer(cmd, from.buffer, to.buffer, 1, &c);
}

void ResidentStates::transferBarrier(VkCommandBuffer cmd) const
{
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT;
    barrier.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &barrier, 0,
                         nullptr, 0, nullptr);
}

void ResidentStates::download(int slot, std::span<float> host)
{
    VkCommandBuffer cmd = beginCommands();
    copy(cmd, slotRange_, size_t(slot), readback_, 0);
    kernels_.transferToHost();
    submit(cmd);
    std::memcpy(host.data(), readback_.floats(), stateFloats_ * sizeof(float));
    ++transfers_.downloads;
}

void ResidentStates::place(std::span<State* const> states)
{
    const size_t B = states.size();
    if (B > slots_.size())
        throw Error(ErrorCode::InvalidArgument, "a pass got more states than the GPU has state slots");
    ++clock_;
    std::vector<std::shared_ptr<ResidentState>> h(B);
    for (size_t i = 0; i < B; ++i) {
        h[i] = handleOf(*states[i]);
        if (!h[i]) {
            h[i] = std::make_shared<ResidentState>(hub_);
            states[i]->attachDeviceCopy(h[i]);
        }
        if (h[i]->slot_ < 0 && h[i]->newer_) { // evicted earlier: its values wait in the handle
            std::span<float> host = states[i]->hostValues();
            std::memcpy(host.data(), h[i]->evicted_.data(), stateFloats_ * sizeof(float));
            h[i]->evicted_ = {};
            h[i]->newer_ = false;
        }
    }
    auto inBatch = [&](const ResidentState* r) {
        for (const auto& x : h)
            if (x.get() == r)
                return true;
        return false;
    };

    // A slot for every state that has none: a free one, else the least recently used of a state
    // outside this batch, whose values are downloaded first when the device holds the newest.
    std::vector<std::pair<int, std::shared_ptr<ResidentState>>> evictions;
    std::vector<std::pair<int, size_t>> uploads; // slot, batch index
    for (size_t i = 0; i < B; ++i) {
        if (h[i]->slot_ >= 0)
            continue;
        int chosen = -1;
        std::shared_ptr<ResidentState> victim;
        for (size_t s = 0; s < slots_.size(); ++s) {
            std::shared_ptr<ResidentState> owner = slots_[s].owner.lock();
            if (!owner) {
                chosen = int(s);
                victim.reset();
                break;
            }
            if (inBatch(owner.get()))
                continue;
            if (chosen < 0 || slots_[s].lastUse < slots_[size_t(chosen)].lastUse) {
                chosen = int(s);
                victim = owner;
            }
        }
        if (chosen < 0)
            throw Error(ErrorCode::InvalidArgument, "a pass got more states than the GPU has state slots");
        if (victim) {
            if (victim->newer_)
                evictions.emplace_back(chosen, victim);
            victim->slot_ = -1;
        }
        slots_[size_t(chosen)].owner = h[i];
        h[i]->slot_ = chosen;
        uploads.emplace_back(chosen, i);
    }

    VkCommandBuffer cmd = VK_NULL_HANDLE;
    auto commands = [&] {
        if (!cmd)
            cmd = beginCommands();
        return cmd;
    };
    for (size_t e = 0; e < evictions.size(); ++e)
        copy(commands(), slotRange_, size_t(evictions[e].first), readback_, e);
    if (!uploads.empty()) {
        if (cmd)
            transferBarrier(cmd);
        for (size_t u = 0; u < uploads.size(); ++u) {
            std::span<float> host = states[uploads[u].second]->hostValues();
            std::memcpy(staging_.floats() + u * stateFloats_, host.data(), stateFloats_ * sizeof(float));
            copy(commands(), staging_, u, slotRange_, size_t(uploads[u].first));
        }
    }
    // The batch must sit in slots 0..B-1 in order: swap on the device where it does not. Slots
    // before i already hold their states, so each swap moves only later ones.
    for (size_t i = 0; i < B; ++i) {
        const int j = h[i]->slot_;
        if (j == int(i))
            continue;
        std::shared_ptr<ResidentState> other = slots_[i].owner.lock();
        transferBarrier(commands());
        if (other) {
            copy(cmd, slotRange_, i, spare_, 0);
            transferBarrier(cmd);
        }
        copy(cmd, slotRange_, size_t(j), slotRange_, i);
        if (other) {
            transferBarrier(cmd);
            copy(cmd, spare_, 0, slotRange_, size_t(j));
            other->slot_ = j;
        }
        std::swap(slots_[i], slots_[size_t(j)]);
        h[i]->slot_ = int(i);
        ++transfers_.deviceMoves;
    }
    for (size_t i = 0; i < B; ++i)
        slots_[i].lastUse = clock_;
    if (!cmd)
        return;
    kernels_.transferToCompute();
    if (!evictions.empty())
        kernels_.transferToHost();
    submit(cmd);
    for (size_t e = 0; e < evictions.size(); ++e) {
        const float* from = readback_.floats() + e * stateFloats_;
        evictions[e].second->evicted_.assign(from, from + stateFloats_);
    }
    transfers_.downloads += evictions.size();
    transfers_.uploads += uploads.size();
}

void ResidentStates::ran(std::span<State* const> states)
{
    for (State* s : states)
        if (std::shared_ptr<ResidentState> h = handleOf(*s))
            h->newer_ = true;
}

void ResidentState::pull(std::span<float> host)
{
    std::lock_guard<std::mutex> lock(hub_->mutex);
    if (!newer_)
        return;
    if (slot_ >= 0 && hub_->owner) {
        hub_->owner->download(slot_, host);
    } else {
        std::memcpy(host.data(), evicted_.data(), host.size() * sizeof(float));
        evicted_ = {};
    }
    newer_ = false;
}

} // namespace rwkv::vulkan
