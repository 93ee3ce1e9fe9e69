// StateWriter saves chat model states off the GUI thread: compression and the database write of a
// state (tens of MB at real model sizes) run on its own thread with its own connection, followed
// by the retention policy for that conversation and the storage budget over all of them. Until a
// state is written, pending() hands it out from memory, so a reply that starts right after the
// previous one still resumes from it. flush() (and the destructor) wait for every queued write
// and checkpoint the write-ahead log: quitting, also on SIGTERM, loses nothing.
#pragma once

#include "app/store/conversation_types.h"
#include "app/store/state_blob.h"
#include "app/store/state_retention.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

class ConversationStore;

class StateWriter : public QObject {
    Q_OBJECT
public:
    explicit StateWriter(const QString& databasePath, QObject* parent = nullptr);
    ~StateWriter() override;

    // Queues the state after `message` of `conversation`.
    void save(ConversationId conversation, MessageId message, const StateBlob& state);
    // A state queued and not yet written, when its fingerprint matches.
    std::optional<StateBlob> pending(MessageId message, quint64 fingerprint) const;
    // Bytes all saved chat states may take (AppSettings::stateBudget); 0 = no limit.
    void setBudget(qint64 bytes) { budget_ = bytes; }
    // The conversation the user has open: the budget never evicts its states.
    void setOpenConversation(ConversationId id) { open_ = id; }
    void setPolicy(const StateRetentionPolicy& policy);
    // Waits until every queued state is written, then checkpoints the log.
    void flush();

signals:
    void saved(MessageId message);
    // What went wrong writing a state, as a sentence (the disk is full, ...); nothing else is lost.
    void failed(const QString& sentence);
    // Bytes the saved states take after a write and its tidying.
    void storageChanged(qint64 bytes);

private:
    void write(ConversationId conversation, MessageId message, quint64 sequence); // on thread_
    ConversationStore* store(); // opened on first use, on thread_

    QString path_;
    QThread thread_;
    QObject* worker_; // lives on thread_: the context of the queued writes
    std::unique_ptr<ConversationStore> store_;
    StateRetentionPolicy policy_;
    mutable QMutex mutex_;
    struct Pending {
        StateBlob state;
        quint64 sequence = 0;
    };
    QHash<MessageId, Pending> pending_;
    quint64 sequence_ = 0;
    std::atomic<qint64> budget_{0};
    std::atomic<ConversationId> open_{0};
};
