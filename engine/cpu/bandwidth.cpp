#include "cpu/bandwidth.h"

#include "cpu/huge_page_arena.h"
#include "cpu/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace rwkv::cpu {

namespace {

// Sixteen floats, whatever vector instructions the build targets: the sum loop reads 64 bytes per
// step without depending on the kernel tables it is there to judge.
typedef float Block __attribute__((vector_size(64)));

constexpr size_t kStripeBytes = size_t(1) << 20;
constexpr size_t kPrefetchAhead = 4096;

float sumStripe(const uint8_t* p, size_t bytes)
{
    Block a0{}, a1{}, a2{}, a3{};
    for (size_t i = 0; i + 256 <= bytes; i += 256) {
        for (size_t line = 0; line < 256; line += 64)
            __builtin_prefetch(p + i + line + kPrefetchAhead);
        Block b0, b1, b2, b3;
        std::memcpy(&b0, p + i, 64);
        std::memcpy(&b1, p + i + 64, 64);
        std::memcpy(&b2, p + i + 128, 64);
        std::memcpy(&b3, p + i + 192, 64);
        a0 += b0;
        a1 += b1;
        a2 += b2;
        a3 += b3;
    }
    Block s = (a0 + a1) + (a2 + a3);
    float total = 0;
    for (int i = 0; i < 16; ++i)
        total += s[i];
    return total;
}

// One pass: thread t of T reads stripes t, t + T, t + 2T, ... so all threads stream through
// neighbouring memory at once, the way they share a matrix's rows.
double passGBs(const uint8_t* buf, size_t bytes, ThreadPool& pool)
{
    const size_t threads = size_t(pool.size());
    const size_t stripes = bytes / kStripeBytes;
    std::atomic<float> sink{0};
    auto t0 = std::chrono::steady_clock::now();
    pool.parallelFor(threads, 1, [&](size_t tBegin, size_t tEnd) {
        float s = 0;
        for (size_t t = tBegin; t < tEnd; ++t)
            for (size_t stripe = t; stripe < stripes; stripe += threads)
                s += sumStripe(buf + stripe * kStripeBytes, kStripeBytes);
        sink.store(s, std::memory_order_relaxed);
    });
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return double(stripes * kStripeBytes) / seconds / 1e9;
}

} // namespace

double measureReadBandwidth()
{
    const size_t bytes = size_t(512) << 20;
    // On 2 MB pages like the weights (cpu/huge_page_arena.h), so the figure is what the kernels
    // could reach, not what TLB misses leave of it.
    auto* buf = static_cast<uint8_t*>(mapHugePages(bytes));
    if (!buf)
        return 0;
    ThreadPool& pool = ThreadPool::shared();
    pool.parallelFor(bytes, bytes / 64, [&](size_t b, size_t e) {
        std::memset(buf + b, 1, e - b); // touch every page so the passes read memory, not zero pages
    });
    // The host's other load moves this figure from pass to pass; the best pass is the machine's.
    double best = 0;
    for (int pass = 0; pass < 6; ++pass)
        best = std::max(best, passGBs(buf, bytes, pool));
    releaseHugePages(buf, bytes);
    return best;
}

} // namespace rwkv::cpu
