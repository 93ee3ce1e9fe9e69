#include "app/store/state_writer.h"

#include "app/store/conversation_store.h"

#include <QMutexLocker>

StateWriter::StateWriter(const QString& databasePath, QObject* parent)
    : QObject(parent), path_(databasePath), worker_(new QObject)
{
    thread_.setObjectName(QStringLiteral("state writer"));
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start(QThread::LowPriority);
}

StateWriter::~StateWriter()
{
    flush();
    // The connection belongs to the writer's thread: close it there.
    QMetaObject::invokeMethod(worker_, [this] { store_.reset(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

void StateWriter::setPolicy(const StateRetentionPolicy& policy)
{
    QMetaObject::invokeMethod(worker_, [this, policy] { policy_ = policy; }, Qt::QueuedConnection);
}

void StateWriter::save(ConversationId conversation, MessageId message, const StateBlob& state)
{
    quint64 sequence;
    {
        QMutexLocker lock(&mutex_);
        sequence = ++sequence_;
        pending_.insert(message, {state, sequence});
    }
    QMetaObject::invokeMethod(worker_, [this, conversation, message, sequence] { write(conversation, message, sequence); },
                              Qt::QueuedConnection);
}

std::optional<StateBlob> StateWriter::pending(MessageId message, quint64 fingerprint) const
{
    QMutexLocker lock(&mutex_);
    const auto it = pending_.constFind(message);
    if (it == pending_.cend() || it->state.fingerprint != fingerprint)
        return std::nullopt;
    return it->state;
}

ConversationStore* StateWriter::store()
{
    if (!store_) {
        auto opened = ConversationStore::open(path_);
        if (!opened.ok()) {
            emit failed(opened.errorString());
            return nullptr;
        }
        store_ = std::make_unique<ConversationStore>(std::move(opened).value());
    }
    return store_.get();
}

void StateWriter::write(ConversationId conversation, MessageId message, quint64 sequence)
{
    StateBlob state;
    {
        QMutexLocker lock(&mutex_);
        const auto it = pending_.constFind(message);
        if (it == pending_.cend() || it->sequence != sequence)
            return; // replaced by a newer state for the same message, which has its own write
        state = it->state;
    }
    ConversationStore* db = store();
    if (db) {
        auto r = db->saveState(message, state);
        // A message deleted meanwhile (regenerated, its chat deleted) needs no state.
        if (!r.ok() && r.error().code() != StoreError::Code::NotFound)
            emit failed(r.errorString());
    }
    {
        QMutexLocker lock(&mutex_);
        const auto it = pending_.constFind(message);
        if (it != pending_.cend() && it->sequence == sequence)
            pending_.erase(it);
    }
    if (!db)
        return;
    emit saved(message);
    if (auto r = db->applyStateRetention(conversation, policy_); !r.ok())
        emit failed(r.errorString());
    const qint64 budget = budget_;
    auto used = budget > 0 ? db->enforceStateBudget(budget, open_) : db->stateStorageBytes();
    if (used.ok())
        emit storageChanged(used.value());
    else
        emit failed(used.errorString());
}

void StateWriter::flush()
{
    if (!thread_.isRunning())
        return;
    // Queued calls run in order: this one runs after every write queued before it.
    QMetaObject::invokeMethod(worker_, [this] {
        if (!store_)
            return;
        if (auto r = store_->checkpoint(); !r.ok())
            emit failed(r.errorString());
    }, Qt::BlockingQueuedConnection);
}
