// rwkv-studio: builds the app services and the main window. A second copy only asks the first
// one to come to the front.
#include "app/app_services.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "app/single_instance.h"
#include "app/termination_signals.h"
#include "ui/main_window.h"
#include "ui/widgets/theme.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RWKV Studio"));

    SingleInstance instance(SingleInstance::defaultKey());
    if (instance.anotherIsRunning())
        return 0;
    instance.listen();

    // SIGTERM (a logout, `kill`) quits like the window's close button: layout saved, pending
    // state writes finished and the database log checkpointed as the services shut down. Set up
    // before anything else, so a signal during start-up waits for the event loop and quits then.
    MainWindow* mainWindow = nullptr;
    const TerminationSignals termination([&mainWindow, &app] {
        if (mainWindow)
            mainWindow->close();
        app.quit();
    });

    AppServices services;
    theme::apply(services.settings().theme());
    MainWindow window(services);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, &MainWindow::bringToFront);
    window.show();
    mainWindow = &window;

    AppSettings& settings = services.settings();
    if (settings.loadLastModelOnStart()) {
        const int row = services.models().rowOf(settings.lastLoadedModel());
        if (row >= 0)
            services.models().load(row);
    }
    return app.exec();
}
