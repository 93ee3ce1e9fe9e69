// ChatPane is the Chat page: conversations on the left (new, rename, pin, delete, search titles
// and contents, export and import), the open conversation in the middle with the message box
// (Ctrl+Enter sends, Esc stops, Compare writes 2–4 answers side by side), persona and think-mode
// choices, and the sampling panel on the right. Everything it does goes through ChatService.
#pragma once

#include <QWidget>

class AppSettings;
class ChatService;
class ComparisonView;
class MessageListView;
class SamplingPanel;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QToolButton;

class ChatPane : public QWidget {
    Q_OBJECT
public:
    ChatPane(ChatService& chat, AppSettings& settings, QWidget* parent = nullptr);

    // Ctrl+N and Ctrl+F from the main window.
    void newChat();
    void focusSearch();
    void saveLayout();

    MessageListView* messageView() const { return messages_; }
    QPlainTextEdit* input() const { return input_; }
    ComparisonView* comparisonView() const { return comparison_; }
    // Compare: the message in the box (or, when it is empty, the last question again) answered
    // `answers` times at once, side by side.
    void compare(int answers);

private:
    void send();
    void syncComparison();
    void showConversationMenu(const QPoint& at);
    void exportConversation(qint64 id, bool markdown);
    void importConversation();
    void syncControls();
    void reloadPersonas();
    void showBanner(const QString& text, bool error);

    ChatService& chat_;
    AppSettings& settings_;
    QSplitter* splitter_;
    QLineEdit* search_;
    QListView* list_;
    QComboBox* persona_;
    QComboBox* think_;
    QLabel* speed_;
    QLabel* banner_;
    QProgressBar* prefill_;
    MessageListView* messages_;
    QPlainTextEdit* input_;
    QPushButton* send_;
    QPushButton* stop_;
    QToolButton* compare_;
    ComparisonView* comparison_;
    int compareAnswers_ = 3;
    SamplingPanel* sampling_;
};
