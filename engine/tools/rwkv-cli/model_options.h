// Options shared by the subcommands that load a model: --lora F --lora-alpha A --state-tune F.
#pragma once

#include "arg_parser.h"
#include "model/model.h"

#include <memory>
#include <set>
#include <string>

// Also --weights FORMAT, --head-weights FORMAT, --emb-weights FORMAT (f32, f16, bf16, int8, q4) and
// --threads N.
inline const std::set<std::string> kModelOptionNames = {"lora",    "lora-alpha",   "state-tune", "weights",
                                                        "head-weights", "emb-weights", "threads"};

std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path);
