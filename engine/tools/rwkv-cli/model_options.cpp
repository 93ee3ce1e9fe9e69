#include "model_options.h"

std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path)
{
    rwkv::LoadOptions options;
    options.loraPath = args.str("lora");
    options.loraAlpha = float(args.number("lora-alpha", 0.0));
    options.stateTunePath = args.str("state-tune");
    return rwkv::Model::load(path, options);
}
