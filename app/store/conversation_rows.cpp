#include "app/store/conversation_rows.h"

#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QSqlQuery>

using namespace StoreValues;

QString ConversationRows::messageColumns()
{
    // Sibling counts use "parent_id IS ?" semantics so first messages (NULL parent) count too.
    return QStringLiteral(
        "m.id, m.conversation_id, m.parent_id, m.role, m.text, m.created_at, m.token_count, "
        "m.stats_json, m.active_child_id, "
        "(SELECT COUNT(*) FROM messages s WHERE s.conversation_id = m.conversation_id "
        "  AND s.parent_id IS m.parent_id), "
        "(SELECT COUNT(*) FROM messages s WHERE s.conversation_id = m.conversation_id "
        "  AND s.parent_id IS m.parent_id AND s.id < m.id), "
        "EXISTS (SELECT 1 FROM message_states st WHERE st.message_id = m.id)");
}

Result<QList<Message>> ConversationRows::queryMessages(StoreConnection& db, const QString& sql,
                                                       const QVariantList& values)
{
    auto q = db.exec(sql, values);
    if (!q.ok())
        return q.error();
    QList<Message> messages;
    QSqlQuery& row = q.value();
    while (row.next()) {
        Message m;
        m.id = row.value(0).toLongLong();
        m.conversationId = row.value(1).toLongLong();
        m.parentId = idFrom(row.value(2));
        parseMessageRole(row.value(3).toString(), &m.role);
        m.text = row.value(4).toString();
        m.createdAt = timeFromMs(row.value(5));
        m.tokenCount = row.value(6).toInt();
        m.stats = jsonObjectFrom(row.value(7));
        m.activeChildId = idFrom(row.value(8));
        m.siblingCount = row.value(9).toInt();
        m.siblingIndex = row.value(10).toInt();
        m.hasState = row.value(11).toBool();
        messages.append(std::move(m));
    }
    return messages;
}

Result<QList<Message>> ConversationRows::selectMessages(StoreConnection& db,
                                                        const QString& whereAndOrder,
                                                        const QVariantList& values)
{
    return queryMessages(db,
                         QStringLiteral("SELECT ") + messageColumns() +
                             QStringLiteral(" FROM messages m ") + whereAndOrder,
                         values);
}

Result<MessageId> ConversationRows::insertMessage(StoreConnection& db, ConversationId conversation,
                                                  MessageId parent, const NewMessage& message,
                                                  qint64 createdAtMs)
{
    auto q = db.exec(QStringLiteral("INSERT INTO messages (conversation_id, parent_id, role, text, "
                                    "created_at, token_count, stats_json) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     {conversation, idOrNull(parent), messageRoleName(message.role), message.text,
                      createdAtMs, message.tokenCount, jsonText(message.stats)});
    if (!q.ok())
        return q.error();
    return q.value().lastInsertId().toLongLong();
}

Result<void> ConversationRows::updateConversation(StoreConnection& db, ConversationId id,
                                                  const QString& sql, const QVariantList& values)
{
    auto q = db.exec(sql, values);
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return noConversation(id);
    return {};
}

Result<void> ConversationRows::touchConversation(StoreConnection& db, ConversationId id)
{
    return db.run(QStringLiteral("UPDATE conversations SET updated_at = ") +
                      nextUpdateTime("conversations") + QStringLiteral(" WHERE id = ?"),
                  {nowMs(), id});
}

StoreError ConversationRows::noConversation(ConversationId id)
{
    return StoreError(StoreError::Code::NotFound,
                      QStringLiteral("Conversation %1 does not exist (it may have been deleted).")
                          .arg(id));
}

StoreError ConversationRows::noMessage(MessageId id)
{
    return StoreError(StoreError::Code::NotFound,
                      QStringLiteral("Message %1 does not exist (it may have been deleted).").arg(id));
}
