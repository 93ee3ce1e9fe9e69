// What a Vulkan device is, as `rwkv-cli devices` prints it and as the load reports it. Free of
// Vulkan types so that code built without the backend can use it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rwkv::vulkan {

struct DeviceSummary {
    int index = 0;
    std::string name;       // "NVIDIA GeForce RTX 4090", "llvmpipe (LLVM 15.0.6, 256 bits)"
    std::string type;       // "discrete", "integrated", "virtual", "cpu", "other"
    uint64_t memoryBytes = 0; // the largest device-local heap
    std::string driver;     // driver name and info, e.g. "llvmpipe: Mesa 22.3.6 (LLVM 15.0.6)"
    std::string apiVersion; // "1.3.230"
};

} // namespace rwkv::vulkan
