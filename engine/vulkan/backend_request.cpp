#include "vulkan/vulkan_backend.h"

#include "core/error.h"

#include <cctype>

namespace rwkv {

BackendRequest parseBackend(const std::string& spec)
{
    BackendRequest r;
    if (spec.empty() || spec == "cpu")
        return r;
    if (spec == "auto") {
        r.kind = BackendRequest::Kind::Auto;
        return r;
    }
    if (spec == "vulkan" || spec == "gpu") {
        r.kind = BackendRequest::Kind::Vulkan;
        return r;
    }
    const std::string prefix = "vulkan:";
    if (spec.rfind(prefix, 0) == 0 && spec.size() > prefix.size() && spec.size() < prefix.size() + 4) {
        int index = 0;
        for (size_t i = prefix.size(); i < spec.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(spec[i])))
                goto bad;
            index = index * 10 + (spec[i] - '0');
        }
        r.kind = BackendRequest::Kind::Vulkan;
        r.device = index;
        return r;
    }
bad:
    throw Error(ErrorCode::InvalidArgument,
                "unknown backend '" + spec + "': use cpu, auto, vulkan or vulkan:N (N from `rwkv-cli devices`)");
}

const char* gpuWeightsName(GpuWeights w)
{
    switch (w) {
    case GpuWeights::F32: return "f32";
    case GpuWeights::F16: return "f16";
    case GpuWeights::Q8: return "q8";
    case GpuWeights::Q4: return "q4";
    }
    return "?";
}

GpuWeights parseGpuWeights(const std::string& name)
{
    for (GpuWeights w : {GpuWeights::F32, GpuWeights::F16, GpuWeights::Q8, GpuWeights::Q4})
        if (name == gpuWeightsName(w))
            return w;
    throw Error(ErrorCode::InvalidArgument, "unknown GPU weight format '" + name + "': use f32, f16, q8 or q4");
}

} // namespace rwkv
