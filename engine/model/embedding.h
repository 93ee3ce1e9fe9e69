// Text vectors and likelihoods from the loaded language model itself, so one model serves
// retrieval, re-ranking and answering (the Documents pane, the API server's /v1/embeddings).
//
// embed() follows EmbeddingRWKV and RWKV_LM_EXT: the model reads the text and then an end token,
// and the hidden vector after ln_out at that end token, L2-normalised, stands for the text. A text
// longer than one window is read window by window, each from a fresh state, and the windows'
// end-token vectors are averaged before normalising. Each window starts from the model's initial
// state and is fed in one forward call, so a text gives the same vector whatever was embedded
// before or beside it.
#pragma once

#include "model/model.h"

#include <cstdint>
#include <span>
#include <vector>

namespace rwkv {

struct EmbedOptions {
    size_t window = 512;   // tokens per window, end token not counted
    int32_t endToken = 0;  // read after each window; its hidden vector is the window's vector
};

// The unit-length vector of `tokens` (model width D floats). Empty text embeds the end token alone.
// Throws like Model::forward (token out of range, cancelled).
std::vector<float> embed(const Model& model, std::span<const int32_t> tokens, const EmbedOptions& options = {},
                         const RunControl& control = {});

// Dot product of two unit vectors of the same length: their cosine similarity.
float cosine(std::span<const float> a, std::span<const float> b);

// The mean natural-log probability of `continuation`, token by token, after the model has read
// `context` (both from the model's initial state): how likely a question is after a passage, the
// re-ranking score. Empty continuation gives 0. Throws like Model::forward.
double meanLogProbability(const Model& model, std::span<const int32_t> context, std::span<const int32_t> continuation,
                          const RunControl& control = {});

} // namespace rwkv
