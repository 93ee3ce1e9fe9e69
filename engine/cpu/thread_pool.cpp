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
constexpr size_t kChunksPerThread = 4;

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
    for (int i = 1; i < threads; ++i)
        workers_.emplace_back([this] { workerLoop(); });
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

void ThreadPool::workerLoop()
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
        runChunks();
        pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
}

void ThreadPool::runChunks()
{
    for (;;) {
        size_t begin = next_.fetch_add(jobChunk_, std::memory_order_relaxed);
        if (begin >= jobN_)
            return;
        (*job_)(begin, std::min(jobN_, begin + jobChunk_));
    }
}

void ThreadPool::parallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)>& fn)
{
    grain = std::max<size_t>(grain, 1);
    // A few chunks per thread, taken from a shared counter: a thread that was descheduled or
    // runs slower does not hold the others up at the end.
    const size_t threads = size_t(size());
    run(n, std::max(grain, (n + threads * kChunksPerThread - 1) / (threads * kChunksPerThread)), fn);
}

void ThreadPool::parallelForChunks(size_t n, size_t chunk, const std::function<void(size_t, size_t)>& fn)
{
    run(n, std::max<size_t>(chunk, 1), fn);
}

void ThreadPool::run(size_t n, size_t chunk, const std::function<void(size_t, size_t)>& fn)
{
    if (n == 0)
        return;
    if (size() == 1 || n <= chunk) {
        fn(0, n);
        return;
    }
    std::lock_guard callLock(callMutex_);
    job_ = &fn;
    jobN_ = n;
    jobChunk_ = chunk;
    next_.store(0, std::memory_order_relaxed);
    pending_.store(int(workers_.size()), std::memory_order_release);
    generation_.fetch_add(1); // seq_cst with the sleepers_ load below: no lost wake-up
    if (sleepers_.load() > 0) {
        std::lock_guard lock(mutex_);
        wake_.notify_all();
    }
    runChunks();
    while (pending_.load(std::memory_order_acquire) != 0)
        cpuRelax();
    job_ = nullptr;
}

} // namespace rwkv
