// AdamW over the trainable tensors of a TrainWeights<float>, the learning-rate schedule (linear
// warm-up, then cosine or linear decay to a final rate) and gradient clipping by global norm —
// the optimizer RWKV-PEFT trains with (betas 0.9/0.99, eps 1e-8).
#pragma once

#include "train/v7_weights.h"

#include <cstdint>

namespace rwkv::train {

struct LearningRate {
    enum class Decay { Cosine, Linear };
    double initial = 1e-4;
    double final = 1e-5;
    int warmupSteps = 0;
    int totalSteps = 1;
    Decay decay = Decay::Cosine;

    // The rate for optimizer step `step` (0-based): a linear ramp from initial/warmup to initial
    // over the warm-up, then down to `final` at the last step.
    double at(int step) const;
};

// Scales `grads` so their global L2 norm is at most maxNorm (<= 0: no clipping); returns the
// norm before clipping.
double clipGradients(TrainWeights<float>& grads, double maxNorm);

class AdamW {
public:
    AdamW() = default;
    // Moments shaped like `grads` (its non-empty tensors are the trainable ones).
    explicit AdamW(const TrainWeights<float>& grads, double beta1 = 0.9, double beta2 = 0.99, double eps = 1e-8,
                   double weightDecay = 0.0);

    // weights -= the AdamW update for `grads` at rate lr; counts a step.
    void step(TrainWeights<float>& weights, const TrainWeights<float>& grads, double lr);

    int64_t steps() const { return steps_; }
    // The moments, for checkpoints: first and second moment tensors under the weights' names.
    TrainWeights<float>& firstMoment() { return m_; }
    TrainWeights<float>& secondMoment() { return v_; }
    const TrainWeights<float>& firstMoment() const { return m_; }
    const TrainWeights<float>& secondMoment() const { return v_; }
    void setSteps(int64_t steps) { steps_ = steps; }

private:
    TrainWeights<float> m_, v_;
    double beta1_ = 0.9, beta2_ = 0.99, eps_ = 1e-8, weightDecay_ = 0.0;
    int64_t steps_ = 0;
};

} // namespace rwkv::train
