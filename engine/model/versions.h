// Factories for the per-version models. Each returns an unbuilt model; Model::load calls build().
#pragma once

#include "model/model_base.h"

#include <memory>

namespace rwkv {

std::unique_ptr<ModelBase> makeV4Model();
std::unique_ptr<ModelBase> makeV5Model(); // 5.0, 5.1 and 5.2
std::unique_ptr<ModelBase> makeV6Model();
std::unique_ptr<ModelBase> makeV7Model();

} // namespace rwkv
