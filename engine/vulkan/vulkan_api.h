// The Vulkan API as the backend calls it: the headers without prototypes, and one function
// pointer per entry point the backend uses, filled by loadVulkanLibrary() from libvulkan.so.1
// opened at run time. The engine does not link the Vulkan loader, so a machine without it still
// starts and runs on the CPU, with a sentence saying why. The pointers live in rwkv::vulkan (not
// the global namespace), so they never clash with the loader's own exported symbols.
#pragma once

#ifndef VK_NO_PROTOTYPES
#define VK_NO_PROTOTYPES
#endif
#include <vulkan/vulkan.h>

#define RWKV_VULKAN_FUNCTIONS(X)                                                                   \
    X(vkGetInstanceProcAddr) X(vkCreateInstance) X(vkDestroyInstance) X(vkEnumerateInstanceVersion) \
    X(vkEnumerateInstanceLayerProperties) X(vkEnumeratePhysicalDevices)                             \
    X(vkGetPhysicalDeviceProperties) X(vkGetPhysicalDeviceProperties2)                               \
    X(vkGetPhysicalDeviceFeatures2) X(vkGetPhysicalDeviceMemoryProperties)                           \
    X(vkGetPhysicalDeviceQueueFamilyProperties) X(vkCreateDevice) X(vkDestroyDevice)                 \
    X(vkDeviceWaitIdle) X(vkGetDeviceQueue) X(vkQueueSubmit) X(vkCreateFence) X(vkDestroyFence)      \
    X(vkWaitForFences) X(vkResetFences) X(vkCreateCommandPool) X(vkDestroyCommandPool)               \
    X(vkAllocateCommandBuffers) X(vkFreeCommandBuffers) X(vkBeginCommandBuffer)                      \
    X(vkEndCommandBuffer) X(vkCreateBuffer) X(vkDestroyBuffer) X(vkGetBufferMemoryRequirements)      \
    X(vkAllocateMemory) X(vkFreeMemory) X(vkBindBufferMemory) X(vkMapMemory) X(vkUnmapMemory)        \
    X(vkGetBufferDeviceAddress) X(vkCreateShaderModule) X(vkDestroyShaderModule)                     \
    X(vkCreatePipelineLayout) X(vkDestroyPipelineLayout) X(vkCreateComputePipelines)                 \
    X(vkDestroyPipeline) X(vkCmdPipelineBarrier) X(vkCmdCopyBuffer) X(vkCmdBindPipeline)             \
    X(vkCmdPushConstants) X(vkCmdDispatch)

namespace rwkv::vulkan {

#define RWKV_VULKAN_DECLARE(name) extern PFN_##name name;
RWKV_VULKAN_FUNCTIONS(RWKV_VULKAN_DECLARE)
#undef RWKV_VULKAN_DECLARE

// Opens the Vulkan loader (libvulkan.so.1, or the file RWKV_VULKAN_LOADER names: tests point it
// at a missing file) and fills the pointers above, once per process. Throws Error(Unsupported)
// with a sentence when the library or one of its entry points is missing.
void loadVulkanLibrary();

} // namespace rwkv::vulkan
