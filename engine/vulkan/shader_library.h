// The compute shaders of the Vulkan backend, compiled from engine/vulkan/shaders/*.comp to SPIR-V
// at build time and embedded (see embed_spirv.cmake). Variants of one source compiled with other
// defines have their own names (matmul_f16, matmul_f32_subgroup, ...).
#pragma once

#include <cstdint>
#include <span>

namespace rwkv::vulkan {

// The SPIR-V words of shader `name`; empty when the build has no such shader.
std::span<const uint32_t> shaderWords(const char* name);

} // namespace rwkv::vulkan
