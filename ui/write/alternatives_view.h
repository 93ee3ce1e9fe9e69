// AlternativesView shows the Write pane's alternative continuations side by side while they are
// written and until one is used: each column has its text, "Show in text" (the editor previews
// that one at the cursor) and "Use this" (insert it). It reads and drives WriteService.
#pragma once

#include <QWidget>

class WriteService;
class QButtonGroup;
class QHBoxLayout;
class QPlainTextEdit;
class QPushButton;

class AlternativesView : public QWidget {
    Q_OBJECT
public:
    explicit AlternativesView(WriteService& write, QWidget* parent = nullptr);

    int columnCount() const { return int(columns_.size()); }
    QString columnText(int column) const;
    QPushButton* useButton(int column) const;
    QPushButton* showButton(int column) const;

private:
    struct Column {
        QWidget* frame = nullptr;
        QPushButton* show = nullptr;
        QPlainTextEdit* text = nullptr;
        QPushButton* use = nullptr;
    };

    void refresh();

    WriteService& write_;
    QHBoxLayout* row_;
    QButtonGroup* shown_;
    QList<Column> columns_;
};
