// Row-level helpers shared by the ConversationStore implementation files: reading messages,
// inserting one, and the NotFound sentences. Internal to app/store.
#pragma once

#include "app/store/conversation_types.h"
#include "app/store/result.h"

#include <QList>
#include <QString>
#include <QVariantList>

class StoreConnection;

namespace ConversationRows {

// The SELECT list for messages aliased "m"; rows are read with readMessages().
QString messageColumns();

// Runs a full SELECT that starts with messageColumns() and returns the messages in row order.
Result<QList<Message>> queryMessages(StoreConnection& db, const QString& sql,
                                     const QVariantList& values);
// "SELECT <messageColumns> FROM messages m " + `whereAndOrder`.
Result<QList<Message>> selectMessages(StoreConnection& db, const QString& whereAndOrder,
                                      const QVariantList& values);

// Inserts one message row (no tree links beyond parent_id) and returns its id.
Result<MessageId> insertMessage(StoreConnection& db, ConversationId conversation, MessageId parent,
                                const NewMessage& message, qint64 createdAtMs);

// Runs an UPDATE/DELETE on one conversation row; NotFound when it changed nothing.
Result<void> updateConversation(StoreConnection& db, ConversationId id, const QString& sql,
                                const QVariantList& values);
// Bumps a conversation's updated_at.
Result<void> touchConversation(StoreConnection& db, ConversationId id);

StoreError noConversation(ConversationId id);
StoreError noMessage(MessageId id);

} // namespace ConversationRows
