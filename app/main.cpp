// rwkv-studio: builds the app services and the main window. A second copy only asks the first
// one to come to the front.
#include "app/app_services.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "app/single_instance.h"
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

    AppServices services;
    theme::apply(services.settings().theme());
    MainWindow window(services);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, &MainWindow::bringToFront);
    window.show();

    AppSettings& settings = services.settings();
    if (settings.loadLastModelOnStart()) {
        const int row = services.models().rowOf(settings.lastLoadedModel());
        if (row >= 0)
            services.models().load(row);
    }
    return app.exec();
}
