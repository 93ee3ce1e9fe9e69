#include "cpu/weight_matrix.h"

#include "core/dtype.h"
#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace rwkv {

const char* weightFormatName(WeightFormat f)
{
    switch (f) {
    case WeightFormat::F32: return "f32";
    case WeightFormat::F16: return "f16";
    case WeightFormat::BF16: return "bf16";
    case WeightFormat::Q8: return "int8";
    case WeightFormat::Q4: return "q4";
    }
    return "?";
}

WeightFormat parseWeightFormat(const std::string& t)
{
    if (t == "f32" || t == "fp32")
        return WeightFormat::F32;
    if (t == "f16" || t == "fp16")
        return WeightFormat::F16;
    if (t == "bf16")
        return WeightFormat::BF16;
    if (t == "int8" || t == "q8")
        return WeightFormat::Q8;
    if (t == "q4" || t == "int4")
        return WeightFormat::Q4;
    throw Error(ErrorCode::InvalidArgument, "unknown weight format '" + t + "' (use f32, f16, bf16, int8 or q4)");
}

size_t Matrix::rowBytes() const
{
    switch (format) {
    case WeightFormat::F32: return size_t(cols) * 4;
    case WeightFormat::F16: case WeightFormat::BF16: return size_t(cols) * 2;
    case WeightFormat::Q8: return size_t(cols);
    case WeightFormat::Q4: return size_t(cols) / 2;
    }
    return 0;
}

size_t Matrix::bytes() const
{
    return rowBytes() * size_t(rows) + scaleBytes();
}

Matrix Matrix::fromFloats(int rows, int cols, std::vector<float> values)
{
    auto owned = std::make_shared<std::vector<float>>(std::move(values));
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.format = WeightFormat::F32;
    m.data = owned->data();
    m.owner = owned;
    return m;
}

namespace {

// std::lround for |x| <= 127 (rounding half away from zero), without a library call per weight:
// that call was a tenth of a quantizing load. NaN becomes 0.
inline int roundHalfAway(float x)
{
    if (x != x)
        return 0;
    int i = int(x);
    const float frac = x - float(i); // exact: |x| < 2^23
    if (frac >= 0.5f)
        ++i;
    else if (frac <= -0.5f)
        --i;
    return i;
}

} // namespace

WeightFormat Matrix::encodedFormat(int cols, WeightFormat format)
{
    if ((format == WeightFormat::Q8 || format == WeightFormat::Q4) && cols % kQuantGroup != 0)
        return WeightFormat::BF16;
    return format;
}

size_t Matrix::scaleBytes() const
{
    return format == WeightFormat::Q8 || format == WeightFormat::Q4
               ? size_t(rows) * size_t(cols / kQuantGroup) * sizeof(float)
               : 0;
}

void Matrix::encodeInto(const float* values, void* dataOut, float* scalesOut) const
{
    const size_t n = size_t(rows) * size_t(cols);
    switch (format) {
    case WeightFormat::F32:
        std::memcpy(dataOut, values, n * sizeof(float));
        return;
    case WeightFormat::F16:
    case WeightFormat::BF16: {
        auto* out = static_cast<uint16_t*>(dataOut);
        for (size_t i = 0; i < n; ++i)
            out[i] = format == WeightFormat::F16 ? floatToF16(values[i]) : floatToBf16(values[i]);
        return;
    }
    case WeightFormat::Q8:
    case WeightFormat::Q4: {
        const bool q4 = format == WeightFormat::Q4;
        const float qmax = q4 ? 7.0f : 127.0f;
        auto* out = static_cast<uint8_t*>(dataOut);
        for (size_t g = 0; g < n / kQuantGroup; ++g) {
            const float* src = values + g * kQuantGroup;
            float amax = 0;
            for (int i = 0; i < kQuantGroup; ++i)
                amax = std::max(amax, std::abs(src[i]));
            const float scale = amax / qmax;
            const float inv = scale > 0 ? 1.0f / scale : 0.0f;
            scalesOut[g] = scale;
            int q[kQuantGroup];
            for (int i = 0; i < kQuantGroup; ++i)
                q[i] = roundHalfAway(std::fmin(std::fmax(src[i] * inv, -qmax), qmax));
            if (q4) // byte j: column j in the low nibble, column j + 16 in the high one
                for (int j = 0; j < 16; ++j)
                    out[g * 16 + size_t(j)] = uint8_t((q[j] + 8) | ((q[j + 16] + 8) << 4));
            else
                for (int i = 0; i < kQuantGroup; ++i)
                    out[g * kQuantGroup + size_t(i)] = uint8_t(int8_t(q[i]));
        }
        return;
    }
    }
}

Matrix Matrix::encode(int rows, int cols, const float* values, WeightFormat format)
{
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.format = encodedFormat(cols, format);
    if (m.format == WeightFormat::F32)
        return fromFloats(rows, cols, std::vector<float>(values, values + size_t(rows) * size_t(cols)));
    // One buffer for the data and the scales; the scales start 64-byte aligned after the data.
    const size_t dataBytes = (m.rowBytes() * size_t(rows) + 63) / 64 * 64;
    auto owned = std::make_shared<std::vector<uint8_t>>(dataBytes + m.scaleBytes() + 64);
    uint8_t* base = owned->data() + (64 - reinterpret_cast<uintptr_t>(owned->data()) % 64) % 64;
    m.data = base;
    m.scales = m.scaleBytes() ? reinterpret_cast<float*>(base + dataBytes) : nullptr;
    m.encodeInto(values, base, const_cast<float*>(m.scales));
    m.owner = owned;
    return m;
}

std::vector<float> Matrix::toFloats() const
{
    std::vector<float> out(size_t(rows) * size_t(cols));
    rowsToFloats(0, rows, out.data());
    return out;
}

void Matrix::rowsToFloats(int first, int last, float* out) const
{
    const size_t n = size_t(last - first) * size_t(cols);
    const auto* bytes = static_cast<const std::byte*>(data) + size_t(first) * rowBytes();
    const float* groupScales = scales ? scales + size_t(first) * size_t(cols / kQuantGroup) : nullptr;
    switch (format) {
    case WeightFormat::F32:
        std::memcpy(out, bytes, n * 4);
        break;
    case WeightFormat::F16:
        convertToFloat(DType::F16, bytes, n, out);
        break;
    case WeightFormat::BF16:
        convertToFloat(DType::BF16, bytes, n, out);
        break;
    case WeightFormat::Q8: {
        const auto* q = reinterpret_cast<const int8_t*>(bytes);
        for (size_t i = 0; i < n; ++i)
            out[i] = groupScales[i / kQuantGroup] * float(q[i]);
        break;
    }
    case WeightFormat::Q4: {
        const auto* q = reinterpret_cast<const uint8_t*>(bytes);
        for (size_t g = 0; g < n / kQuantGroup; ++g) {
            const float scale = groupScales[g];
            const uint8_t* group = q + g * 16;
            float* o = out + g * kQuantGroup;
            for (int j = 0; j < 16; ++j) {
                o[j] = scale * float((group[j] & 0x0f) - 8);
                o[j + 16] = scale * float((group[j] >> 4) - 8);
            }
        }
        break;
    }
    }
}

} // namespace rwkv
