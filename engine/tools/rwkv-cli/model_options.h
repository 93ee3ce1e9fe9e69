// Options shared by the subcommands that load a model: --lora F --lora-alpha A --state-tune F,
// --backend cpu|auto|vulkan|vulkan:N (default auto) and --gpu-weights f32|f16|q8|q4 (default f16).
#pragma once

#include "arg_parser.h"
#include "model/model.h"

#include <memory>
#include <set>
#include <string>

inline const std::set<std::string> kModelOptionNames = {"lora", "lora-alpha", "state-tune", "backend", "gpu-weights"};

// Loads the model; when a GPU was asked for but the CPU is used, says why on stderr.
std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path);
