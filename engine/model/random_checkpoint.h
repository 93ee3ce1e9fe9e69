// Builds checkpoints with random weights at realistic scales and real RWKV key names and shapes, so
// benchmarks and tests can use full-size shapes (e.g. L12/D768/V65536) without downloading a model.
// The same spec and seed always give the same file.
#pragma once

#include "core/dtype.h"
#include "model/model_info.h"

#include <cstdint>
#include <string>

namespace rwkv {

struct RandomModelSpec {
    Arch arch = Arch::V7;
    int layers = 12;
    int embd = 768;
    int vocab = 65536;
    int headSize = 64;   // ignored for v4
    int ffnDim = 0;      // 0 = 4 × embd (v6: 3.5 × embd rounded to 32)
    DType dtype = DType::BF16; // of every tensor, as released checkpoints are
    uint64_t seed = 1;
};

// Writes the model to `path` (.pth or .safetensors by extension). Error(InvalidArgument) for
// impossible specs (width not a multiple of the head size, zero sizes).
void writeRandomModel(const std::string& path, const RandomModelSpec& spec);

} // namespace rwkv
