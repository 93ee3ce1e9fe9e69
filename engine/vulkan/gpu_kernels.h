// GpuKernels owns the compute pipelines of the backend and records their dispatches into a command
// buffer, one call per step of the forward pass (docs/RWKV.md names). Every dispatch is preceded by
// a full compute barrier, so steps see the results of the steps recorded before them. Buffers are
// passed as device addresses (GpuRange::address plus byte offsets).
#pragma once

#include "model/model.h"
#include "vulkan/vulkan_device.h"

#include <cstdint>
#include <map>
#include <string>

namespace rwkv::vulkan {

using Address = VkDeviceAddress;

// A weight matrix on the device in the checkpoint's [out, in] orientation, stored as
// F32: floats; F16: float16 pairs in 32-bit words; Q8: signed bytes, four to a word, times
// scales[row]; Q4: signed nibbles (stored + 8), eight to a word, times scales[row * cols/32 + i/32].
struct GpuMatrix {
    Address address = 0;
    Address scales = 0; // Q8, Q4
    int rows = 0;       // out
    int cols = 0;       // in
    GpuWeights format = GpuWeights::F32;
};

// Kept in step with the op constants of shaders/elementwise.comp.
enum class ElementOp : uint32_t {
    Add = 0, Mul, Tanh, Sigmoid, Silu, ReluSquare, V7Decay, SigmoidBias, V6Decay, V7ValueMix, MulSigmoid,
    AddMul, AddScaled, V6Maa,
};

// Kept in step with shaders/token_shift.comp.
enum class ShiftMode : uint32_t { ShiftAdd = 0, Lerp = 1, Delta = 2, Save = 3 };

// Where the rows of one pass come from: `batch` sequences of `tokens` rows each, row
// s * tokens + t; the state of sequence s for a layer starts at `stateStride` floats after
// sequence 0's.
struct PassShape {
    int batch = 1;
    int tokens = 1;
    uint32_t stateStride = 0;
    int rows() const { return batch * tokens; }
};

class GpuKernels {
public:
    explicit GpuKernels(VulkanDevice& device);
    ~GpuKernels();
    GpuKernels(const GpuKernels&) = delete;
    GpuKernels& operator=(const GpuKernels&) = delete;

    void begin(VkCommandBuffer cmd) { cmd_ = cmd; }

    // y[r] = W x[r] for r < rows; x rows `xStride` floats apart (default W.cols), y rows
    // `yStride` apart (default W.rows).
    void matmul(const GpuMatrix& w, Address x, Address y, int rows, int xStride = 0, int yStride = 0);
    // Layer norm (groups = 1) or group norm of `rows` rows of `width`; source row r is
    // srcStart + r * srcStep of x.
    void norm(Address x, Address y, Address weight, Address bias, int width, int groups, int rows, float eps,
              int srcStart = 0, int srcStep = 1);
    // n elements; `c` is a per-channel vector of `period` floats (0 when unused).
    void elementwise(ElementOp op, Address a, Address b, Address c, Address out, size_t n, int period);
    void tokenShift(ShiftMode mode, Address x, Address prev, Address mix, Address out, int width, const PassShape& s);
    void wkv7(Address r, Address k, Address v, Address w, Address a, Address kk, Address ka, Address rk, Address y,
              Address bonus, Address state, int width, int headSize, const PassShape& s);
    void wkv5(Address r, Address k, Address v, Address w, bool wPerToken, Address u, Address y, Address state,
              int width, int headSize, const PassShape& s);
    void wkv4(Address r, Address k, Address v, Address first, Address decay, Address y, Address state, int width,
              const PassShape& s);

    // ids[r] = the index of the largest of row r's `vocab` logits (lowest among ties; 0xffffffff
    // when all are -inf or NaN).
    void argmax(Address logits, Address ids, int rows, int vocab);

    // ids[r] = the token the CPU Sampler would choose from row r of `logits` given row r of `rows`
    // (SampleRow, see gpu_sampling.h); `logits` is adjusted in place and `weights` ([rows, vocab])
    // is scratch. Needs VulkanDevice::hasFloat64().
    void sample(Address logits, Address weights, Address rows, Address ids, int rowCount, int vocab);

    // Makes earlier compute writes visible to later transfers (before copying results out) or
    // earlier transfers visible to compute (after copying inputs in).
    void computeToTransfer();
    void transferToCompute();
    // Makes earlier transfer writes visible to the host (after the fence).
    void transferToHost();

private:
    struct Pipeline {
        VkShaderModule module = VK_NULL_HANDLE;
        VkPipelineLayout layout = VK_NULL_HANDLE;
        VkPipeline pipeline = VK_NULL_HANDLE;
    };
    const Pipeline& pipeline(const char* name);
    void dispatch(const char* name, const void* params, uint32_t bytes, uint32_t x, uint32_t y = 1, uint32_t z = 1);

    VulkanDevice& device_;
    std::map<std::string, Pipeline> pipelines_;
    VkCommandBuffer cmd_ = VK_NULL_HANDLE;
    bool subgroups_ = false;
};

} // namespace rwkv::vulkan
