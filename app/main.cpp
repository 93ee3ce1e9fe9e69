// rwkv-studio: builds the app services and the main window. A second copy only asks the first
// one to come to the front.
#include "app/app_services.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "app/single_instance.h"
#include "app/termination_signals.h"
#include "core/version.h"
#include "ui/main_window.h"
#include "ui/window_host.h"
#include "ui/widgets/theme.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    // Answered before any window system is needed, so it works on a machine without a display.
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--version")) {
            std::printf("RWKV Studio %s\n", RWKV_STUDIO_VERSION);
            return 0;
        }
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::printf("usage: rwkv-studio [--version] [Qt options such as -platform offscreen]\n"
                        "RWKV Studio: chat, write, compose, fine-tune and ask documents with RWKV models, locally.\n");
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationVersion(QStringLiteral(RWKV_STUDIO_VERSION));
    // The menu entry the package installs: desktops take the window's icon and name from it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.rwkvstudio.RWKVStudio"));
    // The icon the package installs into the hicolor theme (none in a build folder).
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.rwkvstudio.RWKVStudio")));
    QApplication::setApplicationName(QStringLiteral("RWKV Studio"));

    SingleInstance instance(SingleInstance::defaultKey());
    if (instance.anotherIsRunning())
        return 0;
    instance.listen();

    // SIGTERM (a logout, `kill`) quits like the window's close button: layout saved, pending
    // state writes finished and the database log checkpointed as the services shut down. Set up
    // before anything else, so a signal during start-up waits for the event loop and quits then.
    WindowHost* host = nullptr;
    const TerminationSignals termination([&host, &app] {
        if (host)
            host->window()->close();
        app.quit();
    });

    AppServices services;
    theme::apply(services.settings().theme());
    WindowHost windows(services); // the main window, built again when the language changes
    QObject::connect(&instance, &SingleInstance::activationRequested, &windows, &WindowHost::bringToFront);
    windows.window()->show();
    host = &windows;

    AppSettings& settings = services.settings();
    if (settings.loadLastModelOnStart()) {
        const int row = services.models().rowOf(settings.lastLoadedModel());
        if (row >= 0)
            services.models().load(row);
    }
    return app.exec();
}
