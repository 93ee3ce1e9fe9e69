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
    size_t b = rowBytes() * size_t(rows);
    if (format == WeightFormat::Q8 || format == WeightFormat::Q4)
        b += size_t(rows) * size_t(cols / kQuantGroup) * sizeof(float);
    return b;
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

struct QuantBuffers {
    std::vector<uint8_t> data;
    std::vector<float> scales;
};

} // namespace

Matrix Matrix::encode(int rows, int cols, const float* values, WeightFormat format)
{
    const size_t n = size_t(rows) * size_t(cols);
    if ((format == WeightFormat::Q8 || format == WeightFormat::Q4) && cols % kQuantGroup != 0)
        format = WeightFormat::BF16;
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.format = format;
    switch (format) {
    case WeightFormat::F32:
        return fromFloats(rows, cols, std::vector<float>(values, values + n));
    case WeightFormat::F16:
    case WeightFormat::BF16: {
        auto owned = std::make_shared<std::vector<uint16_t>>(n);
        for (size_t i = 0; i < n; ++i)
            (*owned)[i] = format == WeightFormat::F16 ? floatToF16(values[i]) : floatToBf16(values[i]);
        m.data = owned->data();
        m.owner = owned;
        return m;
    }
    case WeightFormat::Q8:
    case WeightFormat::Q4: {
        const bool q4 = format == WeightFormat::Q4;
        const size_t groups = n / kQuantGroup;
        auto owned = std::make_shared<QuantBuffers>();
        owned->data.resize(q4 ? n / 2 : n);
        owned->scales.resize(groups);
        for (size_t g = 0; g < groups; ++g) {
            const float* src = values + g * kQuantGroup;
            float amax = 0;
            for (int i = 0; i < kQuantGroup; ++i)
                amax = std::max(amax, std::abs(src[i]));
            const float qmax = q4 ? 7.0f : 127.0f;
            const float scale = amax / qmax;
            const float inv = scale > 0 ? 1.0f / scale : 0.0f;
            owned->scales[g] = scale;
            for (int i = 0; i < kQuantGroup; ++i) {
                int q = int(std::lround(src[i] * inv));
                q = std::clamp(q, -int(qmax), int(qmax));
                if (q4) {
                    uint8_t& byte = owned->data[g * 16 + size_t(i % 16)];
                    uint8_t nib = uint8_t(q + 8);
                    byte = i < 16 ? uint8_t((byte & 0xf0) | nib) : uint8_t((byte & 0x0f) | (nib << 4));
                } else {
                    owned->data[g * kQuantGroup + size_t(i)] = uint8_t(int8_t(q));
                }
            }
        }
        m.data = owned->data.data();
        m.scales = owned->scales.data();
        m.owner = owned;
        return m;
    }
    }
    return m;
}

std::vector<float> Matrix::toFloats() const
{
    const size_t n = size_t(rows) * size_t(cols);
    std::vector<float> out(n);
    switch (format) {
    case WeightFormat::F32:
        std::memcpy(out.data(), data, n * 4);
        break;
    case WeightFormat::F16:
        convertToFloat(DType::F16, data, n, out.data());
        break;
    case WeightFormat::BF16:
        convertToFloat(DType::BF16, data, n, out.data());
        break;
    case WeightFormat::Q8: {
        const auto* q = static_cast<const int8_t*>(data);
        for (size_t i = 0; i < n; ++i)
            out[i] = scales[i / kQuantGroup] * float(q[i]);
        break;
    }
    case WeightFormat::Q4: {
        const auto* q = static_cast<const uint8_t*>(data);
        for (size_t i = 0; i < n; ++i) {
            size_t g = i / kQuantGroup, j = i % kQuantGroup;
            uint8_t byte = q[g * 16 + j % 16];
            int v = (j < 16 ? (byte & 0x0f) : (byte >> 4)) - 8;
            out[i] = scales[i / kQuantGroup] * float(v);
        }
        break;
    }
    }
    return out;
}

} // namespace rwkv
