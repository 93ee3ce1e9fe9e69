// MessageListView shows a MessageListModel as a scrolling column of MessageWidgets, updating the
// one row that changes while a reply streams and following the end while the user is there.
#pragma once

#include <QScrollArea>

class QAbstractItemModel;
class QVBoxLayout;
class MessageWidget;

class MessageListView : public QScrollArea {
    Q_OBJECT
public:
    explicit MessageListView(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model);
    QList<MessageWidget*> messageWidgets() const { return widgets_; }

signals:
    void editRequested(qint64 id, const QString& text);
    void regenerateRequested(qint64 id);
    void deleteRequested(qint64 id);
    void branchRequested(qint64 id, int step);

private:
    void rebuild();
    void updateRows(int first, int last);
    void scrollToEndIfFollowing(bool wasAtEnd);
    bool atEnd() const;

    QAbstractItemModel* model_ = nullptr;
    QWidget* content_;
    QVBoxLayout* column_;
    QList<MessageWidget*> widgets_;
};
