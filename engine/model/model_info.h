// What a checkpoint is: its architecture and the hyper-parameters read from tensor shapes.
#pragma once

#include "core/dtype.h"

#include <cstdint>
#include <string>

namespace rwkv {

// Versions told apart by checkpoint keys (docs/RWKV.md "Versions").
enum class Arch { V4, V5_0, V5_1, V5_2, V6, V7 };

const char* archName(Arch a); // "4", "5.0", "5.1", "5.2", "6", "7"

struct ModelInfo {
    Arch arch = Arch::V7;
    int layers = 0;
    int embd = 0;     // D
    int heads = 0;    // H (v4: 0)
    int headSize = 0; // N = D / H (v4: 0)
    int vocab = 0;    // V
    int ffnDim = 0;   // hidden width of the channel mix
    int64_t parameters = 0;
    DType storedDType = DType::F32; // dtype of the large matrices in the file
    uint64_t fileSize = 0;
    std::string path;
    // Identifies the weights actually used (after LoRA merge); states carry it.
    uint64_t fingerprint = 0;
    std::string backend = "cpu";    // where forward() runs: "cpu" or "vulkan: <device name>"
    std::string fallbackReason;     // why the GPU that was asked for is not used (empty otherwise)
    uint64_t deviceMemoryBytes = 0; // GPU memory held by the model
};

} // namespace rwkv
