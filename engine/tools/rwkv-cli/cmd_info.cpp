// rwkv-cli info MODEL → JSON facts about a checkpoint.
#include "arg_parser.h"
#include "model_options.h"

#include <nlohmann/json.hpp>

#include <iostream>

int runInfo(const Args& argv)
{
    std::set<std::string> valued = kModelOptionNames;
    ArgParser args(argv, valued, kModelFlagNames);
    auto model = loadModelFromArgs(args, args.positional(0, "MODEL"));
    const rwkv::ModelInfo& i = model->info();
    nlohmann::ordered_json j;
    j["version"] = rwkv::archName(i.arch);
    j["layers"] = i.layers;
    j["width"] = i.embd;
    j["heads"] = i.heads;
    j["head_size"] = i.headSize;
    j["vocab"] = i.vocab;
    j["ffn_width"] = i.ffnDim;
    j["parameters"] = i.parameters;
    j["stored_dtype"] = rwkv::dtypeName(i.storedDType);
    j["file_size"] = i.fileSize;
    j["state_floats"] = model->newState().all().size();
    char fp[17];
    std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(i.fingerprint));
    j["fingerprint"] = fp;
    j["backend"] = i.backend;
    if (i.deviceMemoryBytes)
        j["gpu_memory_mb"] = double(i.deviceMemoryBytes) / double(1 << 20);
    if (!i.fallbackReason.empty())
        j["fallback_reason"] = i.fallbackReason;
    std::cout << j.dump(2) << "\n";
    return 0;
}
