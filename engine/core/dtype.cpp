#include "core/dtype.h"

#include "core/error.h"

namespace rwkv {

size_t dtypeSize(DType t)
{
    switch (t) {
    case DType::F64: case DType::I64: return 8;
    case DType::F32: case DType::I32: return 4;
    case DType::F16: case DType::BF16: case DType::I16: return 2;
    case DType::I8: case DType::U8: case DType::Bool: return 1;
    }
    return 1;
}

const char* dtypeName(DType t)
{
    switch (t) {
    case DType::F32: return "f32";
    case DType::F16: return "f16";
    case DType::BF16: return "bf16";
    case DType::F64: return "f64";
    case DType::I64: return "i64";
    case DType::I32: return "i32";
    case DType::I16: return "i16";
    case DType::I8: return "i8";
    case DType::U8: return "u8";
    case DType::Bool: return "bool";
    }
    return "?";
}

float f16ToFloat(uint16_t h)
{
    uint32_t sign = uint32_t(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t mant = h & 0x3ffu;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { // subnormal: normalise
            exp = 127 - 15 + 1;
            while (!(mant & 0x400u)) {
                mant <<= 1;
                --exp;
            }
            mant &= 0x3ffu;
            bits = sign | (exp << 23) | (mant << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

uint16_t floatToF16(float f)
{
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    uint32_t sign = (bits >> 16) & 0x8000u;
    int32_t exp = int32_t((bits >> 23) & 0xffu);
    uint32_t mant = bits & 0x7fffffu;
    if (exp == 255)
        return uint16_t(sign | 0x7c00u | (mant ? 0x200u : 0));
    int32_t e = exp - 127 + 15;
    if (e >= 31)
        return uint16_t(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10)
            return uint16_t(sign);
        mant |= 0x800000u;
        uint32_t shift = uint32_t(14 - e);
        uint32_t half = mant >> shift;
        uint32_t rem = mant & ((1u << shift) - 1);
        uint32_t mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1)))
            ++half;
        return uint16_t(sign | half);
    }
    uint32_t half = sign | (uint32_t(e) << 10) | (mant >> 13);
    uint32_t rem = mant & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (half & 1)))
        ++half; // may carry into the exponent, which is the right rounding
    return uint16_t(half);
}

void convertToFloat(DType t, const void* src, size_t count, float* dst)
{
    const auto* p = static_cast<const unsigned char*>(src);
    switch (t) {
    case DType::F32:
        std::memcpy(dst, p, count * 4);
        return;
    case DType::BF16:
        for (size_t i = 0; i < count; ++i) {
            uint16_t h;
            std::memcpy(&h, p + 2 * i, 2);
            dst[i] = bf16ToFloat(h);
        }
        return;
    case DType::F16:
        for (size_t i = 0; i < count; ++i) {
            uint16_t h;
            std::memcpy(&h, p + 2 * i, 2);
            dst[i] = f16ToFloat(h);
        }
        return;
    case DType::F64:
        for (size_t i = 0; i < count; ++i) {
            double d;
            std::memcpy(&d, p + 8 * i, 8);
            dst[i] = float(d);
        }
        return;
    case DType::I64:
        for (size_t i = 0; i < count; ++i) {
            int64_t v;
            std::memcpy(&v, p + 8 * i, 8);
            dst[i] = float(v);
        }
        return;
    case DType::I32:
        for (size_t i = 0; i < count; ++i) {
            int32_t v;
            std::memcpy(&v, p + 4 * i, 4);
            dst[i] = float(v);
        }
        return;
    case DType::I16:
        for (size_t i = 0; i < count; ++i) {
            int16_t v;
            std::memcpy(&v, p + 2 * i, 2);
            dst[i] = float(v);
        }
        return;
    case DType::I8:
        for (size_t i = 0; i < count; ++i)
            dst[i] = float(static_cast<int8_t>(p[i]));
        return;
    case DType::U8:
        for (size_t i = 0; i < count; ++i)
            dst[i] = float(p[i]);
        return;
    case DType::Bool:
        break;
    }
    throw Error(ErrorCode::Unsupported, "boolean tensors cannot be used as weights");
}

} // namespace rwkv
