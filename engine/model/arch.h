// Tells RWKV versions apart by their checkpoint keys and reads the hyper-parameters from tensor
// shapes (docs/RWKV.md "Versions, told apart by checkpoint keys"). Nothing is assumed from file
// names or key order.
#pragma once

#include "formats/tensor_file.h"
#include "model/model_info.h"

#include <string>

namespace rwkv {

// Detects the architecture and fills every field of ModelInfo except fingerprint, fileSize, path.
// Throws Error(Unsupported) for checkpoints that are not RWKV or are a variant the engine does not
// run (v7a DeepEmbed, v7b, ...), naming what was found; `label` names the file in messages.
ModelInfo readModelInfo(const TensorFile& file, const std::string& label);

} // namespace rwkv
