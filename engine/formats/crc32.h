// CRC-32 (IEEE 802.3, as zip uses) of a byte stream, computed incrementally so writers can
// checksum a tensor while streaming it to disk.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rwkv {

// Continues `crc` (0 for a new stream) over `size` bytes at `data`.
uint32_t crc32Update(uint32_t crc, const void* data, size_t size);

} // namespace rwkv
