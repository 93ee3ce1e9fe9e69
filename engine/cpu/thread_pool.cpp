#include "cpu/thread_pool.h"

#include <algorithm>
#include <cstdlib>

namespace rwkv {

ThreadPool::ThreadPool(int threads)
{
    if (threads <= 0)
        threads = int(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < threads; ++i)
        workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
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
        const std::function<void(size_t, size_t)>* job;
        size_t n, chunk;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_)
                return;
            seen = generation_;
            job = job_;
            n = jobN_;
            chunk = jobChunk_;
        }
        size_t begin = size_t(index) * chunk;
        if (begin < n)
            (*job)(begin, std::min(n, begin + chunk));
        {
            std::lock_guard lock(mutex_);
            if (--pending_ == 0)
                done_.notify_one();
        }
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
    {
        std::lock_guard lock(mutex_);
        job_ = &fn;
        jobN_ = n;
        jobChunk_ = chunk;
        pending_ = int(workers_.size());
        ++generation_;
    }
    wake_.notify_all();
    fn(0, std::min(n, chunk));
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    job_ = nullptr;
}

} // namespace rwkv
