#include "ui/window_host.h"

#include "app/app_services.h"
#include "app/settings/app_settings.h"
#include "ui/language.h"
#include "ui/main_window.h"

WindowHost::WindowHost(AppServices& services, QObject* parent) : QObject(parent), services_(services)
{
    language::apply(services_.settings().language());
    window_ = std::make_unique<MainWindow>(services_);
    connect(&services_.settings(), &AppSettings::languageChanged, this, [this](const QString& code) {
        language::apply(code);
        rebuild();
    });
}

WindowHost::~WindowHost() = default;

void WindowHost::bringToFront()
{
    window_->bringToFront();
}

void WindowHost::rebuild()
{
    // Every string is set when a pane is built, so a new window is the translated one. The old
    // window hands its layout over through the settings and goes only once the new one shows, so
    // the app never has no window (which would quit it).
    window_->saveLayout();
    const bool visible = window_->isVisible();
    std::unique_ptr<MainWindow> old = std::move(window_);
    window_ = std::make_unique<MainWindow>(services_);
    if (visible)
        window_->show();
    old->hide();
    old.release()->deleteLater(); // it may be the sender of the click that got us here
    emit windowReplaced(window_.get());
}
