// rwkv-cli eval MODEL --tokens 1,2,3 --logits-out OUT.f32: float32 [T, V] logits after each token.
#include "arg_parser.h"
#include "core/error.h"
#include "file_io.h"
#include "model_options.h"

#include <iostream>

int runEval(const Args& argv)
{
    std::set<std::string> valued = kModelOptionNames;
    valued.insert({"tokens", "mode", "state-in", "logits-out", "state-out", "state-raw-out"});
    ArgParser args(argv, valued);
    auto model = loadModelFromArgs(args, args.positional(0, "MODEL"));
    std::vector<int32_t> tokens = args.intList("tokens");
    std::string mode = args.str("mode", "serial");
    if (mode != "serial" && mode != "sequence")
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "--mode must be serial or sequence");

    rwkv::State state = model->newState();
    if (args.has("state-in")) {
        std::vector<uint8_t> blob = readFileBytes(args.str("state-in"));
        state = rwkv::State::deserialize(blob, model->info());
    }
    const size_t V = size_t(model->info().vocab);
    std::vector<float> logits(tokens.size() * V);
    if (mode == "sequence") {
        model->forward(state, tokens, rwkv::LogitsMode::All, logits);
    } else {
        for (size_t t = 0; t < tokens.size(); ++t)
            model->forward(state, std::span<const int32_t>(&tokens[t], 1), rwkv::LogitsMode::Last,
                           std::span<float>(logits.data() + t * V, V));
    }
    if (args.has("logits-out"))
        writeFileBytes(args.str("logits-out"), logits.data(), logits.size() * sizeof(float));
    if (args.has("state-out")) {
        std::vector<uint8_t> blob = state.serialize();
        writeFileBytes(args.str("state-out"), blob.data(), blob.size());
    }
    if (args.has("state-raw-out"))
        writeFileBytes(args.str("state-raw-out"), state.all().data(), state.all().size() * sizeof(float));
    if (!args.has("logits-out") && !args.has("state-out") && !args.has("state-raw-out")) {
        // Without an output file print the argmax of each position: handy for a quick look.
        for (size_t t = 0; t < tokens.size(); ++t) {
            size_t best = 0;
            for (size_t v = 1; v < V; ++v)
                if (logits[t * V + v] > logits[t * V + best])
                    best = v;
            std::cout << (t ? "," : "") << best;
        }
        std::cout << "\n";
    }
    return 0;
}
