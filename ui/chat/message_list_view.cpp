#include "ui/chat/message_list_view.h"

#include "ui/chat/message_widget.h"

#include <QAbstractItemModel>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

MessageListView::MessageListView(QWidget* parent) : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    content_ = new QWidget(this);
    column_ = new QVBoxLayout(content_);
    column_->setContentsMargins(8, 8, 8, 8);
    column_->setSpacing(8);
    column_->addStretch();
    setWidget(content_);
}

void MessageListView::setModel(QAbstractItemModel* model)
{
    model_ = model;
    connect(model, &QAbstractItemModel::modelReset, this, &MessageListView::rebuild);
    connect(model, &QAbstractItemModel::rowsInserted, this, &MessageListView::rebuild);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &MessageListView::rebuild);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& from, const QModelIndex& to) { updateRows(from.row(), to.row()); });
    rebuild();
}

void MessageListView::rebuild()
{
    const bool wasAtEnd = atEnd();
    const int rows = model_ ? model_->rowCount() : 0;
    while (widgets_.size() > rows)
        delete widgets_.takeLast();
    while (widgets_.size() < rows) {
        auto* w = new MessageWidget(content_);
        connect(w, &MessageWidget::editRequested, this, &MessageListView::editRequested);
        connect(w, &MessageWidget::regenerateRequested, this, &MessageListView::regenerateRequested);
        connect(w, &MessageWidget::deleteRequested, this, &MessageListView::deleteRequested);
        connect(w, &MessageWidget::branchRequested, this, &MessageListView::branchRequested);
        column_->insertWidget(column_->count() - 1, w);
        widgets_.append(w);
    }
    for (int row = 0; row < rows; ++row)
        widgets_[row]->show(model_->index(row, 0));
    scrollToEndIfFollowing(wasAtEnd || rows == 0);
}

void MessageListView::updateRows(int first, int last)
{
    const bool wasAtEnd = atEnd();
    for (int row = first; row <= last && row < widgets_.size(); ++row)
        widgets_[row]->show(model_->index(row, 0));
    scrollToEndIfFollowing(wasAtEnd);
}

bool MessageListView::atEnd() const
{
    return verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 24;
}

void MessageListView::scrollToEndIfFollowing(bool wasAtEnd)
{
    if (!wasAtEnd)
        return;
    // After layout settles, so the new height is known.
    QTimer::singleShot(0, this, [this] { verticalScrollBar()->setValue(verticalScrollBar()->maximum()); });
}
