#include "cpu/ops.h"

#include "cpu/kernels.h"
#include "cpu/thread_pool.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace rwkv::cpu {

float dot(const float* a, const float* b, int n)
{
    // Eight independent partial sums: vectorisable without -ffast-math and the same order always.
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

void squaredRelu(float* x, size_t n)
{
    // Written on vectors of four with a mask: as a scalar loop GCC turns any form of max(x, 0)
    // back into a compare and branch, and half the values being negative, that branch mispredicts
    // at random (it cost 8 % of prefill).
    typedef float Lanes __attribute__((vector_size(16)));
    typedef int32_t Mask __attribute__((vector_size(16)));
    const Lanes zero{};
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        Lanes v;
        std::memcpy(&v, x + j, sizeof v);
        const Mask positive = v > zero;
        v = reinterpret_cast<Lanes>(reinterpret_cast<Mask>(v * v) & positive);
        std::memcpy(x + j, &v, sizeof v);
    }
    for (; j < n; ++j)
        x[j] = x[j] > 0.0f ? x[j] * x[j] : 0.0f;
}

namespace {

// Decoding (one or two tokens): matrix-vector products, one hand-out of work per token for all
// of `jobs`. Rows are numbered across the jobs and each chunk is cut at job boundaries; chunks
// hold at least ~48 KB of weights, as smaller ones cost more to hand out than to run.
void decodeProducts(std::span<const MatmulJob> jobs, int T)
{
    const KernelTable& k = kernels();
    // The workers must read this thread's copies, hence references to the thread_locals.
    thread_local std::vector<PreparedInput> preparedHere;
    thread_local std::vector<size_t> firstHere;
    std::vector<PreparedInput>& prepared = preparedHere;
    std::vector<size_t>& first = firstHere;
    if (prepared.size() < jobs.size())
        prepared.resize(jobs.size());
    first.assign(jobs.size() + 1, 0);
    size_t bytes = 0;
    for (size_t i = 0; i < jobs.size(); ++i) {
        first[i + 1] = first[i] + size_t(jobs[i].w->rows);
        bytes += jobs[i].w->rowBytes() * size_t(jobs[i].w->rows);
    }
    const size_t rows = first.back();
    const size_t grain = std::max<size_t>(16, size_t(49152) * rows / std::max<size_t>(1, bytes));
    for (int t = 0; t < T; ++t) {
        for (size_t i = 0; i < jobs.size(); ++i)
            k.prepare(*jobs[i].w, jobs[i].x + size_t(t) * jobs[i].w->cols, prepared[i]);
        ThreadPool::shared().parallelFor(rows, grain, [&](size_t begin, size_t end) {
            size_t i = size_t(std::upper_bound(first.begin(), first.end(), begin) - first.begin()) - 1;
            while (begin < end) {
                const size_t stop = std::min(end, first[i + 1]);
                const int r0 = int(begin - first[i]), r1 = int(stop - first[i]);
                k.gemv(*jobs[i].w, prepared[i], jobs[i].y + size_t(t) * jobs[i].w->rows + r0, r0, r1);
                begin = stop;
                ++i;
            }
        });
    }
}

} // namespace

void matmul(const Matrix& w, const float* x, int T, float* y)
{
    const int out = w.rows;
    const int in = w.cols;
    const KernelTable& k = kernels();
    if (T <= 2) {
        const MatmulJob job{&w, x, y};
        decodeProducts({&job, 1}, T);
        return;
    }
    // Blocks of 32 rows: expanded to float32 they stay in L2 while all T tokens pass over them.
    // Threads take one block at a time (a block is tens of microseconds of work), so they finish
    // within one block of each other.
    constexpr int kBlock = 32;
    const size_t blocks = (size_t(out) + kBlock - 1) / kBlock;
    if ((w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4) && k.gemmQuantized) {
        // Integer products on the stored weights, the tokens quantized once for all blocks.
        thread_local PreparedInput tokensHere;
        PreparedInput& tokens = tokensHere; // the workers must read this thread's copy
        k.prepareTokens(x, T, in, tokens);
        ThreadPool::shared().parallelForChunks(blocks, 1, [&](size_t begin, size_t end) {
            k.gemmQuantized(w, tokens, T, int(begin) * kBlock, std::min(out, int(end) * kBlock), y, out);
        });
        return;
    }
    const bool stored = k.gemmStored && w.format != WeightFormat::Q8 && w.format != WeightFormat::Q4;
    ThreadPool::shared().parallelForChunks(blocks, 1, [&](size_t begin, size_t end) {
        thread_local std::vector<float> expanded;
        for (size_t b = begin; b < end; ++b) {
            int r0 = int(b) * kBlock;
            int n = std::min(kBlock, out - r0);
            if (stored) {
                k.gemmStored(w, r0, n, x, T, y + r0, out);
                continue;
            }
            const float* rows;
            if (w.format == WeightFormat::F32) {
                rows = w.f32Row(r0);
            } else {
                expanded.resize(size_t(kBlock) * size_t(in));
                k.expandRows(w, r0, n, expanded.data());
                rows = expanded.data();
            }
            k.gemm(rows, n, x, T, in, y + r0, out);
        }
    });
}

void matmulGroup(std::span<const MatmulJob> jobs, int T)
{
    if (T > 2) {
        for (const MatmulJob& j : jobs)
            matmul(*j.w, j.x, T, j.y);
        return;
    }
    decodeProducts(jobs, T);
}

void matmulRowwise(const Matrix& w, const float* x, int T, float* y)
{
    const MatmulJob job{&w, x, y};
    matmulGroupRowwise({&job, 1}, T);
}

void matmulGroupRowwise(std::span<const MatmulJob> jobs, int T)
{
    // Fixed blocks of rows, each run for every token while its weights are in cache (one load of
    // each weight for all tokens where the table has gemvTokens, else the decoding kernel token
    // after token from L2): the weights come from memory once, and a row's sums depend only on
    // its block, never on T or on how the threads split the work.
    constexpr int kBlockRows = 64;
    struct Block {
        size_t job;
        int r0, r1;
    };
    const KernelTable& k = kernels();
    thread_local std::vector<PreparedInput> preparedHere;
    thread_local std::vector<Block> blocksHere;
    std::vector<PreparedInput>& prepared = preparedHere; // the workers read this thread's copies
    std::vector<Block>& blocks = blocksHere;
    if (prepared.size() < jobs.size() * size_t(T))
        prepared.resize(jobs.size() * size_t(T));
    blocks.clear();
    for (size_t j = 0; j < jobs.size(); ++j) {
        const Matrix& w = *jobs[j].w;
        for (int t = 0; t < T; ++t)
            k.prepare(w, jobs[j].x + size_t(t) * size_t(w.cols), prepared[j * size_t(T) + size_t(t)]);
        for (int r = 0; r < w.rows; r += kBlockRows)
            blocks.push_back({j, r, std::min(w.rows, r + kBlockRows)});
    }
    ThreadPool::shared().parallelForChunks(blocks.size(), 1, [&](size_t begin, size_t end) {
        for (size_t b = begin; b < end; ++b) {
            const Block& block = blocks[b];
            const MatmulJob& job = jobs[block.job];
            const bool floats = job.w->format != WeightFormat::Q8 && job.w->format != WeightFormat::Q4;
            if (floats && k.gemvTokens) {
                k.gemvTokens(*job.w, job.x, T, job.y + size_t(block.r0), size_t(job.w->rows), block.r0, block.r1);
                continue;
            }
            for (int t = 0; t < T; ++t)
                k.gemv(*job.w, prepared[block.job * size_t(T) + size_t(t)],
                       job.y + size_t(t) * size_t(job.w->rows) + size_t(block.r0), block.r0, block.r1);
        }
    });
}

void forTokens(int T, const std::function<void(int, int)>& fn)
{
    // 16 tokens of a per-token step take a few microseconds, about what a hand-out costs.
    constexpr size_t kTokenGrain = 16;
    ThreadPool::shared().parallelFor(size_t(T), kTokenGrain, [&](size_t first, size_t last) { fn(int(first), int(last)); });
}

namespace {

// Σ x[i] (or Σ (x[i] - c)² with `squares`) in eight interleaved partial sums: a loop the compiler
// vectorises, in the same order always; float partial sums of a few thousand values stay within
// ~1e-6 of the exact sum.
template <bool squares>
float sumOf(const float* x, int n, float c = 0.0f)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) {
            const float v = x[i + j] - c;
            acc[j] += squares ? v * v : v;
        }
    float tail = 0;
    for (; i < n; ++i) {
        const float v = x[i] - c;
        tail += squares ? v * v : v;
    }
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail;
}

// y = (x - mean) / sqrt(var + eps) * weight + bias over n values (two passes: the variance is
// taken around the mean, so a large mean costs no precision).
void normalize(const float* x, float* y, const float* weight, const float* bias, int n, float eps)
{
    const float mean = sumOf<false>(x, n) / float(n);
    const float var = sumOf<true>(x, n, mean) / float(n);
    const float inv = 1.0f / std::sqrt(var + eps);
    for (int i = 0; i < n; ++i)
        y[i] = (x[i] - mean) * inv * weight[i] + bias[i];
}

} // namespace

void layerNorm(const float* x, float* y, const float* weight, const float* bias, int n, float eps)
{
    normalize(x, y, weight, bias, n, eps);
}

void groupNorm(const float* x, float* y, const float* weight, const float* bias, int d, int groups,
               float eps)
{
    const int g = d / groups;
    for (int h = 0; h < groups; ++h)
        normalize(x + h * g, y + h * g, weight + h * g, bias + h * g, g, eps);
}

} // namespace rwkv::cpu
