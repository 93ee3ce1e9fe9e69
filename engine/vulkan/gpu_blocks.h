// GpuBlocks is one RWKV version's time mix and channel mix on the GPU (docs/RWKV.md), recorded
// into a command buffer for a pass over a batch of sequences. VulkanModel runs the common frame
// (embedding, norms, residual adds, head) around them, like ModelBase does on the CPU.
// build() must take the tensors from the WeightSource in the same order as the CPU builder of the
// version (engine/model/vN.cpp): the weights' fingerprint depends on the order, and states move
// freely between a CPU and a GPU model of the same file.
#pragma once

#include "model/model_info.h"
#include "model/weights.h"
#include "vulkan/gpu_kernels.h"
#include "vulkan/weight_uploader.h"

#include <memory>

namespace rwkv::vulkan {

inline Address offsetFloats(Address base, size_t floats)
{
    return base + floats * sizeof(float);
}

constexpr int kScratchSlots = 12;

// What a mix reads and writes in one pass.
struct LayerPass {
    GpuKernels* k = nullptr;
    PassShape shape;
    int width = 0;            // D
    Address xn = 0;           // [rows, D] normed input of the mix
    Address out = 0;          // [rows, D] the mix's output
    Address layerState = 0;   // this layer's state of sequence 0 (State layout, state/state.h)
    size_t layerSize = 0;     // floats of one layer's state
    Address vFirst = 0;       // v7: [rows, D] layer 0's v
    Address scratch[kScratchSlots] = {}; // each rows × scratchWidth() floats

    Address attPrev() const { return layerState; }
    Address wkvState() const { return offsetFloats(layerState, size_t(width)); }
    Address ffnPrev() const { return offsetFloats(layerState, layerSize - size_t(width)); }
};

class GpuBlocks {
public:
    virtual ~GpuBlocks() = default;
    // Takes the version's layer tensors (after the frame's) and uploads them.
    virtual void build(WeightSource& w, WeightUploader& up, const ModelInfo& info) = 0;
    // The widest row a scratch slot must hold (at least D and the channel-mix width).
    virtual int scratchWidth() const = 0;
    virtual void timeMix(const LayerPass& p, int layer) const = 0;
    virtual void channelMix(const LayerPass& p, int layer) const = 0;
};

std::unique_ptr<GpuBlocks> makeGpuBlocksV4();
std::unique_ptr<GpuBlocks> makeGpuBlocksV5(); // 5.0, 5.1, 5.2
std::unique_ptr<GpuBlocks> makeGpuBlocksV6();
std::unique_ptr<GpuBlocks> makeGpuBlocksV7();

// The channel mix of v4, v5 and v6 (model/classic_ffn.h): r = σ(Wr xr); k = relu(Wk xk)²;
// out = r ⊙ (Wv k).
struct GpuClassicFfn {
    bool lerpMix = true;
    Address mixK = 0, mixR = 0;
    GpuMatrix key, receptance, value;

    void load(WeightSource& w, WeightUploader& up, int layer, int embd, int ffnDim, bool lerp);
    // Uses scratch slots 0..3.
    void record(const LayerPass& p) const;
};

} // namespace rwkv::vulkan
