// Options shared by the subcommands that load a model: --lora F --lora-alpha A --state-tune F,
// --backend cpu|auto|vulkan|vulkan:N (default auto) and --gpu-weights f32|f16|q8|q4 (default f16).
#pragma once

#include "arg_parser.h"
#include "model/model.h"

#include <memory>
#include <set>
#include <string>

// Also --weights FORMAT, --head-weights FORMAT, --emb-weights FORMAT (f32, f16, bf16, int8, q4),
// --threads N, --backend cpu|auto|vulkan[:N] and --gpu-weights f32|f16|q8|q4.
inline const std::set<std::string> kModelOptionNames = {"lora",        "lora-alpha", "state-tune", "weights",
                                                        "head-weights", "emb-weights", "threads",   "backend",
                                                        "gpu-weights"};
// Flags: --no-weight-cache (do not read or write the quantized-weights cache beside the model).
inline const std::set<std::string> kModelFlagNames = {"no-weight-cache"};

// Loads the model; when a GPU was asked for but the CPU is used, says why on stderr.
std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path);

// The tokenizer a model of `vocab` tokens most likely uses: bytes (256), World (65536); others
// must be named with --tokenizer (Error(InvalidArgument) says so).
std::string defaultTokenizer(int vocab);
