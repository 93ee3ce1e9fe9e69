// Human-readable byte counts for error messages ("12.0 MB", "380.2 MB", "5 bytes"), so a user can
// compare what a file holds with what it should hold.
#pragma once

#include <cstdint>
#include <string>

namespace rwkv {

// Decimal units (1 MB = 10^6 bytes) as download tools and file managers show them.
std::string byteSizeText(uint64_t bytes);

} // namespace rwkv
