// Merges a RWKV-PEFT LoRA file into its base model and writes the whole model, by the rule of the
// official merge_lora.py: W' = W + (alpha / rank) · B A for every "X.lora_A"/"X.lora_B" pair on
// "X.weight", and every other tensor of the LoRA file (trained layer norms) replaces the base
// tensor of the same name. Tensors keep the base model's dtype.
#pragma once

#include <string>

namespace rwkv {

// Writes `out` (.safetensors or .pth by extension). Throws Error with a sentence when a LoRA
// tensor names no base tensor, shapes disagree, or alpha is not positive.
void mergeLora(const std::string& basePath, const std::string& loraPath, double alpha, const std::string& out);

} // namespace rwkv
