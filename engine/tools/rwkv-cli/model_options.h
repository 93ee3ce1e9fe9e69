// Options shared by the subcommands that load a model: --lora F --lora-alpha A --state-tune F.
#pragma once

#include "arg_parser.h"
#include "model/model.h"

#include <memory>
#include <set>
#include <string>

inline const std::set<std::string> kModelOptionNames = {"lora", "lora-alpha", "state-tune"};

std::shared_ptr<const rwkv::Model> loadModelFromArgs(const ArgParser& args, const std::string& path);
