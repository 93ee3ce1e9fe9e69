// Waiting for signals without racing them. QSignalSpy::wait() only counts signals that arrive
// during the wait, so a signal that fired before it (a fast reply, a worker thread's direct
// emission, events processed by an earlier QTRY) makes it wait for one more that never comes.
// These helpers wait until the spy holds a count, however early the signals came.
#pragma once

#include <QDeadlineTimer>
#include <QSignalSpy>

#include <algorithm>

namespace rwkvtest {

// Generous: a tiny model on a loaded two-core machine still answers within seconds, and a
// failing test should fail on its assertion, not on a machine that is merely slow.
constexpr int kSignalTimeoutMs = 120000;

// True once `spy` has recorded at least `count` signals (counting those already recorded).
inline bool waitForCount(QSignalSpy& spy, qsizetype count = 1, int timeoutMs = kSignalTimeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (spy.size() < count && !deadline.hasExpired())
        spy.wait(int(std::clamp<qint64>(deadline.remainingTime(), 1, 1000)));
    return spy.size() >= count;
}

} // namespace rwkvtest
