// ComparisonView shows Compare's answers side by side, one column each: the answer as it streams
// (markdown), its speed, and "Keep this answer". It reads ReplyComparison and asks ChatService
// to keep an answer through keepRequested; the answers not kept stay as branches.
#pragma once

#include <QWidget>

class ReplyComparison;
class MarkdownView;
class QHBoxLayout;
class QLabel;
class QPushButton;

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(ReplyComparison& comparison, QWidget* parent = nullptr);

    int columnCount() const { return int(columns_.size()); }
    // The answer text a column shows; its Keep button (tests).
    QString columnText(int column) const;
    QPushButton* keepButton(int column) const;

signals:
    void keepRequested(qint64 reply);

private:
    struct Column {
        QWidget* frame = nullptr;
        MarkdownView* text = nullptr;
        QLabel* stats = nullptr;
        QPushButton* keep = nullptr;
    };

    void rebuild();
    void refresh(int index);

    ReplyComparison& comparison_;
    QHBoxLayout* row_;
    QLabel* heading_;
    QList<Column> columns_;
};
