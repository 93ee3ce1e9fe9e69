// ConversationStore: the message tree and the states saved after messages.
#include "app/store/conversation_store.h"

#include "app/store/conversation_rows.h"
#include "app/store/state_compression.h"
#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QSqlQuery>

using namespace StoreValues;
using ConversationRows::noConversation;
using ConversationRows::noMessage;

namespace {

// Where a message sits: its conversation and parent.
struct Placement {
    ConversationId conversation = 0;
    MessageId parent = kNoMessage;
};

Result<Placement> placementOf(StoreConnection& db, MessageId id)
{
    auto q = db.exec(QStringLiteral("SELECT conversation_id, parent_id FROM messages WHERE id = ?"),
                     {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return noMessage(id);
    return Placement{q.value().value(0).toLongLong(), idFrom(q.value().value(1))};
}

struct CompressedState {
    quint64 fingerprint;
    int formatVersion;
    qint64 rawSize;
    QByteArray data;
};

// Compressing happens before the transaction so the write lock is held only for the insert.
Result<std::optional<CompressedState>> compressOptional(const std::optional<StateBlob>& state)
{
    if (!state)
        return std::optional<CompressedState>();
    auto data = StateCompression::compress(state->bytes);
    if (!data.ok())
        return data.error();
    return std::optional<CompressedState>(CompressedState{
        state->fingerprint, state->formatVersion, state->bytes.size(), std::move(data).value()});
}

Result<void> writeState(StoreConnection& db, MessageId id, const CompressedState& state)
{
    return db.run(QStringLiteral("INSERT OR REPLACE INTO message_states "
                                 "(message_id, fingerprint, format_version, raw_size, data, saved_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"),
                  {id, fingerprintValue(state.fingerprint), state.formatVersion, state.rawSize,
                   state.data, nowMs()});
}

// The path from the root down to `id` as a recursive walk up the parent links; `up` has columns
// (id, depth) with depth 0 at `id`.
const QString kPathUp = QStringLiteral(
    "WITH RECURSIVE up(id, depth) AS ("
    "  SELECT ?, 0"
    "  UNION ALL SELECT m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.id"
    "  WHERE m.parent_id IS NOT NULL) ");

} // namespace

Result<MessageId> ConversationStore::appendMessage(ConversationId conversation, MessageId parent,
                                                   const NewMessage& message,
                                                   std::optional<StateBlob> stateAfter)
{
    auto state = compressOptional(stateAfter);
    if (!state.ok())
        return state.error();

    MessageId created = kNoMessage;
    auto written = db_->transaction([&]() -> Result<void> {
        auto exists = db_->exec(QStringLiteral("SELECT 1 FROM conversations WHERE id = ?"),
                                {conversation});
        if (!exists.ok())
            return exists.error();
        if (!exists.value().next())
            return noConversation(conversation);
        if (parent != kNoMessage) {
            auto at = placementOf(*db_, parent);
            if (!at.ok())
                return at.error();
            if (at.value().conversation != conversation)
                return StoreError(StoreError::Code::InvalidArgument,
                                  QStringLiteral("Message %1 belongs to another conversation; a "
                                                 "reply cannot be attached to it.")
                                      .arg(parent));
        }
        auto id = ConversationRows::insertMessage(*db_, conversation, parent, message, nowMs());
        if (!id.ok())
            return id.error();
        created = id.value();
        auto linked = parent != kNoMessage
            ? db_->run(QStringLiteral("UPDATE messages SET active_child_id = ? WHERE id = ?"),
                       {created, parent})
            : db_->run(QStringLiteral("UPDATE conversations SET active_root_id = ? WHERE id = ?"),
                       {created, conversation});
        if (!linked.ok())
            return linked;
        if (state.value())
            if (auto r = writeState(*db_, created, *state.value()); !r.ok())
                return r;
        return ConversationRows::touchConversation(*db_, conversation);
    });
    if (!written.ok())
        return written.error();
    return created;
}

Result<void> ConversationStore::updateMessageText(MessageId id, const QString& text)
{
    return db_->transaction([&]() -> Result<void> {
        auto at = placementOf(*db_, id);
        if (!at.ok())
            return at.error();
        if (auto r = db_->run(QStringLiteral("UPDATE messages SET text = ? WHERE id = ?"), {text, id});
            !r.ok())
            return r;
        return ConversationRows::touchConversation(*db_, at.value().conversation);
    });
}

Result<void> ConversationStore::completeMessage(MessageId id, const QString& text, int tokenCount,
                                                const QJsonObject& stats,
                                                std::optional<StateBlob> stateAfter)
{
    auto state = compressOptional(stateAfter);
    if (!state.ok())
        return state.error();
    return db_->transaction([&]() -> Result<void> {
        auto at = placementOf(*db_, id);
        if (!at.ok())
            return at.error();
        if (auto r = db_->run(QStringLiteral("UPDATE messages SET text = ?, token_count = ?, "
                                             "stats_json = ? WHERE id = ?"),
                              {text, tokenCount, jsonText(stats), id});
            !r.ok())
            return r;
        if (state.value())
            if (auto r = writeState(*db_, id, *state.value()); !r.ok())
                return r;
        return ConversationRows::touchConversation(*db_, at.value().conversation);
    });
}

Result<Message> ConversationStore::message(MessageId id) const
{
    auto rows = ConversationRows::selectMessages(*db_, QStringLiteral("WHERE m.id = ?"), {id});
    if (!rows.ok())
        return rows.error();
    if (rows.value().isEmpty())
        return noMessage(id);
    return rows.value().first();
}

Result<QList<Message>> ConversationStore::pathTo(MessageId id) const
{
    auto rows = ConversationRows::queryMessages(
        *db_,
        kPathUp + QStringLiteral("SELECT ") + ConversationRows::messageColumns() +
            QStringLiteral(" FROM up JOIN messages m ON m.id = up.id ORDER BY up.depth DESC"),
        {id});
    if (!rows.ok())
        return rows.error();
    if (rows.value().isEmpty())
        return noMessage(id);
    return rows;
}

Result<QList<Message>> ConversationStore::children(ConversationId conversation,
                                                   MessageId parent) const
{
    return ConversationRows::selectMessages(
        *db_, QStringLiteral("WHERE m.conversation_id = ? AND m.parent_id IS ? ORDER BY m.id"),
        {conversation, idOrNull(parent)});
}

Result<void> ConversationStore::setActiveChild(MessageId child)
{
    return db_->transaction([&]() -> Result<void> {
        auto at = placementOf(*db_, child);
        if (!at.ok())
            return at.error();
        auto linked = at.value().parent != kNoMessage
            ? db_->run(QStringLiteral("UPDATE messages SET active_child_id = ? WHERE id = ?"),
                       {child, at.value().parent})
            : db_->run(QStringLiteral("UPDATE conversations SET active_root_id = ? WHERE id = ?"),
                       {child, at.value().conversation});
        if (!linked.ok())
            return linked;
        return ConversationRows::touchConversation(*db_, at.value().conversation);
    });
}

Result<QList<Message>> ConversationStore::activePath(ConversationId conversation) const
{
    // The depth bound only guards against a hand-edited file whose links form a cycle.
    auto rows = ConversationRows::queryMessages(
        *db_,
        QStringLiteral("WITH RECURSIVE down(id, depth) AS ("
                       "  SELECT active_root_id, 0 FROM conversations"
                       "  WHERE id = ? AND active_root_id IS NOT NULL"
                       "  UNION ALL SELECT m.active_child_id, down.depth + 1"
                       "  FROM messages m JOIN down ON m.id = down.id"
                       "  WHERE m.active_child_id IS NOT NULL AND down.depth < 10000000) "
                       "SELECT ") +
            ConversationRows::messageColumns() +
            QStringLiteral(" FROM down JOIN messages m ON m.id = down.id ORDER BY down.depth"),
        {conversation});
    if (!rows.ok())
        return rows.error();
    if (rows.value().isEmpty()) {
        if (auto c = this->conversation(conversation); !c.ok())
            return c.error();
    }
    return rows;
}

Result<void> ConversationStore::deleteSubtree(MessageId id)
{
    return db_->transaction([&]() -> Result<void> {
        auto at = placementOf(*db_, id);
        if (!at.ok())
            return at.error();
        // One statement, so the parent links are checked only once the whole subtree is gone;
        // active links into it are cleared by ON DELETE SET NULL, states by CASCADE.
        if (auto r = db_->run(
                QStringLiteral("WITH RECURSIVE sub(id) AS ("
                               "  SELECT ?"
                               "  UNION ALL SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id) "
                               "DELETE FROM messages WHERE id IN (SELECT id FROM sub)"),
                {id});
            !r.ok())
            return r;
        const Placement& p = at.value();
        auto relinked = p.parent != kNoMessage
            ? db_->run(QStringLiteral("UPDATE messages SET active_child_id = "
                                      "(SELECT MAX(id) FROM messages WHERE parent_id = ?) "
                                      "WHERE id = ? AND active_child_id IS NULL"),
                       {p.parent, p.parent})
            : db_->run(QStringLiteral("UPDATE conversations SET active_root_id = "
                                      "(SELECT MAX(id) FROM messages "
                                      " WHERE conversation_id = ? AND parent_id IS NULL) "
                                      "WHERE id = ? AND active_root_id IS NULL"),
                       {p.conversation, p.conversation});
        if (!relinked.ok())
            return relinked;
        return ConversationRows::touchConversation(*db_, p.conversation);
    });
}

Result<void> ConversationStore::saveState(MessageId id, const StateBlob& state)
{
    auto compressed = compressOptional(state);
    if (!compressed.ok())
        return compressed.error();
    return db_->transaction([&]() -> Result<void> {
        if (auto at = placementOf(*db_, id); !at.ok())
            return at.error();
        return writeState(*db_, id, *compressed.value());
    });
}

Result<StateBlob> ConversationStore::loadState(MessageId id, quint64 expectedFingerprint) const
{
    // The header first: a state for another model is refused without reading its megabytes.
    auto header = db_->exec(QStringLiteral("SELECT fingerprint, format_version, raw_size "
                                           "FROM message_states WHERE message_id = ?"),
                            {id});
    if (!header.ok())
        return header.error();
    if (!header.value().next())
        return StoreError(StoreError::Code::NotFound,
                          QStringLiteral("No model state is saved after message %1.").arg(id));
    StateBlob blob;
    blob.fingerprint = fingerprintFrom(header.value().value(0));
    blob.formatVersion = header.value().value(1).toInt();
    const qint64 rawSize = header.value().value(2).toLongLong();
    if (blob.fingerprint != expectedFingerprint)
        return StoreError(StoreError::Code::OtherModel,
                          QStringLiteral("The state saved after message %1 belongs to another "
                                         "model; the conversation will be read again by the "
                                         "current model.")
                              .arg(id),
                          QStringLiteral("saved fingerprint %1, expected %2")
                              .arg(blob.fingerprint, 16, 16, QLatin1Char('0'))
                              .arg(expectedFingerprint, 16, 16, QLatin1Char('0')));

    auto data = db_->exec(QStringLiteral("SELECT data FROM message_states WHERE message_id = ?"),
                          {id});
    if (!data.ok())
        return data.error();
    if (!data.value().next())
        return StoreError(StoreError::Code::NotFound,
                          QStringLiteral("No model state is saved after message %1.").arg(id));
    auto raw = StateCompression::decompress(data.value().value(0).toByteArray(), rawSize);
    if (!raw.ok())
        return raw.error();
    blob.bytes = std::move(raw).value();
    return blob;
}

Result<std::optional<MessageId>> ConversationStore::nearestStateAncestor(MessageId id,
                                                                         quint64 fingerprint) const
{
    if (auto at = placementOf(*db_, id); !at.ok())
        return at.error();
    auto q = db_->exec(kPathUp + QStringLiteral("SELECT up.id FROM up "
                                                "JOIN message_states s ON s.message_id = up.id "
                                                "WHERE s.fingerprint = ? ORDER BY up.depth LIMIT 1"),
                       {id, fingerprintValue(fingerprint)});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<MessageId>();
    return std::optional<MessageId>(q.value().value(0).toLongLong());
}

Result<void> ConversationStore::pruneStates(ConversationId conversation, int keepNewest)
{
    if (keepNewest < 0)
        return StoreError(StoreError::Code::InvalidArgument,
                          QStringLiteral("The number of states to keep cannot be negative."));
    return db_->run(QStringLiteral("DELETE FROM message_states WHERE message_id IN ("
                                   "  SELECT s.message_id FROM message_states s"
                                   "  JOIN messages m ON m.id = s.message_id"
                                   "  WHERE m.conversation_id = ?"
                                   "  ORDER BY m.id DESC LIMIT -1 OFFSET ?)"),
                    {conversation, keepNewest});
}
