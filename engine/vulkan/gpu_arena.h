// GpuArena hands out ranges of a few large Vulkan buffers of one memory kind, each range with its
// device address (what the shaders use) and, for host-visible kinds, a mapped pointer. Ranges live
// until the arena is destroyed; there is no freeing of single ranges (weights and workspaces are
// sized once at load). Allocation failures throw Error(ResourceLimit) naming the device.
#pragma once

#include "vulkan/vulkan_device.h"

#include <cstdint>
#include <vector>

namespace rwkv::vulkan {

enum class MemoryKind {
    Device,   // device-local: weights, activations, states
    Upload,   // host-visible, written by the CPU, read by copies
    Readback, // host-visible (cached where possible), written by copies, read by the CPU
};

struct GpuRange {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize bytes = 0;
    VkDeviceAddress address = 0;
    void* mapped = nullptr; // host-visible kinds only
    float* floats() const { return static_cast<float*>(mapped); }
};

class GpuArena {
public:
    GpuArena(VulkanDevice& device, MemoryKind kind, VkDeviceSize blockBytes = VkDeviceSize(64) << 20);
    ~GpuArena();
    GpuArena(const GpuArena&) = delete;
    GpuArena& operator=(const GpuArena&) = delete;

    GpuRange allocate(VkDeviceSize bytes);
    // Device memory reserved by this arena so far.
    uint64_t bytesReserved() const { return reserved_; }

private:
    struct Block {
        VkBuffer buffer = VK_NULL_HANDLE;
        VkDeviceMemory memory = VK_NULL_HANDLE;
        VkDeviceSize size = 0;
        VkDeviceSize used = 0;
        VkDeviceSize memoryBytes = 0; // what the allocation took (≥ size)
        VkDeviceAddress address = 0;
        void* mapped = nullptr;
    };
    Block& newBlock(VkDeviceSize bytes);

    VulkanDevice& device_;
    MemoryKind kind_;
    VkDeviceSize blockBytes_;
    std::vector<Block> blocks_;
    uint64_t reserved_ = 0;
};

} // namespace rwkv::vulkan
