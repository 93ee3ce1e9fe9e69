// ChatPane is the Chat page: conversations on the left (new, rename, pin, delete, search titles
// and contents, export and import), the open conversation in the middle with the message box
// (Ctrl+Enter sends, Esc stops), persona and think-mode choices, and the sampling panel on the
// right. Everything it does goes through ChatService.
#pragma once

#include <QWidget>

class AppSettings;
class ChatService;
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

private:
    void send();
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
    SamplingPanel* sampling_;
};
