// Portable kernels: the reference every SIMD table is tested against, and the fallback on
// processors without AVX2.
#include "core/dtype.h"
#include "cpu/kernels.h"

#include <algorithm>
#include <cmath>
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

// Integer dot of one int8/q4 row with the quantized input.
float dotQuantized(const Matrix& w, int r, const int8_t* xq, const float* xs)
{
    const int groups = w.cols / kQuantGroup;
    const auto* base = static_cast<const uint8_t*>(w.data) + size_t(r) * w.rowBytes();
    const float* ws = w.scales + size_t(r) * size_t(groups);
    float total = 0;
    for (int g = 0; g < groups; ++g) {
        int32_t sum = 0;
        const int8_t* xg = xq + g * kQuantGroup;
        if (w.format == WeightFormat::Q8) {
            for (int i = 0; i < kQuantGroup; ++i)
                sum += int32_t(int8_t(base[g * kQuantGroup + i])) * xg[i];
        } else {
            for (int j = 0; j < 16; ++j) {
                uint8_t byte = base[g * 16 + j];
                sum += (int32_t(byte & 0x0f) - 8) * xg[j] + (int32_t(byte >> 4) - 8) * xg[j + 16];
            }
        }
        total += float(sum) * (ws[g] * xs[g]);
    }
    return total;
}

void prepareScalar(const Matrix& w, const float* x, PreparedInput& in)
{
    in.x = x;
    if (w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4) {
        in.q.resize(size_t(w.cols));
        in.a.resize(size_t(w.cols / kQuantGroup));
        quantizeInput(x, w.cols, in.q.data(), in.a.data());
    }
}

void gemvScalar(const Matrix& w, const PreparedInput& in, float* y, int begin, int end)
{
    if (w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4) {
        for (int o = begin; o < end; ++o)
            y[o - begin] = dotQuantized(w, o, in.q.data(), in.a.data());
        return;
    }
    if (w.format == WeightFormat::F32) {
        for (int o = begin; o < end; ++o)
            y[o - begin] = dotF32(w.f32Row(o), in.x, w.cols);
        return;
    }
    thread_local std::vector<float> row;
    row.resize(size_t(w.cols));
    for (int o = begin; o < end; ++o) {
        expandRow(w, o, row.data());
        y[o - begin] = dotF32(row.data(), in.x, w.cols);
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

void expScalar(float* x, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] = std::exp(x[i]);
}

void sigmoidScalar(float* x, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] = 1.0f / (1.0f + std::exp(-x[i]));
}

void tanhScalar(float* x, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        x[i] = std::tanh(x[i]);
}

} // namespace

float dotTailScalar(const Matrix& w, const uint8_t* row, const float* x, int from)
{
    float s = 0;
    for (int i = from; i < w.cols; ++i) {
        float v;
        if (w.format == WeightFormat::F32) {
            std::memcpy(&v, row + size_t(i) * 4, 4);
        } else {
            uint16_t h;
            std::memcpy(&h, row + size_t(i) * 2, 2);
            v = w.format == WeightFormat::BF16 ? bf16ToFloat(h) : f16ToFloat(h);
        }
        s += v * x[i];
    }
    return s;
}

void wkv7HeadScalar(float* S, int N, const float* r, const float* w, const float* k, const float* v, const float* kk,
                    const float* b, float* y)
{
    for (int i = 0; i < N; ++i) {
        float* Si = S + size_t(i) * N;
        float sa = -dotF32(Si, kk, N);
        for (int j = 0; j < N; ++j)
            Si[j] = Si[j] * w[j] + sa * b[j] + v[i] * k[j];
        y[i] = dotF32(Si, r, N);
    }
}

void quantizeInput(const float* x, int cols, int8_t* q, float* scales)
{
    for (int g = 0; g < cols / kQuantGroup; ++g) {
        const float* xg = x + g * kQuantGroup;
        float amax = 0;
        for (int i = 0; i < kQuantGroup; ++i)
            amax = std::max(amax, std::abs(xg[i]));
        float scale = amax / 127.0f;
        float inv = scale > 0 ? 1.0f / scale : 0.0f;
        scales[g] = scale;
        for (int i = 0; i < kQuantGroup; ++i)
            q[g * kQuantGroup + i] = int8_t(std::nearbyint(xg[i] * inv)); // half to even, as SIMD converts
    }
}

namespace {

const KernelTable kScalar = {"scalar", prepareScalar, gemvScalar, expandRowsScalar, gemmScalar, nullptr, nullptr, nullptr, expScalar, sigmoidScalar, tanhScalar,
                             wkv7HeadScalar, nullptr, nullptr};

} // namespace

const KernelTable& scalarKernels()
{
    return kScalar;
}

} // namespace rwkv::cpu
