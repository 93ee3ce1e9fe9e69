// Reads and writes little-endian integers at any alignment: zip, pickle and safetensors all store
// their numbers this way, and mapped file bytes carry no alignment guarantee.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace rwkv::le {

inline uint64_t read(const std::byte* p, int bytes)
{
    uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i)
        value = (value << 8) | uint64_t(p[i]);
    return value;
}
inline uint16_t read16(const std::byte* p) { return uint16_t(read(p, 2)); }
inline uint32_t read32(const std::byte* p) { return uint32_t(read(p, 4)); }
inline uint64_t read64(const std::byte* p) { return read(p, 8); }

// Appends `value` as `bytes` little-endian bytes.
inline void append(std::string& out, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(char((value >> (8 * i)) & 0xffu));
}

} // namespace rwkv::le
