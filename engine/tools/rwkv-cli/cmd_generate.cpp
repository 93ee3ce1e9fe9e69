// rwkv-cli generate MODEL --prompt TEXT: streams a continuation to stdout.
#include "arg_parser.h"
#include "core/error.h"
#include "model_options.h"
#include "sampling/text_generator.h"

#include <cstdio>
#include <iostream>

namespace {

// Byte vocabularies (the tiny models) need no vocabulary file; World models use the World one.
std::string defaultTokenizer(int vocab)
{
    if (vocab == 256)
        return "bytes";
    if (vocab == 65536)
        return "world";
    throw rwkv::Error(rwkv::ErrorCode::InvalidArgument,
                      "this model has a vocabulary of " + std::to_string(vocab) +
                          " tokens: say which tokenizer it uses with --tokenizer (world, bytes, abc or a tokenizer.json)");
}

} // namespace

int runGenerate(const Args& argv)
{
    std::set<std::string> valued = kModelOptionNames;
    valued.insert({"prompt", "tokenizer", "max-tokens", "temperature", "top-p", "top-k", "min-p", "presence",
                   "frequency", "decay", "seed", "stop"});
    ArgParser args(argv, valued, {"stats"});
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
