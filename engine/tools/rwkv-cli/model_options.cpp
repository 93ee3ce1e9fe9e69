#include "model_options.h"

#include "core/error.h"
#include "vulkan/vulkan_backend.h"

#include <cstdio>

std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path)
{
    rwkv::LoadOptions options;
    options.loraPath = args.str("lora");
    options.loraAlpha = float(args.number("lora-alpha", 0.0));
    options.stateTunePath = args.str("state-tune");
    options.backend = args.str("backend", "auto");
    const std::string weights = args.str("gpu-weights", "f16");
    options.gpuWeights = rwkv::parseGpuWeights(weights);
    auto model = rwkv::Model::load(path, options);
    // "auto" choosing the CPU on a machine without a GPU is the normal case, not worth a line.
    const std::string& why = model->info().fallbackReason;
    if (!why.empty() && options.backend != "auto")
        std::fprintf(stderr, "rwkv-cli: %s\n", why.c_str());
    return model;
}
