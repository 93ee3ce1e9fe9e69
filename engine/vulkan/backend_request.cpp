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

} // namespace rwkv
