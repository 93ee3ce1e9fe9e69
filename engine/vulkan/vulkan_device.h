// VulkanDevice is one opened Vulkan compute device: the instance (with the Khronos validation layer
// when RWKV_VULKAN_VALIDATION=1 and the layer is installed), the chosen physical device, a logical
// device with one compute queue, a command pool and a fence for blocking submissions. It needs
// Vulkan 1.2 with bufferDeviceAddress (every shader reaches its buffers by address). Not
// thread-safe: its owner serialises use.
#pragma once

#include "vulkan/device_summary.h"

#include "vulkan/vulkan_api.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace rwkv::vulkan {

class VulkanDevice {
public:
    // Every Vulkan device of this machine, in the loader's order. Throws Error(Unsupported) with a
    // sentence when Vulkan is disabled (RWKV_VULKAN_DISABLE=1) or no instance can be created.
    static std::vector<DeviceSummary> list();

    // Opens device `index`, or with index -1 the best one (discrete, then integrated, then
    // virtual, then CPU emulation unless `allowCpuDevice` is false). Throws Error(Unsupported)
    // with a sentence saying why no device can be used.
    static std::unique_ptr<VulkanDevice> open(int index, bool allowCpuDevice);

    ~VulkanDevice();
    VulkanDevice(const VulkanDevice&) = delete;
    VulkanDevice& operator=(const VulkanDevice&) = delete;

    const DeviceSummary& summary() const { return summary_; }
    VkDevice handle() const { return device_; }
    // The memory type for `typeBits` with `wanted` properties, preferring ones that also have
    // `preferred`; -1 when none.
    int memoryType(uint32_t typeBits, VkMemoryPropertyFlags wanted, VkMemoryPropertyFlags preferred) const;
    bool hasSubgroupArithmetic() const { return subgroupArithmetic_; }
    // Double precision in shaders (shaderFloat64), which sampling on the GPU needs to make the
    // CPU sampler's exact choice. False with RWKV_VULKAN_NO_FLOAT64=1 (tests of the fallback).
    bool hasFloat64() const { return float64_; }

    // Accounts for `bytes` of device memory about to be allocated. Throws Error(ResourceLimit) with
    // a sentence when that would pass RWKV_VULKAN_MEMORY_LIMIT_MB (a cap for tests and for users who
    // share the GPU); the driver's own out-of-memory errors are reported the same way.
    void reserveMemory(uint64_t bytes);
    void releaseMemory(uint64_t bytes) { allocated_ -= bytes; }

    VkCommandBuffer allocateCommandBuffer();
    void freeCommandBuffer(VkCommandBuffer cmd);
    // Submits the command buffers in order and waits for them to finish. Throws Error on a lost
    // device.
    void submitAndWait(std::span<const VkCommandBuffer> commands);

private:
    VulkanDevice() = default;
    void createLogicalDevice();

    VkInstance instance_ = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    uint32_t queueFamily_ = 0;
    VkCommandPool pool_ = VK_NULL_HANDLE;
    VkFence fence_ = VK_NULL_HANDLE;
    VkPhysicalDeviceMemoryProperties memory_{};
    bool subgroupArithmetic_ = false;
    bool float64_ = false;
    uint64_t allocated_ = 0;
    uint64_t limit_ = UINT64_MAX;
    DeviceSummary summary_;
};

// Throws Error(Unsupported) naming `what` when `result` is not VK_SUCCESS (out-of-memory results
// become Error(ResourceLimit)).
void check(VkResult result, const char* what);

} // namespace rwkv::vulkan
