#include "cpu/bandwidth.h"

#include "cpu/huge_page_arena.h"
#include "cpu/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace rwkv::cpu {

double measureReadBandwidth()
{
    const size_t n = (size_t(512) << 20) / sizeof(uint64_t);
    // On 2 MB pages like the weights (cpu/huge_page_arena.h), so the figure is what the kernels
    // could reach, not what TLB misses leave of it.
    auto* buf = static_cast<uint64_t*>(mapHugePages(n * sizeof(uint64_t)));
    if (!buf)
        return 0;
    ThreadPool& pool = ThreadPool::shared();
    pool.parallelFor(n, n / 64, [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i)
            buf[i] = i; // touch every page so the pass below reads memory, not zero pages
    });
    std::atomic<uint64_t> sink{0};
    double best = 0;
    for (int rep = 0; rep < 4; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        pool.parallelFor(n, n / size_t(pool.size()), [&](size_t b, size_t e) {
            uint64_t acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            for (size_t i = b; i + 8 <= e; i += 8)
                for (int j = 0; j < 8; ++j)
                    acc[j] += buf[i + size_t(j)];
            sink += acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
        });
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::max(best, double(n * sizeof(uint64_t)) / s / 1e9);
    }
    releaseHugePages(buf, n * sizeof(uint64_t));
    return best;
}

} // namespace rwkv::cpu
