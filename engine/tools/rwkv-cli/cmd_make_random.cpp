// rwkv-cli make-random --version 7 --layers L --embd D --vocab V OUT.(pth|safetensors)
#include "arg_parser.h"
#include "core/error.h"
#include "model/random_checkpoint.h"

#include <iostream>

int runMakeRandom(const Args& argv)
{
    ArgParser args(argv, {"version", "layers", "embd", "vocab", "head-size", "ffn", "dtype", "seed"});
    rwkv::RandomModelSpec spec;
    std::string version = args.str("version", "7");
    if (version == "7")
        spec.arch = rwkv::Arch::V7;
    else if (version == "6")
        spec.arch = rwkv::Arch::V6;
    else if (version == "5" || version == "5.2")
        spec.arch = rwkv::Arch::V5_2;
    else if (version == "4")
        spec.arch = rwkv::Arch::V4;
    else
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "--version must be 4, 5.2, 6 or 7");
    spec.layers = int(args.integer("layers", 12));
    spec.embd = int(args.integer("embd", 768));
    spec.vocab = int(args.integer("vocab", 65536));
    spec.headSize = int(args.integer("head-size", 64));
    spec.ffnDim = int(args.integer("ffn", 0));
    spec.seed = uint64_t(args.integer("seed", 1));
    std::string dtype = args.str("dtype", "bf16");
    if (dtype == "bf16")
        spec.dtype = rwkv::DType::BF16;
    else if (dtype == "f16" || dtype == "fp16")
        spec.dtype = rwkv::DType::F16;
    else if (dtype == "f32" || dtype == "fp32")
        spec.dtype = rwkv::DType::F32;
    else
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "--dtype must be bf16, f16 or f32");
    std::string out = args.positional(0, "OUT (.pth or .safetensors)");
    rwkv::writeRandomModel(out, spec);
    return 0;
}
