// Element types found in checkpoints, and exact conversions of the 16-bit float formats to and
// from float32. Conversions are bit manipulations (no hardware F16C needed) so every platform and
// the scalar test path give identical results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace rwkv {

enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool };

// Bytes per element.
size_t dtypeSize(DType t);
// Short lowercase name as used in JSON output: "f32", "f16", "bf16", ...
const char* dtypeName(DType t);

inline float bf16ToFloat(uint16_t h)
{
    uint32_t bits = uint32_t(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Round to nearest even, as PyTorch does; NaN stays NaN.
inline uint16_t floatToBf16(float f)
{
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    if ((bits & 0x7fffffffu) > 0x7f800000u)
        return uint16_t((bits >> 16) | 0x40);
    bits += 0x7fffu + ((bits >> 16) & 1u);
    return uint16_t(bits >> 16);
}

float f16ToFloat(uint16_t h);
uint16_t floatToF16(float f);

// Converts `count` elements of type `t` at `src` (any alignment) to float32 at `dst`.
// Integer types convert by value. Throws Error(Unsupported) for Bool.
void convertToFloat(DType t, const void* src, size_t count, float* dst);

} // namespace rwkv
