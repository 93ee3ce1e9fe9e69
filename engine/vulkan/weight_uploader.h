// WeightUploader copies weights from the CPU into device-local memory through a host-visible
// staging buffer, batching the copies and submitting them when the staging buffer is full (and at
// finish()). Matrices are stored in the format asked for when their width allows it (f16: even,
// q8: a multiple of 4, q4: a multiple of 32), else in the next wider format that fits; vectors stay
// float32. Quantization is symmetric: q8 scales each row by max|w| / 127, q4 each block of 32
// inputs by max|w| / 7 (values -8..7), rounding to nearest.
#pragma once

#include "cpu/ops.h"
#include "vulkan/gpu_arena.h"
#include "vulkan/gpu_kernels.h"

#include <vector>

namespace rwkv::vulkan {

class WeightUploader {
public:
    WeightUploader(VulkanDevice& device, GpuArena& deviceArena, GpuWeights format);
    ~WeightUploader();
    WeightUploader(const WeightUploader&) = delete;
    WeightUploader& operator=(const WeightUploader&) = delete;

    Address vector(const std::vector<float>& values);
    GpuMatrix matrix(const Matrix& m) { return matrix(m, format_); }
    GpuMatrix matrix(const Matrix& m, GpuWeights format);
    // Waits for every pending copy; the uploaded weights are usable afterwards.
    void finish();

private:
    Address upload(const void* data, size_t bytes);
    void flush();

    VulkanDevice& device_;
    GpuArena& arena_;
    GpuWeights format_;
    GpuArena stagingArena_;
    GpuRange staging_;
    size_t stagingUsed_ = 0;
    VkCommandBuffer cmd_ = VK_NULL_HANDLE;
    bool recording_ = false;
};

} // namespace rwkv::vulkan
