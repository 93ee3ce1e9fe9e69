// Adapters applied at load: the state-tuning file as an initial state (docs/RWKV.md "State-tuning
// files"). LoRA merging lives in WeightSource::mergeLora.
#pragma once

#include "formats/tensor_file.h"
#include "state/state.h"

#include <string>

namespace rwkv {

// Builds the initial state from `file` (blocks.i.att.time_state [H, N, N] for every layer; v5/v6
// files are stored [value][key] and transposed into the engine's [key][value]). Token-shift parts
// stay zero. Error(Mismatch) when the file does not fit `info`.
State stateFromTuningFile(const TensorFile& file, const std::string& label, const ModelInfo& info);

} // namespace rwkv
