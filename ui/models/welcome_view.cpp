#include "ui/models/welcome_view.h"

#include "app/inference/model_summary.h"
#include "app/models/catalog_service.h"
#include "app/models/download_queue.h"
#include "app/models/model_library.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QLabel* sentence(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

} // namespace

WelcomeView::WelcomeView(CatalogService& catalog, DownloadQueue& downloads, ModelLibrary& library, QWidget* parent)
    : QWidget(parent), catalog_(catalog), downloads_(downloads), library_(library)
{
    setObjectName(QStringLiteral("welcomeView"));
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* card = new QFrame(this);
    card->setMaximumWidth(640);
    card->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(card);
    layout->setSpacing(10);
    layout->addWidget(sentence(tr("<h2>Welcome to RWKV Studio</h2>"), card));
    layout->addWidget(sentence(tr("RWKV Studio runs language models on this computer. Nothing you type leaves it. "
                                  "To begin, it needs a model."), card));

    pick_ = sentence(QString(), card);
    pick_->setObjectName(QStringLiteral("welcomeRecommendation"));
    pick_->setTextFormat(Qt::RichText);
    layout->addWidget(pick_);
    download_ = new QPushButton(card);
    download_->setObjectName(QStringLiteral("welcomeDownload"));
    download_->setDefault(true);
    layout->addWidget(download_);
    progress_ = new QProgressBar(card);
    progress_->setObjectName(QStringLiteral("welcomeProgress"));
    progress_->setRange(0, 1000);
    progress_->setVisible(false);
    layout->addWidget(progress_);
    status_ = sentence(QString(), card);
    status_->setObjectName(QStringLiteral("welcomeStatus"));
    layout->addWidget(status_);

    auto* add = new QPushButton(tr("Add a model file…"), card);
    add->setObjectName(QStringLiteral("welcomeAddFile"));
    layout->addWidget(add);
    layout->addWidget(sentence(tr("Already have an RWKV checkpoint (.pth or .safetensors)? Use it where it is; "
                                  "nothing is downloaded."), card));
    auto* browse = new QPushButton(tr("See all models…"), card);
    layout->addWidget(browse);
    layout->addWidget(sentence(tr("Every model with its size and how fast it will run here: larger ones for better "
                                  "answers, music models for Compose."), card));

    auto* centre = new QHBoxLayout;
    centre->addStretch(1);
    centre->addWidget(card, 4);
    centre->addStretch(1);
    outer->addLayout(centre);
    outer->addStretch(2);

    connect(download_, &QPushButton::clicked, this, &WelcomeView::startDownload);
    connect(add, &QPushButton::clicked, this, &WelcomeView::chooseFile);
    connect(browse, &QPushButton::clicked, this, [this] { emit catalogRequested(recommendedId_); });
    connect(&catalog_, &CatalogService::machineReady, this, &WelcomeView::showRecommendation);
    connect(&catalog_, &CatalogService::catalogChanged, this, &WelcomeView::showRecommendation);
    connect(&downloads_, &QAbstractItemModel::dataChanged, this, &WelcomeView::showProgress);
    connect(&downloads_, &QAbstractItemModel::rowsInserted, this, &WelcomeView::showProgress);
    connect(&downloads_, &DownloadQueue::failed, this, [this](const QString& why) {
        status_->setText(why);
        showProgress();
    });
    // A model that arrives while the welcome is up is the one the user asked for: load it.
    connect(&downloads_, &DownloadQueue::modelDownloaded, this, [this](const QString& path) {
        if (!isVisible())
            return;
        status_->setText(tr("Downloaded and checked. Loading…"));
        library_.load(library_.rowOf(path));
    });
    showRecommendation();
}

void WelcomeView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    catalog_.measureMachine();
}

void WelcomeView::showRecommendation()
{
    const Recommendation pick = catalog_.recommendation();
    const CatalogEntry* entry = catalog_.catalog().find(pick.entryId);
    recommendedId_ = pick.entryId;
    recommendedFormat_ = pick.format;
    if (!entry) {
        pick_->setText(tr("No model in the catalog fits this computer comfortably; see all models to choose one."));
        download_->setVisible(false);
        return;
    }
    download_->setVisible(true);
    download_->setText(entry->bytes > 0 ? tr("Download %1 (%2)").arg(entry->name, formatBytes(entry->bytes))
                                        : tr("Download %1").arg(entry->name));
    QString text = tr("<b>Recommended for this computer: %1.</b> %2").arg(entry->name.toHtmlEscaped(), entry->about.toHtmlEscaped());
    text += QStringLiteral("<br>") + (catalog_.machineMeasured()
                                          ? pick.estimate.sentence(catalog_.machine()).toHtmlEscaped() + QLatin1Char('.')
                                          : tr("Measuring how fast it will run here…"));
    text += QStringLiteral("<br>") + tr("It is downloaded from Hugging Face (or the mirror in Settings) with its "
                                        "vocabulary, checked against its published checksum, and loaded.");
    pick_->setText(text);
    showProgress();
}

void WelcomeView::startDownload()
{
    const QString problem = downloads_.add(recommendedId_, recommendedFormat_);
    if (!problem.isEmpty() && downloads_.isDownloaded(recommendedId_)) {
        // Already on disk (an earlier run): load it.
        const CatalogEntry* entry = catalog_.catalog().find(recommendedId_);
        library_.load(library_.rowOf(downloads_.destinationOf(*entry)));
        return;
    }
    status_->setText(problem);
    showProgress();
}

void WelcomeView::showProgress()
{
    int active = -1;
    for (int row = 0; row < downloads_.rowCount(); ++row)
        if (!downloads_.index(row).data(DownloadQueue::FinishedRole).toBool())
            active = active < 0 ? row : active;
    const bool busy = downloads_.isBusy();
    progress_->setVisible(active >= 0);
    download_->setEnabled(!busy);
    if (active < 0)
        return;
    const QModelIndex index = downloads_.index(active);
    const double fraction = index.data(DownloadQueue::ProgressRole).toDouble();
    progress_->setValue(fraction < 0 ? 0 : int(fraction * 1000));
    status_->setText(tr("%1: %2").arg(index.data(Qt::DisplayRole).toString(), index.data(DownloadQueue::DetailRole).toString()));
}

void WelcomeView::chooseFile()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add a model file"), QString(),
                                                            tr("RWKV checkpoints (*.pth *.safetensors)"));
    if (!paths.isEmpty())
        addFiles(paths);
}

void WelcomeView::addFiles(const QStringList& paths)
{
    const QStringList problems = library_.addFiles(paths);
    status_->setText(problems.join(QLatin1Char('\n')));
    const int row = library_.rowOf(QFileInfo(paths.value(0)).absoluteFilePath());
    if (row >= 0)
        library_.load(row);
}
