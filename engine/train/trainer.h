// Trainer runs one fine-tuning run of an RWKV-7 model: LoRA, state tuning or full training on
// packed samples, one optimizer step at a time (batch × accumulation samples, clipping, AdamW on
// the learning-rate schedule), seeded and deterministic for a given thread count. A run saves a
// checkpoint (trainable tensors, optimizer moments, data cursor) that resume() continues exactly
// as if it had never stopped, and writes the files the official tools read.
#pragma once

#include "train/adamw.h"
#include "train/training_data.h"
#include "train/v7_weights.h"

#include <cstdint>
#include <optional>
#include <string>

namespace rwkv::train {

enum class TrainMethod { Lora, State, Full };

const char* methodName(TrainMethod m);
// "lora", "state" or "full"; Error(InvalidArgument) otherwise.
TrainMethod parseMethod(const std::string& name);

struct TrainSettings {
    TrainMethod method = TrainMethod::Lora;
    int loraRank = 8;
    double loraAlpha = 16;
    bool trainLayerNorms = false;
    double loraDropout = 0; // RWKV-PEFT's lora_dropout: share of each LoRA's inputs dropped in training
    // RWKV-PEFT's defaults: LoRA and full lr 1e-4 → 1e-5; state tuning trains far larger rates.
    double lr = 1e-4;
    double lrFinal = 1e-5;
    LearningRate::Decay decay = LearningRate::Decay::Cosine;
    int warmupSteps = 0;
    int steps = 0;       // optimizer steps; 0 = from epochs
    double epochs = 1.0; // passes over the training samples when steps == 0
    int ctx = 512;
    int batch = 1;       // samples per micro-step
    int accumulate = 1;  // micro-steps per optimizer step
    double clip = 1.0;   // global gradient norm (<= 0: none)
    double weightDecay = 0.0;
    uint64_t seed = 42;
    double validationFraction = 0.05;
    int validationEvery = 0; // steps between validation losses; 0 = about 10 per run
    // LoRA and state tuning: the frozen large matrices in this compute format (bf16, f16, int8,
    // q4) instead of float32 — the same products inference runs, in a fraction of the memory.
    std::optional<WeightFormat> frozenWeights;

    // The defaults of a method (learning rates), everything else as given.
    static TrainSettings forMethod(TrainMethod m);
    // Error(InvalidArgument) naming the first impossible value.
    void validate() const;
};

struct StepReport {
    int step = 0;             // 1-based, the step just taken
    int totalSteps = 0;
    double loss = 0;          // mean over the step's learnt tokens
    double lr = 0;
    double gradNorm = 0;
    double tokensPerSecond = 0;
    int tokens = 0;           // tokens read in this step
    std::optional<double> validationLoss;
};

class Trainer {
public:
    // Loads the base model, adds the method's trainable tensors and prepares the optimizer.
    // Throws Error for a model that is not RWKV-7 (with a sentence) and for bad settings.
    Trainer(const std::string& modelPath, SampleSplit data, TrainSettings settings);

    const TrainSettings& settings() const { return settings_; }
    int totalSteps() const { return totalSteps_; }
    int stepsDone() const { return stepsDone_; }
    bool finished() const { return stepsDone_ >= totalSteps_; }
    size_t trainingSamples() const { return data_.train.size(); }
    size_t validationSamples() const { return data_.validation.size(); }

    // Takes one optimizer step.
    StepReport step();
    // Mean loss over the validation samples (the training samples when there are none).
    double validationLoss() const;

    // Writes a checkpoint into `dir` (created if needed), replacing the previous one atomically.
    void saveCheckpoint(const std::string& dir) const;
    // Continues the run saved in `dir`: the same model, data and settings must be given.
    // Error(Mismatch) when they differ from the checkpoint's.
    void resume(const std::string& dir);

    // Writes the result: for LoRA, the RWKV-PEFT file (lora_A/lora_B, trained layer norms under
    // their base names) and "<out>.json" with rank and alpha; for state tuning, the
    // time_state file; for full training, the whole model (.pth or .safetensors by extension).
    // Returns the paths written.
    std::vector<std::string> writeOutput(const std::string& out) const;

    const TrainWeights<float>& weights() const { return weights_; }

private:
    const TrainingSample& sampleAt(int64_t cursor) const;
    std::string fingerprint() const;

    std::string modelPath_;
    SampleSplit data_;
    TrainSettings settings_;
    TrainWeights<float> weights_, grads_;
    AdamW optimizer_;
    LearningRate schedule_;
    int totalSteps_ = 0;
    int stepsDone_ = 0;
    int64_t cursor_ = 0; // samples consumed so far, over all epochs
};

} // namespace rwkv::train
