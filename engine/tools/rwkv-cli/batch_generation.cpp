#include "batch_generation.h"

#include "core/error.h"
#include "sampling/sampler.h"
#include "sampling/stop_matcher.h"

#include <algorithm>
#include <chrono>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// One completion in flight: its state, sampler and text assembly.
struct Sequence {
    rwkv::State state;
    rwkv::Sampler sampler;
    rwkv::Utf8StreamDecoder decoder;
    rwkv::StopMatcher stops;
    BatchCompletion out;
    bool done = false;
};

} // namespace

BatchGenerationResult generateBatch(const rwkv::Model& model, const rwkv::Tokenizer& tokenizer,
                                    const std::vector<int32_t>& prompt, const rwkv::GenerationSettings& settings,
                                    int count)
{
    BatchGenerationResult result;
    const size_t V = size_t(model.info().vocab);
    auto t0 = Clock::now();
    rwkv::State prefilled = model.newState();
    std::vector<float> promptLogits = model.prefill(prefilled, prompt);
    result.prefillSeconds = secondsSince(t0);

    auto t1 = Clock::now();
    std::vector<Sequence> seqs;
    seqs.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        rwkv::SamplerSettings s = settings.sampling;
        s.seed += uint64_t(i);
        seqs.push_back(Sequence{prefilled, rwkv::Sampler(s), {}, rwkv::StopMatcher(settings.stopStrings), {}, false});
    }
    std::vector<float> logits(size_t(count) * V);
    for (int i = 0; i < count; ++i)
        std::copy(promptLogits.begin(), promptLogits.end(), logits.begin() + std::ptrdiff_t(size_t(i) * V));

    // The first token of each sequence comes from the prompt's logits; later ones are chosen by
    // the model with the step that feeds their predecessors (on a GPU only the ids come back).
    std::vector<int32_t> chosen(size_t(count), -1);

    for (int step = 0; step < settings.maxTokens; ++step) {
        std::vector<rwkv::State*> states;
        std::vector<rwkv::Sampler*> samplers;
        std::vector<int32_t> tokens;
        std::vector<size_t> which;
        for (size_t i = 0; i < seqs.size(); ++i) {
            Sequence& q = seqs[i];
            if (q.done)
                continue;
            std::span<float> row(logits.data() + i * V, V);
            int32_t token = step > 0 ? chosen[i] : q.sampler.sample(row);
            if (token < 0)
                throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "the model gave no finite logit to choose from");
            if (std::find(settings.stopTokens.begin(), settings.stopTokens.end(), token) != settings.stopTokens.end()) {
                q.out.reason = rwkv::StopReason::StopToken;
                q.done = true;
                continue;
            }
            q.sampler.accept(token);
            q.out.tokens.push_back(token);
            rwkv::StopMatcher::Result piece = q.stops.push(q.decoder.push(tokenizer.tokenBytes(token)));
            q.out.text += piece.text;
            states.push_back(&q.state);
            samplers.push_back(&q.sampler);
            tokens.push_back(token);
            which.push_back(i);
            if (piece.stopped) {
                q.out.reason = rwkv::StopReason::StopString;
                q.done = true; // its last token is still fed, as TextGenerator does
            }
        }
        if (states.empty())
            break;
        ++result.decodeSteps;
        std::vector<int32_t> ids(states.size());
        model.forwardBatchSample(states, tokens, samplers, ids);
        for (size_t j = 0; j < which.size(); ++j)
            chosen[which[j]] = ids[j];
    }
    for (Sequence& q : seqs) {
        if (q.out.reason != rwkv::StopReason::StopString) {
            rwkv::StopMatcher::Result tail = q.stops.push(q.decoder.flush());
            q.out.text += tail.text;
            if (tail.stopped)
                q.out.reason = rwkv::StopReason::StopString;
            else
                q.out.text += q.stops.flush();
        }
        result.completions.push_back(std::move(q.out));
    }
    result.decodeSeconds = secondsSince(t1);
    return result;
}
