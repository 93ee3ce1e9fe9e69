// The Vulkan entry points of a build made without libvulkan-dev or glslc: every request for a GPU
// gets a sentence saying so, and the CPU engine is used.
#include "vulkan/vulkan_backend.h"

#include "core/error.h"

namespace rwkv::vulkan {

namespace {
const char* kNotBuilt = "this build of RWKV Studio has no Vulkan support (it was built without libvulkan-dev and glslc)";
}

bool compiledIn()
{
    return false;
}

std::vector<DeviceSummary> listDevices()
{
    throw Error(ErrorCode::Unsupported, kNotBuilt);
}

std::unique_ptr<GpuModel> openModel(const BackendRequest&, const ModelInfo&, const LoadOptions&, std::string& whyNot)
{
    whyNot = kNotBuilt;
    return nullptr;
}

std::vector<std::string> validationErrors()
{
    return {};
}

} // namespace rwkv::vulkan
