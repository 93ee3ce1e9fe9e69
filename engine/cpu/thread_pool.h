// ThreadPool is a persistent set of worker threads that split a loop between them. Threads are
// created once (not per token); parallelFor blocks the caller, which also takes a share of the
// work. Each thread owns a contiguous share of the range and works through it from the front,
// so a matrix-vector product's rows stay one memory stream per thread; a thread that finishes
// early takes pieces from the back of the others' shares, so a slow or descheduled thread does
// not hold the rest up. One pool serves one caller at a time: concurrent calls are serialised.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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

    // Calls fn(begin, end) over disjoint ranges covering [0, n). `grain` is the least work worth a
    // hand-out: n <= grain runs inline, and pieces are that long unless a share is shorter.
    void parallelFor(size_t n, size_t grain, const std::function<void(size_t, size_t)>& fn);
    // Like parallelFor, but threads take `chunk` indices at a time (the last piece of a share may
    // be shorter; a pool of one thread runs the whole range in one call): for items long enough
    // that the threads should finish within one item of each other.
    void parallelForChunks(size_t n, size_t chunk, const std::function<void(size_t, size_t)>& fn);

    // The process-wide pool used by the CPU backend (sized from RWKV_THREADS or the core count).
    static ThreadPool& shared();

private:
    // One thread's share of the current job: [front, back) packed in one word, so the owner
    // (taking from the front) and a thief (taking from the back) claim pieces with one CAS.
    struct alignas(64) Share {
        std::atomic<uint64_t> bounds{0};
    };

    void workerLoop(int self);
    void work(int self); // runs pieces of the current job until every share is empty
    void run(size_t n, size_t piece, const std::function<void(size_t, size_t)>& fn);

    std::vector<std::thread> workers_;
    std::mutex callMutex_;
    std::mutex mutex_;
    std::condition_variable wake_;
    // Job fields are written before generation_ is bumped and read after it is seen (release/acquire).
    const std::function<void(size_t, size_t)>* job_ = nullptr;
    uint64_t jobPiece_ = 0;
    std::unique_ptr<Share[]> shares_; // one per thread, the caller's first
    std::atomic<size_t> generation_{0};
    std::atomic<int> pending_{0};
    std::atomic<int> sleepers_{0};  // workers waiting on wake_
    bool stop_ = false;
};

} // namespace rwkv
