// ManuscriptListModel and ChapterListModel feed the Write pane's sidebar: the manuscripts (novels),
// most recent first, and the chapters of the open manuscript in order. WriteService fills them.
#pragma once

#include "app/store/manuscript_store.h"

#include <QAbstractListModel>

class ManuscriptListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1 };
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    void setManuscripts(const QList<Manuscript>& manuscripts);
    int rowOf(ManuscriptId id) const;
    ManuscriptId idAt(int row) const;

private:
    QList<Manuscript> rows_;
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
