// Portable kernels: the reference every SIMD table is tested against, and the fallback on
// processors without AVX2.
#include "core/dtype.h"
#include "cpu/kernels.h"

#include <cstring>

namespace rwkv::cpu {

namespace {

float dotF32(const float* a, const float* b, int n)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j)
            acc[j] += a[i + j] * b[i + j];
    float tail = 0;
    for (; i < n; ++i)
        tail += a[i] * b[i];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail;
}

void expandRow(const Matrix& w, int r, float* dst)
{
    const int K = w.cols;
    const auto* base = static_cast<const uint8_t*>(w.data) + size_t(r) * w.rowBytes();
    switch (w.format) {
    case WeightFormat::F32:
        std::memcpy(dst, base, size_t(K) * 4);
        return;
    case WeightFormat::F16:
        convertToFloat(DType::F16, base, size_t(K), dst);
        return;
    case WeightFormat::BF16:
        convertToFloat(DType::BF16, base, size_t(K), dst);
        return;
    case WeightFormat::Q8: {
        const float* s = w.scales + size_t(r) * size_t(K / kQuantGroup);
        for (int i = 0; i < K; ++i)
            dst[i] = s[i / kQuantGroup] * float(int8_t(base[i]));
        return;
    }
    case WeightFormat::Q4: {
        const float* s = w.scales + size_t(r) * size_t(K / kQuantGroup);
        for (int g = 0; g < K / kQuantGroup; ++g)
            for (int j = 0; j < 16; ++j) {
                uint8_t byte = base[g * 16 + j];
                dst[g * 32 + j] = s[g] * float(int(byte & 0x0f) - 8);
                dst[g * 32 + j + 16] = s[g] * float(int(byte >> 4) - 8);
            }
        return;
    }
    }
}

void gemvScalar(const Matrix& w, const float* x, float* y, int begin, int end)
{
    if (w.format == WeightFormat::F32) {
        for (int o = begin; o < end; ++o)
            y[o - begin] = dotF32(w.f32Row(o), x, w.cols);
        return;
    }
    thread_local std::vector<float> row;
    row.resize(size_t(w.cols));
    for (int o = begin; o < end; ++o) {
        expandRow(w, o, row.data());
        y[o - begin] = dotF32(row.data(), x, w.cols);
    }
}

void expandRowsScalar(const Matrix& w, int begin, int n, float* dst)
{
    for (int r = 0; r < n; ++r)
        expandRow(w, begin + r, dst + size_t(r) * size_t(w.cols));
}

void gemmScalar(const float* w, int n, const float* x, int T, int K, float* y, int ldy)
{
    for (int t = 0; t < T; ++t)
        for (int r = 0; r < n; ++r)
            y[size_t(t) * size_t(ldy) + size_t(r)] = dotF32(w + size_t(r) * K, x + size_t(t) * K, K);
}

const KernelTable kScalar = {"scalar", gemvScalar, expandRowsScalar, gemmScalar};

} // namespace

const KernelTable& scalarKernels()
{
    return kScalar;
}

} // namespace rwkv::cpu
