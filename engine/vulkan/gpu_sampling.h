// GpuSampling holds what shaders/sample.comp reads for each row of a batch: the row's sampler
// settings and the uniform number drawn on the CPU (SampleRow), and its merged logit adjustments
// (bias, bans, penalties). Both live in host-visible memory that the shader reads by address, so
// the recorded command buffers stay the same from call to call; only their contents change. The
// adjustment buffer grows (by doubling) when a batch needs more room. Not thread-safe: the model's
// mutex guards it.
#pragma once

#include "sampling/sampler.h"
#include "vulkan/gpu_arena.h"

#include <span>

namespace rwkv::vulkan {

// Kept in step with `Row` in shaders/sample.comp (std430).
struct SampleRow {
    uint32_t adjustments[2] = {0, 0}; // device address, low and high words
    uint32_t adjustmentCount = 0;
    float invTemperature = 1.0f;
    uint32_t greedy = 0;
    uint32_t topK = 0;
    float topP = 1.0f;
    uint32_t pad = 0;
    double minWeight = 0.0;
    double uniform = 0.0;
};
static_assert(sizeof(SampleRow) == 48);

class GpuSampling {
public:
    GpuSampling(GpuArena& upload, int maxRows);

    // The rows' address (constant for the life of the model).
    VkDeviceAddress rows() const { return rows_.address; }
    // Writes rows 0..n-1 from each sampler's settings and the step it prepared for this token.
    void stage(std::span<Sampler* const> samplers, std::span<const SamplingStep> steps);

private:
    GpuArena& upload_;
    int maxRows_;
    GpuRange rows_, adjustments_;
    size_t capacity_ = 0; // adjustments that fit in adjustments_
};

} // namespace rwkv::vulkan
