#include "model_options.h"

#include "cpu/thread_pool.h"

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
    return rwkv::Model::load(path, options);
}
