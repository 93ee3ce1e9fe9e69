// ResidentStates keeps a VulkanModel's states in device memory between calls, in a bounded number
// of slots, so decoding moves no state over the bus per token. A State that ran on the model holds
// a handle (ResidentState, a DeviceStateCopy) naming its slot and whether the device values are
// newer than the State's CPU buffer; the CPU gets them back only when it asks (State::sync).
// A pass runs on slots 0..B-1, so place() first puts the batch there: it uploads states that are
// not resident, evicts the least recently used states of other batches when slots run out
// (downloading their values into their handles), and swaps slots on the device when a resident
// state sits in the wrong one. The model's lock is the mutex of a Hub shared with the handles, so
// a handle can download its values (or find them already evicted) after the model is gone.
#pragma once

#include "state/state.h"
#include "vulkan/gpu_arena.h"
#include "vulkan/gpu_kernels.h"
#include "vulkan/vulkan_backend.h"

#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace rwkv::vulkan {

class ResidentStates;
class ResidentState;

// What the model and the handles share; `owner` is null once the model is gone.
struct ResidencyHub {
    std::mutex mutex;
    ResidentStates* owner = nullptr;
};

class ResidentStates {
public:
    // `slots` states of `stateFloats` each in device memory, plus one spare for swaps; staging
    // for up to `slots` uploads and downloads at once.
    ResidentStates(VulkanDevice& device, GpuKernels& kernels, GpuArena& deviceArena, GpuArena& uploadArena,
                   GpuArena& readbackArena, size_t stateFloats, int slots);
    // Downloads every state whose newest values are on the device into its handle, so States
    // outlive the model. Takes the lock.
    ~ResidentStates();
    ResidentStates(const ResidentStates&) = delete;
    ResidentStates& operator=(const ResidentStates&) = delete;

    int slots() const { return int(slots_.size()); }
    // Slot 0; slot i starts i * stateFloats floats later.
    Address slotAddress() const { return slotRange_.address; }
    // The model's lock: hold it around place(), the pass and ran().
    std::mutex& mutex() { return hub_->mutex; }

    // Without the lock: brings back the values of states whose device copy belongs to another
    // model (or a model that is gone), so they can be uploaded here.
    void releaseForeign(std::span<State* const> states) const;
    // Makes states[i] resident in slot i (i < slots()); states must be distinct.
    void place(std::span<State* const> states);
    // After a pass over slots 0..n-1 changed them: the device holds the newest values.
    void ran(std::span<State* const> states);

    StateTransfers transfers() const { return transfers_; }

private:
    friend class ResidentState;
    struct Slot {
        std::weak_ptr<ResidentState> owner;
        uint64_t lastUse = 0;
    };
    // Copies slot `slot` into `host` (the lock is held).
    void download(int slot, std::span<float> host);
    std::shared_ptr<ResidentState> handleOf(State& state) const;
    VkCommandBuffer beginCommands() const;
    void submit(VkCommandBuffer cmd) const;
    void copy(VkCommandBuffer cmd, const GpuRange& from, size_t fromState, const GpuRange& to, size_t toState) const;
    void transferBarrier(VkCommandBuffer cmd) const;

    VulkanDevice& device_;
    GpuKernels& kernels_;
    size_t stateFloats_;
    std::shared_ptr<ResidencyHub> hub_;
    GpuRange slotRange_, spare_, staging_, readback_;
    std::vector<Slot> slots_;
    uint64_t clock_ = 0;
    StateTransfers transfers_;
};

// The device copy of one State on one model. Fields are guarded by the hub's mutex.
class ResidentState final : public DeviceStateCopy {
public:
    explicit ResidentState(std::shared_ptr<ResidencyHub> hub) : hub_(std::move(hub)) {}
    void pull(std::span<float> host) override;

private:
    friend class ResidentStates;
    std::shared_ptr<ResidencyHub> hub_;
    int slot_ = -1;            // -1: not on the device
    bool newer_ = false;       // the device (or evicted_) holds newer values than the State
    std::vector<float> evicted_; // the values downloaded when the slot went to another state
};

} // namespace rwkv::vulkan
