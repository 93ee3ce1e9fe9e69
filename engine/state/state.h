// State is one sequence's memory: the fixed-size recurrent state of every layer. It is a flat
// float32 buffer whose layout is the official package's, part by part (docs/RWKV.md):
//   v5–v7, per layer: att x_prev [D], wkv [H, N, N], ffn x_prev [D]
//         (v7 wkv is [value][key]; v5/v6 wkv is [key][value])
//   v4, per layer:    att x_prev [D], aa [D], bb [D], pp [D], ffn x_prev [D]
// A State is a plain value: copy it to clone a conversation. serialize() writes a versioned binary
// blob tagged with the model fingerprint so it can never be restored into a different model.
#pragma once

#include "model/model_info.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rwkv {

class State {
public:
    State() = default;
    // A fresh (all-zero; v4 pp = -1e30) state for a model with `info`.
    explicit State(const ModelInfo& info);

    bool empty() const { return data_.empty(); }
    Arch arch() const { return arch_; }
    int layers() const { return layers_; }
    uint64_t fingerprint() const { return fingerprint_; }
    // How many tokens this state has absorbed since it was fresh (informational).
    uint64_t tokensSeen() const { return tokensSeen_; }
    void addTokensSeen(uint64_t n) { tokensSeen_ += n; }

    // Floats per layer, and where each part starts inside a layer.
    size_t layerSize() const { return layerSize_; }
    size_t attPrevOffset() const { return 0; }
    size_t wkvOffset() const { return size_t(embd_); } // v5–v7: [H, N, N]; v4: aa, bb, pp follow
    size_t ffnPrevOffset() const { return layerSize_ - size_t(embd_); }
    std::span<float> layer(int i) { return {data_.data() + size_t(i) * layerSize_, layerSize_}; }
    std::span<const float> layer(int i) const { return {data_.data() + size_t(i) * layerSize_, layerSize_}; }
    std::span<float> all() { return data_; }
    std::span<const float> all() const { return data_; }

    // Versioned binary: magic "RWKVSTAT", format version, arch, dims, fingerprint, tokensSeen, floats.
    std::vector<uint8_t> serialize() const;
    // Parses a blob made by serialize(). Throws Error(Corrupt) on a malformed blob and
    // Error(Mismatch) when `info` (the model it is meant for) has another fingerprint or shape.
    static State deserialize(std::span<const uint8_t> blob, const ModelInfo& info);

    bool operator==(const State& o) const = default;

private:
    Arch arch_ = Arch::V7;
    int layers_ = 0;
    int embd_ = 0;
    int heads_ = 0;
    int headSize_ = 0;
    uint64_t fingerprint_ = 0;
    uint64_t tokensSeen_ = 0;
    size_t layerSize_ = 0;
    std::vector<float> data_;
};

} // namespace rwkv
