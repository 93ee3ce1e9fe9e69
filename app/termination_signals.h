// TerminationSignals turns SIGINT and SIGTERM into a call on the event loop's thread (through a
// socket pair, the one thing a signal handler may safely touch), so that the desktop app and
// `rwkv-cli serve` end the way a user's "quit" does: pending state writes finish, the database's
// log is checkpointed, servers close their sockets. While it exists the default handlers are
// replaced; its destructor restores them.
#pragma once

#include <QObject>

#include <functional>

class QSocketNotifier;

class TerminationSignals : public QObject {
    Q_OBJECT
public:
    // `onSignal` runs on this object's thread when either signal arrives.
    explicit TerminationSignals(std::function<void()> onSignal, QObject* parent = nullptr);
    ~TerminationSignals() override;

private:
    std::function<void()> onSignal_;
    QSocketNotifier* notifier_ = nullptr;
};
