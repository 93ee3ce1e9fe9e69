#include "sampling/text_generator.h"

#include "core/error.h"
#include "sampling/stop_matcher.h"

#include <algorithm>
#include <chrono>

namespace rwkv {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

GenerationResult TextGenerator::run(State& state, const std::vector<int32_t>& prompt, const GenerationSettings& settings,
                                    const std::function<void(const std::string&)>& onText,
                                    const std::atomic<bool>* cancel, std::vector<float> logits) const
{
    GenerationResult result;
    result.promptTokens = prompt.size();
    auto t0 = std::chrono::steady_clock::now();
    RunControl control;
    control.cancel = cancel;
    if (!prompt.empty()) {
        try {
            logits = model_.prefill(state, prompt, control);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::Cancelled)
                throw;
            result.reason = StopReason::Cancelled;
            return result;
        }
    }
    if (logits.size() != size_t(model_.info().vocab))
        throw Error(ErrorCode::InvalidArgument, "generation needs a prompt or the logits after the saved state");
    result.prefillSeconds = secondsSince(t0);

    auto t1 = std::chrono::steady_clock::now();
    Sampler sampler(settings.sampling);
    Utf8StreamDecoder decoder;
    StopMatcher stops(settings.stopStrings);
    auto emit = [&](const std::string& text) {
        if (text.empty())
            return;
        result.text += text;
        if (onText)
            onText(text);
    };
    result.reason = StopReason::MaxTokens;
    // The first token comes from the prompt's logits; every later one is chosen by the model
    // together with the step that feeds its predecessor (on a GPU only the id comes back).
    int32_t chosen = -1;
    for (int i = 0; i < settings.maxTokens; ++i) {
        if (cancel && cancel->load()) {
            result.reason = StopReason::Cancelled;
            break;
        }
        int32_t token = i == 0 ? sampler.sample(logits) : chosen;
        if (std::find(settings.stopTokens.begin(), settings.stopTokens.end(), token) != settings.stopTokens.end()) {
            result.reason = StopReason::StopToken;
            break;
        }
        sampler.accept(token);
        result.tokens.push_back(token);
        State* states[] = {&state};
        if (i + 1 < settings.maxTokens) {
            Sampler* samplers[] = {&sampler};
            model_.forwardBatchSample(states, std::span<const int32_t>(&token, 1), samplers,
                                      std::span<int32_t>(&chosen, 1));
        } else {
            model_.forward(state, std::span<const int32_t>(&token, 1), LogitsMode::None, {});
        }
        StopMatcher::Result piece = stops.push(decoder.push(tokenizer_.tokenBytes(token)));
        emit(piece.text);
        if (piece.stopped) {
            result.reason = StopReason::StopString;
            break;
        }
    }
    if (result.reason != StopReason::StopString) {
        StopMatcher::Result tail = stops.push(decoder.flush());
        emit(tail.text);
        if (tail.stopped)
            result.reason = StopReason::StopString;
        else
            emit(stops.flush());
    }
    result.decodeSeconds = secondsSince(t1);
    return result;
}

} // namespace rwkv
