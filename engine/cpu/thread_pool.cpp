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
// condition variable for each costs more than the loop itself. Workers therefore spin briefly
// on the job counter before they sleep.
constexpr auto kSpin = std::chrono::microseconds(50);

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

void ThreadPool::workerLoop(int index)
{
    size_t seen = 0;
    for (;;) {
        auto spinUntil = std::chrono::steady_clock::now() + kSpin;
        while (generation_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < spinUntil)
            std::this_thread::yield(); // gives the core away at once when the machine is busy
        if (generation_.load(std::memory_order_acquire) == seen) {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return generation_.load() != seen; });
        }
        if (stop_)
            return;
        seen = generation_.load(std::memory_order_acquire);
        size_t begin = size_t(index) * jobChunk_;
        if (begin < jobN_)
            (*job_)(begin, std::min(jobN_, begin + jobChunk_));
        pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
}

void ThreadPool::parallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)>& fn)
{
    if (n == 0)
        return;
    size_t threads = size_t(size());
    grain = std::max<size_t>(grain, 1);
    if (threads == 1 || n <= grain) {
        fn(0, n);
        return;
    }
    std::lock_guard callLock(callMutex_);
    size_t chunk = std::max(grain, (n + threads - 1) / threads);
    job_ = &fn;
    jobN_ = n;
    jobChunk_ = chunk;
    pending_.store(int(workers_.size()), std::memory_order_release);
    {
        std::lock_guard lock(mutex_);
        generation_.fetch_add(1, std::memory_order_acq_rel);
    }
    wake_.notify_all();
    fn(0, std::min(n, chunk));
    while (pending_.load(std::memory_order_acquire) != 0)
        std::this_thread::yield();
    job_ = nullptr;
}

} // namespace rwkv
