// MessageListModel is the active path of the open conversation as the Chat pane shows it: one row
// per message with its text split into reasoning and answer, its place among sibling branches,
// and, for a reply being written, the streamed text and speed. ChatService fills it. GUI thread.
#pragma once

#include "app/chat/chat_prompt.h"
#include "app/store/conversation_types.h"

#include <QAbstractListModel>

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        RoleNameRole,     // "system", "user", "assistant"
        TextRole,         // the stored text (reply with its think block)
        AnswerRole,       // what to render as markdown
        ThinkingRole,     // reasoning, empty if none
        ThinkingOpenRole, // reasoning still streaming
        SiblingIndexRole,
        SiblingCountRole,
        StreamingRole,    // this reply is being generated
        StatsRole,        // "24.1 tokens/s · 87 tokens", empty if unknown
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setMessages(const QList<Message>& messages);
    void clear() { setMessages({}); }
    // Shows `text` as the (streaming) text of message `id`.
    void setStreaming(MessageId id, const QString& text, const QString& stats);
    int rowOf(MessageId id) const;
    const Message* messageAt(int row) const;

private:
    QList<Message> rows_;
    MessageId streamingId_ = kNoMessage;
    QString streamingStats_;
};

// "24.1 tokens/s · 87 tokens".
QString formatReplyStats(int tokens, double tokensPerSecond);
