#include "vulkan/vulkan_device.h"

#include "core/error.h"
#include "vulkan/vulkan_backend.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace rwkv::vulkan {

namespace {

std::mutex validationMutex;
std::vector<std::string> validationLog;

VKAPI_ATTR VkBool32 VKAPI_CALL onDebugMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                              VkDebugUtilsMessageTypeFlagsEXT,
                                              const VkDebugUtilsMessengerCallbackDataEXT* data, void*)
{
    if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        std::fprintf(stderr, "vulkan validation: %s\n", data->pMessage);
        if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
            std::lock_guard<std::mutex> lock(validationMutex);
            validationLog.emplace_back(data->pMessage);
        }
    }
    return VK_FALSE;
}

bool envSet(const char* name)
{
    const char* v = std::getenv(name);
    return v && *v && std::strcmp(v, "0") != 0;
}

bool hasLayer(const char* name)
{
    uint32_t n = 0;
    vkEnumerateInstanceLayerProperties(&n, nullptr);
    std::vector<VkLayerProperties> layers(n);
    vkEnumerateInstanceLayerProperties(&n, layers.data());
    for (const auto& l : layers)
        if (std::strcmp(l.layerName, name) == 0)
            return true;
    return false;
}

std::string versionText(uint32_t v)
{
    return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
           std::to_string(VK_API_VERSION_PATCH(v));
}

const char* typeName(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
    default: return "other";
    }
}

int typeRank(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 3;
    default: return 4;
    }
}

struct Instance {
    VkInstance instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
};

Instance createInstance()
{
    if (envSet("RWKV_VULKAN_DISABLE"))
        throw Error(ErrorCode::Unsupported, "Vulkan is turned off by the environment variable RWKV_VULKAN_DISABLE");
    loadVulkanLibrary();
    uint32_t loaderVersion = VK_API_VERSION_1_0;
    vkEnumerateInstanceVersion(&loaderVersion);
    if (loaderVersion < VK_API_VERSION_1_2)
        throw Error(ErrorCode::Unsupported, "the Vulkan loader is version " + versionText(loaderVersion) +
                                                ", the GPU backend needs 1.2 or newer");
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "RWKV Studio";
    app.pEngineName = "rwkv-engine";
    app.apiVersion = VK_API_VERSION_1_2;
    std::vector<const char*> layers, extensions;
    const bool validation = envSet("RWKV_VULKAN_VALIDATION") && hasLayer("VK_LAYER_KHRONOS_validation");
    if (validation) {
        layers.push_back("VK_LAYER_KHRONOS_validation");
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    }
    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    info.enabledLayerCount = uint32_t(layers.size());
    info.ppEnabledLayerNames = layers.data();
    info.enabledExtensionCount = uint32_t(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    Instance out;
    VkResult r = vkCreateInstance(&info, nullptr, &out.instance);
    if (r != VK_SUCCESS)
        throw Error(ErrorCode::Unsupported, "no Vulkan driver is installed (creating a Vulkan instance failed with code " +
                                                std::to_string(int(r)) + ")");
    if (validation) {
        auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(out.instance, "vkCreateDebugUtilsMessengerEXT"));
        VkDebugUtilsMessengerCreateInfoEXT m{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
        m.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
        m.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                        VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
        m.pfnUserCallback = onDebugMessage;
        if (create)
            create(out.instance, &m, nullptr, &out.messenger);
    }
    return out;
}

void destroyInstance(Instance& i)
{
    if (i.messenger) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(i.instance, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy)
            destroy(i.instance, i.messenger, nullptr);
    }
    if (i.instance)
        vkDestroyInstance(i.instance, nullptr);
    i = {};
}

std::vector<VkPhysicalDevice> physicalDevices(VkInstance instance)
{
    uint32_t n = 0;
    vkEnumeratePhysicalDevices(instance, &n, nullptr);
    std::vector<VkPhysicalDevice> out(n);
    vkEnumeratePhysicalDevices(instance, &n, out.data());
    out.resize(n);
    return out;
}

DeviceSummary describe(VkPhysicalDevice d, int index)
{
    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props.pNext = &driver;
    vkGetPhysicalDeviceProperties2(d, &props);
    VkPhysicalDeviceMemoryProperties mem;
    vkGetPhysicalDeviceMemoryProperties(d, &mem);
    DeviceSummary s;
    s.index = index;
    s.name = props.properties.deviceName;
    s.type = typeName(props.properties.deviceType);
    for (uint32_t h = 0; h < mem.memoryHeapCount; ++h)
        if (mem.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            s.memoryBytes = std::max<uint64_t>(s.memoryBytes, mem.memoryHeaps[h].size);
    s.driver = std::string(driver.driverName) + ": " + driver.driverInfo;
    s.apiVersion = versionText(props.properties.apiVersion);
    return s;
}

} // namespace

void check(VkResult result, const char* what)
{
    if (result == VK_SUCCESS)
        return;
    if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY)
        throw Error(ErrorCode::ResourceLimit, std::string("the GPU ran out of memory while ") + what);
    throw Error(ErrorCode::Unsupported, std::string("the Vulkan driver failed while ") + what + " (code " +
                                            std::to_string(int(result)) + ")");
}

std::vector<DeviceSummary> VulkanDevice::list()
{
    Instance i = createInstance();
    std::vector<DeviceSummary> out;
    int index = 0;
    for (VkPhysicalDevice d : physicalDevices(i.instance))
        out.push_back(describe(d, index++));
    destroyInstance(i);
    return out;
}

std::unique_ptr<VulkanDevice> VulkanDevice::open(int index, bool allowCpuDevice)
{
    Instance inst = createInstance();
    std::unique_ptr<VulkanDevice> dev(new VulkanDevice());
    dev->instance_ = inst.instance;
    dev->messenger_ = inst.messenger;
    std::vector<VkPhysicalDevice> devices = physicalDevices(dev->instance_);
    if (devices.empty())
        throw Error(ErrorCode::Unsupported, "Vulkan is installed but reports no device");
    if (index >= int(devices.size()))
        throw Error(ErrorCode::Unsupported, "there is no Vulkan device " + std::to_string(index) + " (this machine has " +
                                                std::to_string(devices.size()) + ", numbered from 0)");
    if (index < 0) {
        int best = -1, bestRank = 99;
        for (size_t i = 0; i < devices.size(); ++i) {
            VkPhysicalDeviceProperties p;
            vkGetPhysicalDeviceProperties(devices[i], &p);
            int rank = typeRank(p.deviceType);
            if (p.apiVersion >= VK_API_VERSION_1_2 && rank < bestRank) {
                best = int(i);
                bestRank = rank;
            }
        }
        if (best < 0)
            throw Error(ErrorCode::Unsupported, "no Vulkan device supports Vulkan 1.2");
        if (bestRank >= 3 && !allowCpuDevice)
            throw Error(ErrorCode::Unsupported, "the only Vulkan device is " + describe(devices[size_t(best)], best).name +
                                                    ", a CPU emulation that is slower than the CPU engine");
        index = best;
    }
    dev->physical_ = devices[size_t(index)];
    dev->summary_ = describe(dev->physical_, index);
    dev->createLogicalDevice();
    if (const char* cap = std::getenv("RWKV_VULKAN_MEMORY_LIMIT_MB"))
        dev->limit_ = uint64_t(std::strtoull(cap, nullptr, 10)) << 20;
    return dev;
}

void VulkanDevice::createLogicalDevice()
{
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(physical_, &props);
    if (props.apiVersion < VK_API_VERSION_1_2)
        throw Error(ErrorCode::Unsupported, summary_.name + " supports Vulkan " + summary_.apiVersion +
                                                ", the GPU backend needs 1.2 or newer");
    VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &f12;
    vkGetPhysicalDeviceFeatures2(physical_, &features);
    if (!f12.bufferDeviceAddress)
        throw Error(ErrorCode::Unsupported, summary_.name + " lacks the bufferDeviceAddress feature the GPU backend needs");

    VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceProperties2 props2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props2.pNext = &subgroup;
    vkGetPhysicalDeviceProperties2(physical_, &props2);
    subgroupArithmetic_ = (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                          (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) &&
                          subgroup.subgroupSize >= 4 && subgroup.subgroupSize <= 64 &&
                          !envSet("RWKV_VULKAN_NO_SUBGROUPS");

    float64_ = features.features.shaderFloat64 && !envSet("RWKV_VULKAN_NO_FLOAT64");

    uint32_t n = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &n, nullptr);
    std::vector<VkQueueFamilyProperties> families(n);
    vkGetPhysicalDeviceQueueFamilyProperties(physical_, &n, families.data());
    bool found = false;
    for (uint32_t i = 0; i < n && !found; ++i)
        if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
            queueFamily_ = i;
            found = true;
        }
    if (!found)
        throw Error(ErrorCode::Unsupported, summary_.name + " has no compute queue");

    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue.queueFamilyIndex = queueFamily_;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;
    VkPhysicalDeviceVulkan12Features enable12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    enable12.bufferDeviceAddress = VK_TRUE;
    VkPhysicalDeviceFeatures enable{};
    enable.shaderFloat64 = float64_ ? VK_TRUE : VK_FALSE;
    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    info.pNext = &enable12;
    info.pEnabledFeatures = &enable;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    check(vkCreateDevice(physical_, &info, nullptr, &device_), "opening the device");
    vkGetDeviceQueue(device_, queueFamily_, 0, &queue_);
    vkGetPhysicalDeviceMemoryProperties(physical_, &memory_);

    VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool.queueFamilyIndex = queueFamily_;
    check(vkCreateCommandPool(device_, &pool, nullptr, &pool_), "creating a command pool");
    VkFenceCreateInfo fence{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    check(vkCreateFence(device_, &fence, nullptr, &fence_), "creating a fence");
}

VulkanDevice::~VulkanDevice()
{
    if (device_) {
        vkDeviceWaitIdle(device_);
        if (fence_)
            vkDestroyFence(device_, fence_, nullptr);
        if (pool_)
            vkDestroyCommandPool(device_, pool_, nullptr);
        vkDestroyDevice(device_, nullptr);
    }
    Instance i{instance_, messenger_};
    destroyInstance(i);
}

int VulkanDevice::memoryType(uint32_t typeBits, VkMemoryPropertyFlags wanted, VkMemoryPropertyFlags preferred) const
{
    int fallback = -1;
    for (uint32_t i = 0; i < memory_.memoryTypeCount; ++i) {
        if (!(typeBits & (1u << i)))
            continue;
        VkMemoryPropertyFlags f = memory_.memoryTypes[i].propertyFlags;
        if ((f & wanted) != wanted)
            continue;
        if ((f & preferred) == preferred)
            return int(i);
        if (fallback < 0)
            fallback = int(i);
    }
    return fallback;
}

void VulkanDevice::reserveMemory(uint64_t bytes)
{
    if (allocated_ + bytes > limit_)
        throw Error(ErrorCode::ResourceLimit, "the model does not fit in the " + std::to_string(limit_ >> 20) +
                                                  " MB of GPU memory allowed by RWKV_VULKAN_MEMORY_LIMIT_MB on " +
                                                  summary_.name);
    allocated_ += bytes;
}

VkCommandBuffer VulkanDevice::allocateCommandBuffer()
{
    VkCommandBufferAllocateInfo info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    info.commandPool = pool_;
    info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    info.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    check(vkAllocateCommandBuffers(device_, &info, &cmd), "allocating a command buffer");
    return cmd;
}

void VulkanDevice::freeCommandBuffer(VkCommandBuffer cmd)
{
    vkFreeCommandBuffers(device_, pool_, 1, &cmd);
}

void VulkanDevice::submitAndWait(std::span<const VkCommandBuffer> commands)
{
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = uint32_t(commands.size());
    submit.pCommandBuffers = commands.data();
    check(vkQueueSubmit(queue_, 1, &submit, fence_), "submitting work");
    check(vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX), "waiting for the GPU");
    check(vkResetFences(device_, 1, &fence_), "resetting a fence");
}

std::vector<std::string> validationErrors()
{
    std::lock_guard<std::mutex> lock(validationMutex);
    return validationLog;
}

} // namespace rwkv::vulkan
