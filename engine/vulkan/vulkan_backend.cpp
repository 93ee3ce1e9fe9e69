// The Vulkan entry points of a build with the backend (vulkan_unavailable.cpp is the other).
#include "vulkan/vulkan_backend.h"

#include "core/error.h"
#include "vulkan/vulkan_model.h"

namespace rwkv::vulkan {

bool compiledIn()
{
    return true;
}

std::vector<DeviceSummary> listDevices()
{
    return VulkanDevice::list();
}

std::unique_ptr<GpuModel> openModel(const BackendRequest& request, const ModelInfo& info, const LoadOptions& options,
                                    std::string& whyNot)
{
    try {
        // "auto" only takes a real GPU: a CPU emulation (llvmpipe) is slower than the CPU engine.
        bool allowCpuDevice = request.kind == BackendRequest::Kind::Vulkan;
        std::unique_ptr<VulkanDevice> device = VulkanDevice::open(request.device, allowCpuDevice);
        return std::make_unique<VulkanModel>(std::move(device), info, options.gpuWeights);
    } catch (const Error& e) {
        whyNot = e.what();
        return nullptr;
    }
}

} // namespace rwkv::vulkan
