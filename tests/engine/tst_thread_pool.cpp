// The thread pool hands every index of a loop to exactly one call, whatever the split: shares
// claimed from the front by their owners and from the back by threads that finished early.
#include "cpu/thread_pool.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

class ThreadPoolTest : public QObject {
    Q_OBJECT

    // Runs a loop of n on `pool` and checks every index was visited once, in ranges of the
    // expected sizes. `uneven` makes some calls slow, so threads finish early and steal.
    static void checkLoop(rwkv::ThreadPool& pool, size_t n, size_t grain, bool chunks, bool uneven)
    {
        std::vector<std::atomic<int>> visits(n);
        std::atomic<size_t> calls{0}, longest{0};
        const std::function<void(size_t, size_t)> fn = [&](size_t begin, size_t end) {
            QVERIFY(begin < end && end <= n);
            for (size_t i = begin; i < end; ++i)
                visits[i].fetch_add(1);
            calls.fetch_add(1);
            size_t len = end - begin, seen = longest.load();
            while (len > seen && !longest.compare_exchange_weak(seen, len)) {
            }
            if (uneven && begin % 7 == 0)
                std::this_thread::sleep_for(std::chrono::microseconds(200));
        };
        if (chunks)
            pool.parallelForChunks(n, grain, fn);
        else
            pool.parallelFor(n, grain, fn);
        for (size_t i = 0; i < n; ++i)
            QCOMPARE(visits[i].load(), 1);
        if (chunks && pool.size() > 1)
            QVERIFY2(longest.load() <= std::max<size_t>(grain, 1), qPrintable(QString::number(longest.load())));
        if (n > 0 && n <= std::max<size_t>(grain, 1))
            QCOMPARE(calls.load(), size_t(1)); // small loops run inline, in one call
    }

private slots:
    void everyIndexOnce_data()
    {
        QTest::addColumn<int>("threads");
        for (int threads : {1, 2, 3, 4, 7})
            QTest::newRow(qPrintable(QString("%1 threads").arg(threads))) << threads;
    }

    void everyIndexOnce()
    {
        QFETCH(int, threads);
        rwkv::ThreadPool pool(threads);
        QCOMPARE(pool.size(), threads);
        for (size_t n : {size_t(0), size_t(1), size_t(2), size_t(5), size_t(16), size_t(17), size_t(100), size_t(1000), size_t(4099)})
            for (size_t grain : {size_t(1), size_t(3), size_t(16), size_t(64)})
                for (bool chunks : {false, true}) {
                    checkLoop(pool, n, grain, chunks, false);
                    if (QTest::currentTestFailed())
                        return;
                }
    }

    void slowCallsAreStolenFrom()
    {
        // Some pieces sleep: the other threads must take over the rest of that share, and the
        // loop still covers every index once.
        rwkv::ThreadPool pool(4);
        for (int rep = 0; rep < 20; ++rep) {
            checkLoop(pool, 997, 1, true, true);
            checkLoop(pool, 5000, 8, false, true);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void stealingShortensTheSlowThreadsShare()
    {
        // The caller's share cannot progress until another thread has taken a piece of it, so
        // without stealing the caller would run all 32 of its pieces after a long wait; with
        // stealing the worker, done with its own share, takes some from the back. No timing
        // decides the outcome: a loaded machine only makes the wait longer.
        rwkv::ThreadPool pool(2);
        std::atomic<int> byCaller{0}, total{0}, stolen{0};
        const auto caller = std::this_thread::get_id();
        pool.parallelForChunks(64, 1, [&](size_t begin, size_t) {
            const bool onCaller = std::this_thread::get_id() == caller;
            if (begin < 32 && onCaller) { // the caller's share, on the caller
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
                while (stolen.load() == 0 && std::chrono::steady_clock::now() < deadline)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            if (begin < 32 && !onCaller)
                stolen.fetch_add(1);
            total.fetch_add(1);
            if (onCaller)
                byCaller.fetch_add(1);
        });
        QCOMPARE(total.load(), 64);
        QVERIFY(stolen.load() > 0);
        QVERIFY2(byCaller.load() < 32, qPrintable(QString::number(byCaller.load())));
    }
};

QTEST_GUILESS_MAIN(ThreadPoolTest)
#include "tst_thread_pool.moc"
