// WindowHost owns the main window and builds it again, in place, when the interface language
// changes (Settings → Language): the new window opens where the old one was, on the same pane,
// translated, without restarting the app or touching the services (a reply being written goes
// on). main() and the language tests use it.
#pragma once

#include <QObject>

#include <memory>

class AppServices;
class MainWindow;

class WindowHost : public QObject {
    Q_OBJECT
public:
    // Applies the saved language, then builds the window (not shown).
    explicit WindowHost(AppServices& services, QObject* parent = nullptr);
    ~WindowHost() override;

    MainWindow* window() const { return window_.get(); }
    void bringToFront();

signals:
    void windowReplaced(MainWindow* window);

private:
    void rebuild();

    AppServices& services_;
    std::unique_ptr<MainWindow> window_;
};
