// DocumentListModel and ChapterListModel feed the Write pane's sidebar: the documents (novels),
// most recent first, and the chapters of the open document in order. WriteService fills them.
#pragma once

#include "app/store/document_store.h"

#include <QAbstractListModel>

class DocumentListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1 };
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    void setDocuments(const QList<Document>& documents);
    int rowOf(DocumentId id) const;
    DocumentId idAt(int row) const;

private:
    QList<Document> rows_;
};

class ChapterListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1 };
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    void setChapters(const QList<Chapter>& chapters);
    int rowOf(ChapterId id) const;
    ChapterId idAt(int row) const;

private:
    QList<Chapter> rows_;
};
