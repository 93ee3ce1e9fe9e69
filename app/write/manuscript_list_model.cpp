#include "app/write/manuscript_list_model.h"

int ManuscriptListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ManuscriptListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Manuscript& d = rows_[index.row()];
    if (role == Qt::DisplayRole)
        return d.title;
    if (role == IdRole)
        return d.id;
    return {};
}

void ManuscriptListModel::setManuscripts(const QList<Manuscript>& manuscripts)
{
    beginResetModel();
    rows_ = manuscripts;
    endResetModel();
}

int ManuscriptListModel::rowOf(ManuscriptId id) const
{
    for (int row = 0; row < rows_.size(); ++row)
        if (rows_[row].id == id)
            return row;
    return -1;
}

ManuscriptId ManuscriptListModel::idAt(int row) const
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
