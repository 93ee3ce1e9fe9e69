#include "app/chat/message_list_model.h"

int MessageListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Message& m = rows_[index.row()];
    const bool streaming = m.id == streamingId_;
    switch (role) {
    case IdRole:
        return m.id;
    case RoleNameRole:
        return messageRoleName(m.role);
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case AnswerRole:
        return m.role == MessageRole::Assistant ? chat_prompt::splitReply(m.text).answer : m.text;
    case ThinkingRole:
        return m.role == MessageRole::Assistant ? chat_prompt::splitReply(m.text).thinking : QString();
    case ThinkingOpenRole:
        return m.role == MessageRole::Assistant && chat_prompt::splitReply(m.text).thinkingOpen;
    case SiblingIndexRole:
        return m.siblingIndex;
    case SiblingCountRole:
        return m.siblingCount;
    case StreamingRole:
        return streaming;
    case StatsRole: {
        if (streaming)
            return streamingStats_;
        if (m.stats.value(QStringLiteral("streaming")).toBool())
            return tr("Unfinished: RWKV Studio closed while this reply was being written");
        const double speed = m.stats.value(QStringLiteral("tokensPerSecond")).toDouble();
        const int tokens = m.stats.value(QStringLiteral("generatedTokens")).toInt();
        return tokens > 0 ? formatReplyStats(tokens, speed) : QString();
    }
    }
    return {};
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{IdRole, "id"}, {RoleNameRole, "role"}, {TextRole, "text"}, {AnswerRole, "answer"},
            {ThinkingRole, "thinking"}, {StreamingRole, "streaming"}, {StatsRole, "stats"}};
}

void MessageListModel::setMessages(const QList<Message>& messages)
{
    beginResetModel();
    rows_ = messages;
    if (rowOf(streamingId_) < 0)
        streamingId_ = kNoMessage;
    endResetModel();
}

void MessageListModel::setStreaming(MessageId id, const QString& text, const QString& stats)
{
    streamingId_ = id;
    streamingStats_ = stats;
    const int row = rowOf(id);
    if (row < 0)
        return;
    rows_[row].text = text;
    emit dataChanged(index(row), index(row));
}

int MessageListModel::rowOf(MessageId id) const
{
    for (int row = 0; row < rows_.size(); ++row)
        if (rows_[row].id == id)
            return row;
    return -1;
}

const Message* MessageListModel::messageAt(int row) const
{
    return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

QString formatReplyStats(int tokens, double tokensPerSecond)
{
    return QObject::tr("%1 tokens/s · %2 tokens").arg(tokensPerSecond, 0, 'f', 1).arg(tokens);
}
