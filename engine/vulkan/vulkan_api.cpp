#include "vulkan/vulkan_api.h"

#include "core/error.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace rwkv::vulkan {

#define RWKV_VULKAN_DEFINE(name) PFN_##name name = nullptr;
RWKV_VULKAN_FUNCTIONS(RWKV_VULKAN_DEFINE)
#undef RWKV_VULKAN_DEFINE

namespace {
std::mutex loaderMutex;
void* library = nullptr; // kept open for the life of the process
} // namespace

void loadVulkanLibrary()
{
    const char* override = std::getenv("RWKV_VULKAN_LOADER");
    const std::string name = override && *override ? override : "libvulkan.so.1";
    std::lock_guard<std::mutex> lock(loaderMutex);
    if (library && !(override && *override))
        return;
    // A named loader is opened on every call, so a test can make the lookup fail after a success.
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        throw Error(ErrorCode::Unsupported, "the Vulkan loader (" + name + ") is not installed, so no GPU can be used" +
                                                (why ? std::string(" (") + why + ")" : std::string()));
    }
    if (library) {
        // Already loaded (dlopen only counted another reference, or found another file that
        // will not replace the loader the open devices came from).
        dlclose(handle);
        return;
    }
    auto getProc = reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(handle, "vkGetInstanceProcAddr"));
    if (!getProc) {
        dlclose(handle);
        throw Error(ErrorCode::Unsupported, name + " is not a Vulkan loader (it has no vkGetInstanceProcAddr)");
    }
    // The loader exports every core entry point up to the version it implements; a missing one
    // means a loader older than Vulkan 1.2.
    std::string missing;
#define RWKV_VULKAN_RESOLVE(fn)                                                                    \
    auto fn##Found = reinterpret_cast<PFN_##fn>(dlsym(handle, #fn));                               \
    if (!fn##Found && missing.empty())                                                             \
        missing = #fn;
    RWKV_VULKAN_FUNCTIONS(RWKV_VULKAN_RESOLVE)
#undef RWKV_VULKAN_RESOLVE
    if (!missing.empty()) {
        dlclose(handle);
        throw Error(ErrorCode::Unsupported, "the Vulkan loader " + name + " lacks " + missing +
                                                ": the GPU backend needs a Vulkan 1.2 loader");
    }
#define RWKV_VULKAN_ASSIGN(fn) fn = fn##Found;
    RWKV_VULKAN_FUNCTIONS(RWKV_VULKAN_ASSIGN)
#undef RWKV_VULKAN_ASSIGN
    library = handle;
}

} // namespace rwkv::vulkan
