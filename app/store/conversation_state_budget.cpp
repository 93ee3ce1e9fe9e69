// ConversationStore: how much room saved states may take (the retention policy per conversation
// and the budget over all of them). See conversation_store.h.
#include "app/store/conversation_store.h"
#include "app/store/store_connection.h"

#include <QSet>

namespace {

Result<void> deleteStates(StoreConnection& db, const QList<MessageId>& ids)
{
    return db.transaction([&]() -> Result<void> {
        for (MessageId id : ids)
            if (auto r = db.run(QStringLiteral("DELETE FROM message_states WHERE message_id = ?"), {id}); !r.ok())
                return r;
        return {};
    });
}

} // namespace

Result<int> ConversationStore::applyStateRetention(ConversationId conversation, const StateRetentionPolicy& policy)
{
    auto rows = db_->exec(QStringLiteral("SELECT id, COALESCE(parent_id, 0) FROM messages WHERE conversation_id = ?"),
                          {conversation});
    if (!rows.ok())
        return rows.error();
    QList<TreeMessage> tree;
    while (rows.value().next())
        tree.append({rows.value().value(0).toLongLong(), rows.value().value(1).toLongLong()});
    const QSet<MessageId> kept = StateRetention::keep(tree, policy);
    auto saved = db_->exec(QStringLiteral("SELECT s.message_id FROM message_states s "
                                          "JOIN messages m ON m.id = s.message_id WHERE m.conversation_id = ?"),
                           {conversation});
    if (!saved.ok())
        return saved.error();
    QList<MessageId> drop;
    while (saved.value().next())
        if (!kept.contains(saved.value().value(0).toLongLong()))
            drop.append(saved.value().value(0).toLongLong());
    if (auto r = deleteStates(*db_, drop); !r.ok())
        return r.error();
    return int(drop.size());
}

Result<qint64> ConversationStore::stateStorageBytes() const
{
    // length() of a BLOB reads its size from the record header, not its pages.
    auto q = db_->exec(QStringLiteral("SELECT COALESCE(SUM(length(data)), 0) FROM message_states"));
    if (!q.ok())
        return q.error();
    return q.value().next() ? q.value().value(0).toLongLong() : 0;
}

Result<qint64> ConversationStore::enforceStateBudget(qint64 budgetBytes, ConversationId spare)
{
    auto used = stateStorageBytes();
    if (!used.ok() || used.value() <= budgetBytes)
        return used;
    qint64 total = used.value();
    // Least recently used conversations first; within one, the state at the newest message
    // (where the chat continues) goes last.
    auto q = db_->exec(QStringLiteral(
        "SELECT s.message_id, length(s.data), m.conversation_id, "
        "       s.message_id = (SELECT MAX(s2.message_id) FROM message_states s2 "
        "                       JOIN messages m2 ON m2.id = s2.message_id "
        "                       WHERE m2.conversation_id = m.conversation_id) AS newest "
        "FROM message_states s JOIN messages m ON m.id = s.message_id "
        "JOIN conversations c ON c.id = m.conversation_id "
        "WHERE m.conversation_id <> ? "
        "ORDER BY newest, c.updated_at, s.message_id"),
        {spare});
    if (!q.ok())
        return q.error();
    QList<MessageId> drop;
    while (total > budgetBytes && q.value().next()) {
        drop.append(q.value().value(0).toLongLong());
        total -= q.value().value(1).toLongLong();
    }
    q.value().finish(); // a statement left open would keep the vacuum below from moving pages
    if (auto r = deleteStates(*db_, drop); !r.ok())
        return r.error();
    // With auto_vacuum = INCREMENTAL (new files, store_connection.cpp) the freed pages leave the
    // file; elsewhere they are reused by the next states, so the file stops growing either way.
    if (auto r = db_->runToCompletion(QStringLiteral("PRAGMA incremental_vacuum")); !r.ok())
        return r.error();
    return stateStorageBytes();
}

Result<void> ConversationStore::checkpoint()
{
    auto r = db_->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    if (!r.ok())
        return r.error();
    return {};
}
