// WritePane is the Write page: manuscripts and their chapters on the left, the chapter text in the
// editor, and "Continue", which streams the model's continuation at the cursor, shown highlighted
// until the user accepts, rejects or retries it; it can write 2–3 alternatives at once, shown side
// by side under the text. Writing presets and the length are on the right.
// Everything goes through WriteService.
#pragma once

#include <QWidget>

class AlternativesView;
class AppSettings;
class SamplingPanel;
class WriteService;
class QComboBox;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTimer;

class WritePane : public QWidget {
    Q_OBJECT
public:
    WritePane(WriteService& write, AppSettings& settings, QWidget* parent = nullptr);

    void saveLayout();
    QPlainTextEdit* editor() const { return editor_; }
    AlternativesView* alternativesView() const { return alternatives_; }
    // How many continuations Continue writes at once (1 to 3).
    void setAlternativeCount(int count);

private:
    void continueWriting();
    void showChapter(const QString& text);
    void showPending(const QString& pending);
    void syncButtons();
    void applyPreset(int index);
    void showItemMenu(QListView* list, const QPoint& at, qint64 id, bool manuscript);

    WriteService& write_;
    AppSettings& settings_;
    QSplitter* splitter_;
    QListView* manuscripts_;
    QListView* chapters_;
    QPlainTextEdit* editor_;
    QLabel* status_;
    QPushButton* continue_;
    QPushButton* accept_;
    QPushButton* reject_;
    QPushButton* retry_;
    QPushButton* stop_;
    QComboBox* count_; // how many alternatives Continue writes
    AlternativesView* alternatives_;
    QComboBox* preset_;
    SamplingPanel* sampling_;
    QTimer* autosave_;
    QString committed_; // the chapter text without the pending continuation
    int pendingAt_ = -1;
};
