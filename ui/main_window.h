// MainWindow is the application's top-level window: a sidebar of panes (Chat, Write, Compose,
// Fine-tune, Documents, Models, Settings) beside the page of the chosen one, the loaded model and
// any download in the status bar, a banner for start-up problems, and the welcome view while there
// is no model yet (it gives way to the chat once one is loaded). It restores its geometry and the open pane
// from AppSettings and saves them when closed. It owns no logic: panes talk to the app services.
#pragma once

#include <QMainWindow>

class AppServices;
class ChatPane;
class ModelsPane;
class WritePane;
class WelcomeView;
class QLabel;
class QListWidget;
class QStackedWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(AppServices& services, QWidget* parent = nullptr);

    // Pane keys: "chat", "write", "compose", "finetune", "documents", "models", "settings".
    void showPane(const QString& key);
    QString currentPane() const;
    // Shows a sentence in the banner at the top (start-up problems).
    void showBanner(const QString& sentence);
    void bringToFront();
    // Saves the geometry, the open pane and the panes' layouts (closing does it too).
    void saveLayout();

    ChatPane* chatPane() const { return chat_; }
    WritePane* writePane() const { return write_; }
    ModelsPane* modelsPane() const { return models_; }
    WelcomeView* welcomeView() const { return welcome_; }
    bool showingWelcome() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void addPane(const QString& key, const QString& title, int icon, QWidget* page, bool enabled);
    void refreshIcons();
    void updateModelStatus();
    // Shows the page of sidebar row `row`: the chat's place holds the welcome until there is a model.
    void showPage(int row);

    AppServices& services_;
    QListWidget* sidebar_;
    QStackedWidget* pages_;
    QLabel* banner_;
    QLabel* modelStatus_;
    ChatPane* chat_;
    WritePane* write_;
    ModelsPane* models_;
    WelcomeView* welcome_;
    bool welcomeWanted_ = false;
    QStringList keys_;
    QList<int> iconIds_;
};
