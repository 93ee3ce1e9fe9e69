#include "model_options.h"

#include "core/error.h"
#include "cpu/thread_pool.h"
#include "vulkan/vulkan_backend.h"

#include <cstdio>
#include <cstdlib>
#include <string>

std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path)
{
    // The pool reads RWKV_THREADS when first used; set it before any work starts.
    if (args.has("threads"))
        setenv("RWKV_THREADS", std::to_string(args.integer("threads", 0)).c_str(), 1);
    rwkv::LoadOptions options;
    options.loraPath = args.str("lora");
    options.loraAlpha = float(args.number("lora-alpha", 0.0));
    options.stateTunePath = args.str("state-tune");
    if (args.has("weights"))
        options.weights = rwkv::parseWeightFormat(args.str("weights"));
    if (args.has("head-weights"))
        options.headWeights = rwkv::parseWeightFormat(args.str("head-weights"));
    if (args.has("emb-weights"))
        options.embeddingWeights = rwkv::parseWeightFormat(args.str("emb-weights"));
    options.useWeightCache = !args.has("no-weight-cache");
    options.backend = args.str("backend", "auto");
    options.gpuWeights = rwkv::parseGpuWeights(args.str("gpu-weights", "f16"));
    auto model = rwkv::Model::load(path, options);
    // "auto" choosing the CPU on a machine without a GPU is the normal case, not worth a line.
    const std::string& why = model->info().fallbackReason;
    if (!why.empty() && options.backend != "auto")
        std::fprintf(stderr, "rwkv-cli: %s\n", why.c_str());
    return model;
}

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
