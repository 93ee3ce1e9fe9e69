// The training loss of RWKV-7 on one sample and its gradients: next-token cross entropy over the
// positions that have a target, backpropagated through the head, every block (recomputed one at a
// time, so only block inputs are kept for the whole sample) and the embedding.
#pragma once

#include "train/v7_weights.h"

#include <cstdint>
#include <span>

namespace rwkv::train {

// Targets of a sample: targets[t] is the token that should follow tokens[0..t], or kNoTarget
// where the loss ignores the position (padding, a chat's user turns).
constexpr int32_t kNoTarget = -1;

struct LossSum {
    double sum = 0; // Σ of -log p(target) over the counted positions
    int count = 0;  // positions counted
    double mean() const { return count ? sum / count : 0.0; }
};

// Runs `tokens` (T ids) from a fresh state and returns the summed loss. When `grads` is given,
// adds gradScale × d(sum)/d(tensor) to each of its non-empty tensors. `dropout` applies to the
// LoRA inputs (the gradients are exact for its mask). Throws rwkv::Error for ids outside the
// vocabulary or targets of another length.
template <class F>
LossSum lossAndGradients(const TrainWeights<F>& weights, std::span<const int32_t> tokens,
                         std::span<const int32_t> targets, TrainWeights<F>* grads = nullptr, double gradScale = 1.0,
                         LoraDropout dropout = {});

} // namespace rwkv::train
