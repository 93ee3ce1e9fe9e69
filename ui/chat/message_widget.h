// MessageWidget shows one message of the chat: who wrote it, the reasoning folded under a
// "Thinking…" button, the text as markdown, the branch switcher when the message has siblings,
// and its actions (copy, edit for user messages, regenerate for replies, delete). It only
// displays a model row and reports what the user asked for.
#pragma once

#include <QModelIndex>
#include <QWidget>

class MarkdownView;
class QLabel;
class QPlainTextEdit;
class QToolButton;
class QWidget;

class MessageWidget : public QWidget {
    Q_OBJECT
public:
    explicit MessageWidget(QWidget* parent = nullptr);

    // Shows the row `index` of a MessageListModel.
    void show(const QModelIndex& index);
    qint64 messageId() const { return id_; }
    bool isThinkingExpanded() const;

signals:
    void editRequested(qint64 id, const QString& text);
    void regenerateRequested(qint64 id);
    void deleteRequested(qint64 id);
    void branchRequested(qint64 id, int step);

private:
    void beginEdit();

    qint64 id_ = 0;
    QString text_;
    QLabel* who_;
    QLabel* stats_;
    QLabel* branch_;
    QToolButton* previous_;
    QToolButton* next_;
    QToolButton* copy_;
    QToolButton* edit_;
    QToolButton* regenerate_;
    QToolButton* delete_;
    QToolButton* thinkingToggle_;
    QLabel* thinking_;
    MarkdownView* body_;
    QWidget* editor_;
    QPlainTextEdit* editText_;
};
