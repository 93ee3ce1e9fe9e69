// TextGenerator runs the loop every front end needs: feed the prompt, then sample, decode and
// stream text until a stop token, a stop string, the token limit or a cancel. Text handed to the
// callback is always complete UTF-8 and never contains (part of) a stop string. The caller owns
// the State, so a conversation can keep it and continue later without re-reading its history.
#pragma once

#include "model/model.h"
#include "sampling/sampler.h"
#include "tokenizer/tokenizer.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace rwkv {

struct GenerationSettings {
    int maxTokens = 256;
    SamplerSettings sampling;
    std::vector<std::string> stopStrings;
    std::vector<int32_t> stopTokens = {0}; // token 0 ends a document in every RWKV vocabulary
};

enum class StopReason { StopToken, StopString, MaxTokens, Cancelled };

struct GenerationResult {
    std::string text;
    std::vector<int32_t> tokens; // generated tokens that were fed back into the state
    StopReason reason = StopReason::MaxTokens;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    size_t promptTokens = 0;
};

class TextGenerator {
public:
    TextGenerator(const Model& model, const Tokenizer& tokenizer) : model_(model), tokenizer_(tokenizer) {}

    // Feeds `prompt` into `state` (may be empty when the state already holds it and `lastLogits`
    // are given), then generates. `onText` receives each newly complete piece of text. After the
    // call `state` has absorbed the prompt and every token in result.tokens. A stop token is not
    // fed; with a stop string the tokens that completed it are fed (their text is not returned).
    GenerationResult run(State& state, const std::vector<int32_t>& prompt, const GenerationSettings& settings,
                         const std::function<void(const std::string&)>& onText,
                         const std::atomic<bool>* cancel = nullptr, std::vector<float> lastLogits = {}) const;

private:
    const Model& model_;
    const Tokenizer& tokenizer_;
};

} // namespace rwkv
