// State is one sequence's memory: the fixed-size recurrent state of every layer. It is a flat
// float32 buffer whose layout is the official package's, part by part (docs/RWKV.md):
//   v5–v7, per layer: att x_prev [D], wkv [H, N, N], ffn x_prev [D]
//         (v7 wkv is [value][key]; v5/v6 wkv is [key][value])
//   v4, per layer:    att x_prev [D], aa [D], bb [D], pp [D], ffn x_prev [D]
// A State is a plain value: copy it to clone a conversation. serialize() writes a versioned binary
// blob tagged with the model fingerprint so it can never be restored into a different model.
// A GPU model may keep the newest values on the device between calls (DeviceStateCopy): every
// accessor below brings them back first, and the non-const ones (which may write) also let the
// device copy go, so callers never see the difference. A copy of a State holds its values on the
// CPU; moving a State moves its device copy along.
#pragma once

#include "model/model_info.h"
#include "state/device_state_copy.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace rwkv {

class State {
public:
    State() = default;
    // A fresh (all-zero; v4 pp = -1e30) state for a model with `info`.
    explicit State(const ModelInfo& info);
    State(const State& o);
    State& operator=(const State& o);
    State(State&&) noexcept = default;
    State& operator=(State&&) noexcept = default;

    bool empty() const { return data_.empty(); }
    Arch arch() const { return arch_; }
    int layers() const { return layers_; }
    uint64_t fingerprint() const { return fingerprint_; }
    // How many tokens this state has absorbed since it was fresh (informational).
    uint64_t tokensSeen() const { return tokensSeen_; }
    void addTokensSeen(uint64_t n) { tokensSeen_ += n; }

    // Floats per layer, and where each part starts inside a layer.
    size_t layerSize() const { return layerSize_; }
    // Floats per layer of a state for a model with `info` (without building one).
    static size_t layerSizeFor(const ModelInfo& info);
    size_t attPrevOffset() const { return 0; }
    size_t wkvOffset() const { return size_t(embd_); } // v5–v7: [H, N, N]; v4: aa, bb, pp follow
    size_t ffnPrevOffset() const { return layerSize_ - size_t(embd_); }
    std::span<float> layer(int i) { return all().subspan(size_t(i) * layerSize_, layerSize_); }
    std::span<const float> layer(int i) const { return all().subspan(size_t(i) * layerSize_, layerSize_); }
    std::span<float> all()
    {
        sync();
        device_.reset(); // the caller may write: the device copy would go stale
        return data_;
    }
    std::span<const float> all() const
    {
        sync();
        return data_;
    }
    // Floats in the whole state (no transfer).
    size_t size() const { return data_.size(); }

    // Versioned binary: magic "RWKVSTAT", format version, arch, dims, fingerprint, tokensSeen, floats.
    std::vector<uint8_t> serialize() const;
    // Parses a blob made by serialize(). Throws Error(Corrupt) on a malformed blob and
    // Error(Mismatch) when `info` (the model it is meant for) has another fingerprint or shape.
    static State deserialize(std::span<const uint8_t> blob, const ModelInfo& info);

    // Same shape, fingerprint, tokensSeen and values (wherever they live).
    bool operator==(const State& o) const;

    // For GPU models: the device copy (null when none), attaching one, and the CPU buffer as it is
    // (without bringing device values back) for the model that owns the device copy.
    const std::shared_ptr<DeviceStateCopy>& deviceCopy() const { return device_; }
    void attachDeviceCopy(std::shared_ptr<DeviceStateCopy> copy) { device_ = std::move(copy); }
    std::span<float> hostValues() { return data_; }

private:
    Arch arch_ = Arch::V7;
    int layers_ = 0;
    int embd_ = 0;
    int heads_ = 0;
    int headSize_ = 0;
    uint64_t fingerprint_ = 0;
    uint64_t tokensSeen_ = 0;
    size_t layerSize_ = 0;
    // Brings newer device values into data_ (const: the values do not change, only where they are).
    void sync() const
    {
        if (device_)
            device_->pull(data_);
    }

    mutable std::vector<float> data_;
    std::shared_ptr<DeviceStateCopy> device_;
};

} // namespace rwkv
