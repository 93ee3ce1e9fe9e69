// DeviceStateCopy is how a GPU model keeps a State's values in device memory between calls, so
// that decoding does not move megabytes over the bus per token. A State holds at most one; the
// GPU model that made it recognises it on the next call and runs on the device values directly.
// Whenever the CPU needs the values (reading, writing, copying, serializing, comparing, another
// model) the State first calls pull(). Implementations are thread-safe with respect to their
// model's calls (eviction by the model and pull() by the State's owner may race).
#pragma once

#include <span>

namespace rwkv {

class DeviceStateCopy {
public:
    virtual ~DeviceStateCopy() = default;
    // Writes the device's values into `host` (the State's own buffer) when they are newer than
    // it; afterwards both agree. Throws Error when the device cannot be read (a lost device).
    virtual void pull(std::span<float> host) = 0;
};

} // namespace rwkv
