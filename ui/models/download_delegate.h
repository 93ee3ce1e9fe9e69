// DownloadDelegate draws one row of the download list: the model's name and state, a progress
// bar, and the detail line (size, speed, time left, or what went wrong).
#pragma once

#include <QStyledItemDelegate>

class DownloadDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
