#include "ui/main_window.h"

#include "app/app_services.h"
#include "app/inference/inference_service.h"
#include "app/models/download_queue.h"
#include "app/models/model_library.h"
#include "app/server/local_api_service.h"
#include "app/settings/app_settings.h"
#include "ui/chat/chat_pane.h"
#include "ui/compose/compose_pane.h"
#include "ui/models/models_pane.h"
#include "ui/models/welcome_view.h"
#include "ui/settings/settings_pane.h"
#include "ui/widgets/icons.h"
#include "ui/finetune/finetune_pane.h"
#include "ui/documents/documents_pane.h"
#include "ui/widgets/theme.h"
#include "ui/write/write_pane.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QListWidget>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(AppServices& services, QWidget* parent) : QMainWindow(parent), services_(services)
{
    setWindowTitle(tr("RWKV Studio"));
    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    banner_ = new QLabel(central);
    banner_->setObjectName(QStringLiteral("windowBanner"));
    banner_->setWordWrap(true);
    banner_->setStyleSheet(QStringLiteral("QLabel { background: #f6d365; color: #222; padding: 8px; }"));
    banner_->setVisible(false);
    column->addWidget(banner_);
    auto* row = new QHBoxLayout;
    row->setSpacing(0);
    column->addLayout(row, 1);
    sidebar_ = new QListWidget(central);
    sidebar_->setObjectName(QStringLiteral("sidebar"));
    sidebar_->setIconSize(QSize(24, 24));
    sidebar_->setFixedWidth(150);
    sidebar_->setFrameShape(QFrame::NoFrame);
    pages_ = new QStackedWidget(central);
    row->addWidget(sidebar_);
    row->addWidget(pages_, 1);
    setCentralWidget(central);

    AppSettings& settings = services_.settings();
    chat_ = new ChatPane(services_.chat(), settings, pages_);
    write_ = new WritePane(services_.write(), settings, pages_);
    models_ = new ModelsPane(services_.models(), services_.inference(), services_.catalog(), services_.downloads(),
                             pages_);
    using icons::Name;
    addPane(QStringLiteral("chat"), tr("Chat"), int(Name::Chat), chat_, true);
    addPane(QStringLiteral("write"), tr("Write"), int(Name::Write), write_, true);
    auto* compose = new ComposePane(
        ComposeServices{&services_.musicGenerator(), &services_.musicPlayback(), services_.pieces()}, pages_);
    // AppServices hands each loaded model to the music generator first; then the pane refreshes.
    connect(&services_.inference(), &InferenceService::modelLoaded, compose, [compose] { compose->modelChanged(); });
    connect(&services_.inference(), &InferenceService::modelUnloaded, compose, [compose] { compose->modelChanged(); });
    addPane(QStringLiteral("compose"), tr("Compose"), int(Name::Compose), compose, true);
    auto* finetune = new FinetunePane(services_.finetune(), services_.models(), pages_);
    connect(finetune, &FinetunePane::chatRequested, this, [this] { showPane(QStringLiteral("chat")); });
    addPane(QStringLiteral("finetune"), tr("Fine-tune"), int(Name::FineTune), finetune, true);
    addPane(QStringLiteral("documents"), tr("Documents"), int(Name::Documents),
            new DocumentsPane(services_.documents(), pages_), true);
    addPane(QStringLiteral("models"), tr("Models"), int(Name::Models), models_, true);
    addPane(QStringLiteral("settings"), tr("Settings"), int(Name::Settings),
            new SettingsPane(settings, services_.databasePath(), pages_, &services_.api(), &services_.chat()),
            true);

    connect(sidebar_, &QListWidget::currentRowChanged, this, &MainWindow::showPage);
    // Not a pane of the sidebar: shown in the chat's place until there is a model.
    welcome_ = new WelcomeView(services_.catalog(), services_.downloads(), services_.models(), pages_);
    pages_->addWidget(welcome_);
    connect(welcome_, &WelcomeView::catalogRequested, this, [this](const QString& entryId) {
        showPane(QStringLiteral("models"));
        models_->showCatalog(entryId);
    });
    modelStatus_ = new QLabel(this);
    modelStatus_->setObjectName(QStringLiteral("modelStatus"));
    statusBar()->addPermanentWidget(modelStatus_);
    // While the API server runs, its address stays in view (programs may be using the model).
    auto* apiStatus = new QLabel(this);
    apiStatus->setObjectName(QStringLiteral("apiStatus"));
    statusBar()->addPermanentWidget(apiStatus);
    auto showApi = [this, apiStatus] {
        LocalApiService& api = services_.api();
        apiStatus->setVisible(api.isRunning());
        apiStatus->setText(tr("API: %1").arg(api.address()));
        apiStatus->setToolTip(api.statusLine());
    };
    connect(&services_.api(), &LocalApiService::statusChanged, this, showApi);
    showApi();
    auto* downloadStatus = new QLabel(this);
    downloadStatus->setObjectName(QStringLiteral("downloadStatus"));
    statusBar()->addPermanentWidget(downloadStatus);
    auto showDownloads = [this, downloadStatus] {
        const QString summary = services_.downloads().summary();
        downloadStatus->setText(summary);
        downloadStatus->setVisible(!summary.isEmpty());
    };
    connect(&services_.downloads(), &DownloadQueue::summaryChanged, this, showDownloads);
    showDownloads();
    InferenceService& inference = services_.inference();
    connect(&inference, &InferenceService::modelLoaded, this, &MainWindow::updateModelStatus);
    connect(&inference, &InferenceService::modelLoaded, this, [this] {
        const bool welcoming = showingWelcome();
        welcomeWanted_ = false;
        if (!welcoming)
            return;
        showPage(sidebar_->currentRow()); // the first model is in: the chat, ready to type
        chat_->input()->setFocus();
    });
    connect(&inference, &InferenceService::modelUnloaded, this, &MainWindow::updateModelStatus);
    connect(&inference, &InferenceService::loadStarted, this, &MainWindow::updateModelStatus);
    connect(&inference, &InferenceService::loadFailed, this, [this](const QString& sentence) {
        updateModelStatus();
        statusBar()->showMessage(sentence, 10000);
    });
    connect(&settings, &AppSettings::themeChanged, this, [this](ThemeChoice choice) {
        theme::apply(choice);
        refreshIcons();
    });

    auto* newChat = new QShortcut(QKeySequence::New, this);
    connect(newChat, &QShortcut::activated, this, [this] {
        showPane(QStringLiteral("chat"));
        chat_->newChat();
    });
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        showPane(QStringLiteral("chat"));
        chat_->focusSearch();
    });

    resize(1180, 760);
    restoreGeometry(settings.windowGeometry());
    restoreState(settings.windowState());
    welcomeWanted_ = services_.models().rowCount() == 0 && !inference.hasModel() && !inference.isLoading();
    showPane(settings.currentPane());
    if (!services_.startupNotice().isEmpty())
        showBanner(services_.startupNotice());
    updateModelStatus();
}

void MainWindow::addPane(const QString& key, const QString& title, int icon, QWidget* page, bool enabled)
{
    auto* item = new QListWidgetItem(title, sidebar_);
    item->setSizeHint(QSize(140, 40));
    if (!enabled) {
        // Still selectable, so the user can read what the pane will do; its controls are disabled.
        item->setToolTip(tr("%1: coming in a later version").arg(title));
        item->setForeground(palette().color(QPalette::Disabled, QPalette::WindowText));
    }
    pages_->addWidget(page);
    keys_ << key;
    iconIds_ << icon;
    item->setIcon(icons::make(icons::Name(icon), palette()));
}

void MainWindow::refreshIcons()
{
    for (int row = 0; row < sidebar_->count(); ++row)
        sidebar_->item(row)->setIcon(icons::make(icons::Name(iconIds_[row]), palette()));
}

void MainWindow::showPane(const QString& key)
{
    const int row = keys_.indexOf(key);
    sidebar_->setCurrentRow(row >= 0 ? row : 0);
    showPage(sidebar_->currentRow()); // also when the row was already current
}

void MainWindow::showPage(int row)
{
    if (row < 0)
        return;
    if (welcomeWanted_ && keys_.value(row) == QLatin1String("chat"))
        pages_->setCurrentWidget(welcome_);
    else
        pages_->setCurrentIndex(row);
}

bool MainWindow::showingWelcome() const
{
    return pages_->currentWidget() == welcome_;
}

QString MainWindow::currentPane() const
{
    return keys_.value(sidebar_->currentRow());
}

void MainWindow::showBanner(const QString& sentence)
{
    banner_->setText(sentence);
    banner_->setVisible(true);
}

void MainWindow::bringToFront()
{
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    show();
    raise();
    activateWindow();
}

void MainWindow::updateModelStatus()
{
    const InferenceService& inference = services_.inference();
    if (inference.isLoading())
        modelStatus_->setText(tr("Loading model…"));
    else if (inference.hasModel())
        modelStatus_->setText(tr("Model: %1 (RWKV v%2, %3)")
                                  .arg(inference.model().fileName, inference.model().arch,
                                       formatParameters(inference.model().parameters)));
    else
        modelStatus_->setText(tr("No model loaded — get or add one in Models"));
}

void MainWindow::saveLayout()
{
    AppSettings& settings = services_.settings();
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    settings.setCurrentPane(currentPane());
    chat_->saveLayout();
    write_->saveLayout();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    // Following the system: the platform changed its palette (light/dark switch).
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ThemeChange)
        refreshIcons();
    QMainWindow::changeEvent(event);
}
