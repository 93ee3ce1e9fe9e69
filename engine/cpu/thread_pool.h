// ThreadPool is a persistent set of worker threads that split a loop between them. Threads are
// created once (not per token); parallelFor blocks the caller, which also takes a share of the
// work. One pool serves one caller at a time: concurrent parallelFor calls are serialised.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rwkv {

class ThreadPool {
public:
    // `threads` = total threads including the caller; 0 = the machine's physical core count.
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return int(workers_.size()) + 1; }

    // Calls fn(begin, end) over disjoint ranges covering [0, n), in chunks of at least `grain`.
    void parallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)>& fn);
    // Like parallelFor, but hands out exactly `chunk` indices at a time: for items long enough
    // that taking each from the shared counter costs nothing, so the threads also finish together.
    void parallelForChunks(size_t n, size_t chunk, const std::function<void(size_t, size_t)>& fn);

    // The process-wide pool used by the CPU backend (sized from RWKV_THREADS or the core count).
    static ThreadPool& shared();

private:
    void workerLoop();
    void runChunks(); // takes chunks of the current job until none are left
    void run(size_t n, size_t chunk, const std::function<void(size_t, size_t)>& fn);

    std::vector<std::thread> workers_;
    std::mutex callMutex_;
    std::mutex mutex_;
    std::condition_variable wake_;
    // Job fields are written before generation_ is bumped and read after it is seen (release/acquire).
    const std::function<void(size_t, size_t)>* job_ = nullptr;
    size_t jobN_ = 0;
    size_t jobChunk_ = 0;
    std::atomic<size_t> generation_{0};
    std::atomic<int> pending_{0};
    std::atomic<size_t> next_{0};   // first index of the next chunk to take
    std::atomic<int> sleepers_{0};  // workers waiting on wake_
    bool stop_ = false;
};

} // namespace rwkv
