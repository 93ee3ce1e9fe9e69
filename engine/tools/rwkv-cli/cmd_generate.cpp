// rwkv-cli generate MODEL --prompt TEXT: streams a continuation to stdout. With --batch N (N > 1)
// it decodes N completions of the prompt at once (seeds seed..seed+N-1) and prints them as JSON.
#include "arg_parser.h"
#include "core/error.h"
#include "batch_generation.h"
#include "model_options.h"
#include "sampling/text_generator.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include <iostream>


int runGenerate(const Args& argv)
{
    std::set<std::string> valued = kModelOptionNames;
    valued.insert({"prompt", "tokenizer", "max-tokens", "temperature", "top-p", "top-k", "min-p", "presence",
                   "frequency", "decay", "seed", "stop", "batch"});
    std::set<std::string> flags = kModelFlagNames;
    flags.insert("stats");
    ArgParser args(argv, valued, flags);
    auto model = loadModelFromArgs(args, args.positional(0, "MODEL"));
    auto tokenizer = rwkv::loadTokenizer(args.str("tokenizer", defaultTokenizer(model->info().vocab)));
    if (tokenizer->vocabSize() > model->info().vocab)
        throw rwkv::Error(rwkv::ErrorCode::Mismatch, "the tokenizer has " + std::to_string(tokenizer->vocabSize()) +
                                                         " tokens but the model only " +
                                                         std::to_string(model->info().vocab));

    rwkv::GenerationSettings settings;
    settings.maxTokens = int(args.integer("max-tokens", 200));
    settings.sampling.temperature = float(args.number("temperature", 1.0));
    settings.sampling.topP = float(args.number("top-p", 0.3));
    settings.sampling.topK = int(args.integer("top-k", 0));
    settings.sampling.minP = float(args.number("min-p", 0.0));
    settings.sampling.presencePenalty = float(args.number("presence", 0.0));
    settings.sampling.frequencyPenalty = float(args.number("frequency", 1.0));
    settings.sampling.penaltyDecay = float(args.number("decay", 0.996));
    settings.sampling.seed = uint64_t(args.integer("seed", 0));
    if (args.has("stop"))
        settings.stopStrings.push_back(args.str("stop"));

    std::vector<int32_t> prompt = tokenizer->encode(args.required("prompt"));
    if (prompt.empty())
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "the prompt is empty");
    const int64_t batch = args.integer("batch", 1);
    if (batch < 1 || batch > 1024)
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "--batch must be between 1 and 1024");
    if (batch > 1) {
        BatchGenerationResult r = generateBatch(*model, *tokenizer, prompt, settings, int(batch));
        nlohmann::ordered_json j;
        j["backend"] = model->info().backend;
        j["completions"] = nlohmann::ordered_json::array();
        size_t generated = 0;
        for (const BatchCompletion& c : r.completions) {
            nlohmann::ordered_json e;
            e["text"] = c.text;
            e["tokens"] = c.tokens;
            e["stop"] = c.reason == rwkv::StopReason::StopToken ? "stop_token"
                        : c.reason == rwkv::StopReason::StopString ? "stop_string" : "max_tokens";
            generated += c.tokens.size();
            j["completions"].push_back(e);
        }
        j["prefill_s"] = r.prefillSeconds;
        j["decode_s"] = r.decodeSeconds;
        j["decode_tok_s"] = r.decodeSeconds > 0 ? double(generated) / r.decodeSeconds : 0.0;
        // Model text may hold bytes that are not UTF-8 (a cut-off character): replace, do not throw.
        std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return 0;
    }
    rwkv::State state = model->newState();
    rwkv::TextGenerator generator(*model, *tokenizer);
    rwkv::GenerationResult r = generator.run(state, prompt, settings, [](const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    });
    std::cout << "\n";
    if (args.has("stats"))
        std::fprintf(stderr, "prompt %zu tokens in %.3f s, generated %zu tokens in %.3f s (%.1f tok/s)\n",
                     r.promptTokens, r.prefillSeconds, r.tokens.size(), r.decodeSeconds,
                     r.decodeSeconds > 0 ? double(r.tokens.size()) / r.decodeSeconds : 0.0);
    return 0;
}
