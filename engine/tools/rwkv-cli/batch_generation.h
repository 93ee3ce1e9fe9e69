// Several completions of one prompt decoded together with Model::forwardBatch (on a GPU one batched
// pass per token for all of them): `rwkv-cli generate --batch N`. Completion i samples with seed
// settings.sampling.seed + i; each stops on its own (stop token, stop string, token limit).
#pragma once

#include "model/model.h"
#include "sampling/text_generator.h"
#include "tokenizer/tokenizer.h"

#include <string>
#include <vector>

struct BatchCompletion {
    std::string text;
    std::vector<int32_t> tokens;
    rwkv::StopReason reason = rwkv::StopReason::MaxTokens;
};

struct BatchGenerationResult {
    std::vector<BatchCompletion> completions;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    size_t decodeSteps = 0; // batched forward calls
};

BatchGenerationResult generateBatch(const rwkv::Model& model, const rwkv::Tokenizer& tokenizer,
                                    const std::vector<int32_t>& prompt, const rwkv::GenerationSettings& settings,
                                    int count);
