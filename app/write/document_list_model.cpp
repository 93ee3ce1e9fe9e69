#include "app/write/document_list_model.h"

int DocumentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant DocumentListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Document& d = rows_[index.row()];
    if (role == Qt::DisplayRole)
        return d.title;
    if (role == IdRole)
        return d.id;
    return {};
}

void DocumentListModel::setDocuments(const QList<Document>& documents)
{
    beginResetModel();
    rows_ = documents;
    endResetModel();
}

int DocumentListModel::rowOf(DocumentId id) const
{
    for (int row = 0; row < rows_.size(); ++row)
        if (rows_[row].id == id)
            return row;
    return -1;
}

DocumentId DocumentListModel::idAt(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_[row].id : 0;
}

int ChapterListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ChapterListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Chapter& c = rows_[index.row()];
    if (role == Qt::DisplayRole)
        return c.title;
    if (role == Qt::ToolTipRole)
        return QObject::tr("%n character(s)", nullptr, int(c.text.size()));
    if (role == IdRole)
        return c.id;
    return {};
}

void ChapterListModel::setChapters(const QList<Chapter>& chapters)
{
    beginResetModel();
    rows_ = chapters;
    endResetModel();
}

int ChapterListModel::rowOf(ChapterId id) const
{
    for (int row = 0; row < rows_.size(); ++row)
        if (rows_[row].id == id)
            return row;
    return -1;
}

ChapterId ChapterListModel::idAt(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_[row].id : 0;
}
