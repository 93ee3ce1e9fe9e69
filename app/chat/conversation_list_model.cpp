#include "app/chat/conversation_list_model.h"

#include "app/store/conversation_store.h"

#include <QLocale>

ConversationListModel::ConversationListModel(ConversationStore& store, QObject* parent)
    : QAbstractListModel(parent), store_(store)
{
    refresh();
}

int ConversationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Conversation& c = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return c.title;
    case Qt::ToolTipRole: {
        const QString snippet = snippets_.value(c.id);
        return snippet.isEmpty() ? c.title : c.title + QStringLiteral("\n…") + snippet + QStringLiteral("…");
    }
    case IdRole:
        return c.id;
    case PinnedRole:
        return c.pinned;
    case UpdatedRole:
        return c.updatedAt;
    case SnippetRole:
        return snippets_.value(c.id);
    }
    return {};
}

QString ConversationListModel::refresh()
{
    auto all = store_.listConversations();
    if (!all.ok())
        return all.errorString();
    QList<Conversation> rows = all.value();
    QHash<ConversationId, QString> snippets;
    if (!search_.trimmed().isEmpty()) {
        auto hits = store_.search(search_.trimmed());
        if (!hits.ok())
            return hits.errorString();
        for (const SearchHit& hit : hits.value())
            if (!snippets.contains(hit.conversationId) || hit.messageId == kNoMessage)
                snippets.insert(hit.conversationId, hit.messageId == kNoMessage ? QString() : hit.snippet);
        rows.removeIf([&](const Conversation& c) { return !snippets.contains(c.id); });
    }
    beginResetModel();
    rows_ = rows;
    snippets_ = snippets;
    endResetModel();
    return {};
}

void ConversationListModel::setSearchText(const QString& text)
{
    search_ = text;
    refresh();
}

int ConversationListModel::rowOf(ConversationId id) const
{
    for (int row = 0; row < rows_.size(); ++row)
        if (rows_[row].id == id)
            return row;
    return -1;
}

ConversationId ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_[row].id : 0;
}
