#include "cpu/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <utility>

namespace rwkv {

namespace {

// Decoding issues a few hundred short parallel loops per token; waking sleeping threads through a
// condition variable for each costs more than the loop itself. Workers therefore spin on the job
// counter (with the processor's pause hint, not sched_yield: a system call per poll is itself
// expensive, under a hypervisor most of all) for a while before they sleep.
constexpr auto kSpin = std::chrono::microseconds(300);
// Pieces per share: the owner claims its share in this many steps, and a thief takes one piece.
constexpr size_t kPiecesPerShare = 8;

constexpr uint64_t pack(uint64_t front, uint64_t back)
{
    return front | (back << 32);
}

inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#else
    std::this_thread::yield();
#endif
}

// Physical cores (hyper-threads share a core's FMA units and bandwidth, so they do not help).
int physicalCores()
{
    std::set<std::pair<std::string, std::string>> cores;
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) {
        std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(i) + "/topology/";
        std::ifstream core(base + "core_id"), package(base + "physical_package_id");
        std::string c, p;
        if (!(core >> c) || !(package >> p))
            return int(n);
        cores.insert({p, c});
    }
    return cores.empty() ? int(n) : int(cores.size());
}

} // namespace

ThreadPool::ThreadPool(int threads)
{
    if (threads <= 0)
        threads = physicalCores();
    shares_ = std::make_unique<Share[]>(size_t(threads));
    for (int i = 1; i < threads; ++i)
        workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        generation_.fetch_add(1);
    }
    wake_.notify_all();
    for (auto& t : workers_)
        t.join();
}

ThreadPool& ThreadPool::shared()
{
    static ThreadPool pool([] {
        const char* env = std::getenv("RWKV_THREADS");
        return env ? std::atoi(env) : 0;
    }());
    return pool;
}

void ThreadPool::workerLoop(int self)
{
    size_t seen = 0;
    for (;;) {
        auto spinUntil = std::chrono::steady_clock::now() + kSpin;
        while (generation_.load(std::memory_order_acquire) == seen) {
            for (int i = 0; i < 64 && generation_.load(std::memory_order_relaxed) == seen; ++i)
                cpuRelax();
            if (std::chrono::steady_clock::now() >= spinUntil)
                break;
        }
        if (generation_.load(std::memory_order_acquire) == seen) {
            std::unique_lock lock(mutex_);
            sleepers_.fetch_add(1);
            wake_.wait(lock, [&] { return generation_.load() != seen; });
            sleepers_.fetch_sub(1, std::memory_order_acq_rel);
        }
        if (stop_)
            return;
        seen = generation_.load(std::memory_order_acquire);
        work(self);
        pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
}

void ThreadPool::work(int self)
{
    const uint64_t piece = jobPiece_;
    const int threads = size();
    // From the front of the own share: consecutive pieces, one stream through memory.
    Share& own = shares_[size_t(self)];
    uint64_t cur = own.bounds.load(std::memory_order_acquire);
    for (;;) {
        const uint64_t front = cur & 0xffffffffu, back = cur >> 32;
        if (front >= back)
            break;
        const uint64_t end = std::min(back, front + piece);
        if (own.bounds.compare_exchange_weak(cur, pack(end, back), std::memory_order_acq_rel))
            (*job_)(size_t(front), size_t(end));
    }
    // Then from the back of the others' shares, a piece at a time.
    for (int d = 1; d < threads; ++d) {
        Share& other = shares_[size_t((self + d) % threads)];
        cur = other.bounds.load(std::memory_order_acquire);
        for (;;) {
            const uint64_t front = cur & 0xffffffffu, back = cur >> 32;
            if (front >= back)
                break;
            const uint64_t begin = back - std::min(piece, back - front);
            if (other.bounds.compare_exchange_weak(cur, pack(front, begin), std::memory_order_acq_rel))
                (*job_)(size_t(begin), size_t(back));
        }
    }
}

void ThreadPool::parallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)>& fn)
{
    const size_t threads = size_t(size());
    run(n, std::max({grain, size_t(1), (n + threads * kPiecesPerShare - 1) / (threads * kPiecesPerShare)}), fn);
}

void ThreadPool::parallelForChunks(size_t n, size_t chunk, const std::function<void(size_t, size_t)>& fn)
{
    run(n, std::max<size_t>(chunk, 1), fn);
}

void ThreadPool::run(size_t n, size_t piece, const std::function<void(size_t, size_t)>& fn)
{
    if (n == 0)
        return;
    if (size() == 1 || n <= piece) {
        fn(0, n);
        return;
    }
    constexpr size_t kMaxRange = 0xffffffffu; // a share's bounds are 32-bit
    if (n > kMaxRange) {
        for (size_t base = 0; base < n; base += kMaxRange) {
            const std::function<void(size_t, size_t)> shifted = [&](size_t b, size_t e) { fn(base + b, base + e); };
            run(std::min(kMaxRange, n - base), piece, shifted);
        }
        return;
    }
    std::lock_guard callLock(callMutex_);
    job_ = &fn;
    jobPiece_ = piece;
    const size_t threads = size_t(size());
    for (size_t i = 0; i < threads; ++i)
        shares_[i].bounds.store(pack(n * i / threads, n * (i + 1) / threads), std::memory_order_relaxed);
    pending_.store(int(workers_.size()), std::memory_order_release);
    generation_.fetch_add(1); // seq_cst with the sleepers_ load below: no lost wake-up
    if (sleepers_.load() > 0) {
        std::lock_guard lock(mutex_);
        wake_.notify_all();
    }
    work(0);
    while (pending_.load(std::memory_order_acquire) != 0)
        cpuRelax();
    job_ = nullptr;
}

} // namespace rwkv
