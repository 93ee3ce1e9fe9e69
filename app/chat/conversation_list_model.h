// ConversationListModel lists the conversations of the store for the Chat pane's sidebar: pinned
// first, then most recent, optionally filtered by a search over titles and message texts (the
// matching snippet is shown under the title). It reads the store on refresh(); ChatService calls
// that after every change. GUI thread only.
#pragma once

#include "app/store/conversation_types.h"

#include <QAbstractListModel>
#include <QHash>

class ConversationStore;

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, TitleRole, PinnedRole, UpdatedRole, SnippetRole };

    explicit ConversationListModel(ConversationStore& store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // Re-reads the store. Returns the store's error sentence, empty when fine.
    QString refresh();
    void setSearchText(const QString& text);
    QString searchText() const { return search_; }
    int rowOf(ConversationId id) const;
    ConversationId idAt(int row) const;

private:
    ConversationStore& store_;
    QList<Conversation> rows_;
    QHash<ConversationId, QString> snippets_;
    QString search_;
};
