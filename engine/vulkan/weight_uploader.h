// WeightUploader copies weights from the CPU into device-local memory through a host-visible
// staging buffer, batching the copies and submitting them when the staging buffer is full (and at
// finish()). Large matrices are stored as float16 when asked and their width is even; everything
// else stays float32.
#pragma once

#include "cpu/ops.h"
#include "vulkan/gpu_arena.h"
#include "vulkan/gpu_kernels.h"

#include <vector>

namespace rwkv::vulkan {

class WeightUploader {
public:
    WeightUploader(VulkanDevice& device, GpuArena& deviceArena, bool matricesAsF16);
    ~WeightUploader();
    WeightUploader(const WeightUploader&) = delete;
    WeightUploader& operator=(const WeightUploader&) = delete;

    Address vector(const std::vector<float>& values);
    GpuMatrix matrix(const Matrix& m);
    // Waits for every pending copy; the uploaded weights are usable afterwards.
    void finish();

private:
    Address upload(const void* data, size_t bytes);
    void flush();

    VulkanDevice& device_;
    GpuArena& arena_;
    bool f16_;
    GpuArena stagingArena_;
    GpuRange staging_;
    size_t stagingUsed_ = 0;
    VkCommandBuffer cmd_ = VK_NULL_HANDLE;
    bool recording_ = false;
};

} // namespace rwkv::vulkan
