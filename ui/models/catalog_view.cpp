#include "ui/models/catalog_view.h"

#include "app/inference/model_summary.h"
#include "app/models/catalog_service.h"
#include "app/models/download_queue.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "ui/models/download_delegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

enum Column { Name, Purpose, Size, FirstFormat };

QString purposeText(const QString& purpose)
{
    if (purpose == QLatin1String("chat"))
        return QObject::tr("Chat, writing, thinking");
    if (purpose == QLatin1String("base"))
        return QObject::tr("Continuing text, fine-tuning");
    if (purpose == QLatin1String("music-midi"))
        return QObject::tr("Music (MIDI)");
    if (purpose == QLatin1String("music-abc"))
        return QObject::tr("Music (ABC)");
    return QObject::tr("Tokenizer");
}

QString estimateCell(const FitEstimate& f)
{
    if (f.fit == FitEstimate::Fit::TooBig)
        return QObject::tr("too big");
    QString text = f.tokensPerSecond > 0
        ? QObject::tr("%1 tok/s · %2").arg(QString::number(f.tokensPerSecond, 'f', f.tokensPerSecond >= 10 ? 0 : 1),
                                          formatBytes(f.memoryBytes))
        : formatBytes(f.memoryBytes);
    if (f.fit == FitEstimate::Fit::Tight)
        text += QObject::tr(" (tight)");
    return text;
}

} // namespace

CatalogView::CatalogView(CatalogService& catalog, DownloadQueue& downloads, ModelLibrary& library, QWidget* parent)
    : QWidget(parent), catalog_(catalog), downloads_(downloads), library_(library)
{
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    machine_ = new QLabel(this);
    machine_->setObjectName(QStringLiteral("machineSummary"));
    machine_->setWordWrap(true);
    auto* refresh = new QPushButton(tr("Refresh the list"), this);
    refresh->setToolTip(tr("Ask Hugging Face (or the mirror in Settings) for the newest releases and their checksums"));
    top->addWidget(machine_, 1);
    top->addWidget(refresh);
    layout->addLayout(top);
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("catalogMessage"));
    message_->setWordWrap(true);
    message_->setVisible(false);
    layout->addWidget(message_);

    auto* split = new QSplitter(Qt::Vertical, this);
    auto* upper = new QWidget(split);
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTreeWidget(upper);
    table_->setObjectName(QStringLiteral("catalogTable"));
    table_->setRootIsDecorated(false);
    table_->setUniformRowHeights(true);
    QStringList headers{tr("Model"), tr("For"), tr("Download")};
    for (const QString& f : downloadFormats())
        headers << tr("Here with %1").arg(f);
    table_->setHeaderLabels(headers);
    table_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    upperLayout->addWidget(table_, 1);
    about_ = new QLabel(upper);
    about_->setObjectName(QStringLiteral("catalogAbout"));
    about_->setWordWrap(true);
    about_->setTextFormat(Qt::RichText);
    about_->setOpenExternalLinks(true);
    upperLayout->addWidget(about_);
    auto* action = new QHBoxLayout;
    format_ = new QComboBox(upper);
    format_->setObjectName(QStringLiteral("downloadFormat"));
    format_->addItem(tr("16-bit (bf16): best quality"), QStringLiteral("bf16"));
    format_->addItem(tr("8-bit: half the memory, faster"), QStringLiteral("int8"));
    format_->addItem(tr("4-bit: smallest and fastest"), QStringLiteral("q4"));
    format_->setToolTip(tr("How the weights are held in memory when the model runs. The file is the same; you can "
                           "change this later in My models."));
    download_ = new QPushButton(tr("Download"), upper);
    download_->setObjectName(QStringLiteral("downloadModel"));
    action->addWidget(new QLabel(tr("Run it with"), upper));
    action->addWidget(format_);
    action->addWidget(download_);
    action->addStretch();
    upperLayout->addLayout(action);

    auto* lower = new QWidget(split);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(new QLabel(tr("<b>Downloads</b>"), lower));
    downloadList_ = new QListView(lower);
    downloadList_->setObjectName(QStringLiteral("downloadList"));
    downloadList_->setModel(&downloads_);
    downloadList_->setItemDelegate(new DownloadDelegate(downloadList_));
    downloadList_->setWordWrap(true);
    lowerLayout->addWidget(downloadList_, 1);
    auto* buttons = new QHBoxLayout;
    pause_ = new QPushButton(tr("Pause"), lower);
    resume_ = new QPushButton(tr("Resume"), lower);
    resume_->setObjectName(QStringLiteral("resumeDownload"));
    cancel_ = new QPushButton(tr("Cancel"), lower);
    load_ = new QPushButton(tr("Load"), lower);
    auto* clear = new QPushButton(tr("Clear finished"), lower);
    for (QPushButton* b : {pause_, resume_, cancel_, load_, clear})
        buttons->addWidget(b);
    buttons->addStretch();
    lowerLayout->addLayout(buttons);
    split->addWidget(upper);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    auto row = [this] { return downloadList_->currentIndex().isValid() ? downloadList_->currentIndex().row() : -1; };
    connect(refresh, &QPushButton::clicked, this, [this] {
        message_->setVisible(false);
        catalog_.refresh();
    });
    connect(&catalog_, &CatalogService::refreshFailed, this, [this](const QString& sentence) {
        message_->setText(sentence);
        message_->setVisible(true);
    });
    connect(&catalog_, &CatalogService::catalogChanged, this, &CatalogView::fill);
    connect(&catalog_, &CatalogService::machineReady, this, [this] {
        showMachine();
        fill();
    });
    connect(table_, &QTreeWidget::currentItemChanged, this, &CatalogView::showSelection);
    connect(download_, &QPushButton::clicked, this, &CatalogView::download);
    connect(pause_, &QPushButton::clicked, this, [this, row] { downloads_.pause(row()); });
    connect(resume_, &QPushButton::clicked, this, [this, row] { downloads_.resume(row()); });
    connect(cancel_, &QPushButton::clicked, this, [this, row] { downloads_.cancel(row()); });
    connect(clear, &QPushButton::clicked, this, [this] { downloads_.clearFinished(); });
    connect(load_, &QPushButton::clicked, this, [this, row] {
        const int r = row();
        if (r >= 0)
            library_.load(library_.rowOf(downloads_.index(r).data(DownloadQueue::PathRole).toString()));
    });
    connect(downloadList_->selectionModel(), &QItemSelectionModel::currentChanged, this, &CatalogView::updateDownloadButtons);
    connect(&downloads_, &QAbstractItemModel::dataChanged, this, &CatalogView::updateDownloadButtons);
    connect(&downloads_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int, int last) {
        downloadList_->setCurrentIndex(downloads_.index(last));
    });
    connect(&downloads_, &DownloadQueue::modelDownloaded, this, &CatalogView::showSelection);
    showMachine();
    fill();
    updateDownloadButtons();
}

void CatalogView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    catalog_.measureMachine();
}

void CatalogView::showMachine()
{
    const MachineProfile& m = catalog_.machine();
    QString text = tr("This computer: %1 of memory").arg(formatBytes(m.ramBytes));
    if (m.gpuMemoryBytes > 0)
        text += tr(", GPU %1 with %2").arg(m.gpuName, formatBytes(m.gpuMemoryBytes));
    if (m.bandwidthGBs > 0)
        text += tr(", memory reads at %1 GB/s").arg(QString::number(m.bandwidthGBs, 'f', 0));
    else if (!catalog_.machineMeasured())
        text += tr(" (measuring its speed…)");
    text += tr(". Speeds are estimates for writing one reply.");
    machine_->setText(text);
}

void CatalogView::fill()
{
    const QString keep = selectedId();
    const Recommendation pick = catalog_.recommendation();
    table_->clear();
    QFont bold = font();
    bold.setBold(true);
    for (const CatalogEntry& e : catalog_.catalog().entries()) {
        auto* item = new QTreeWidgetItem(table_);
        item->setData(Name, Qt::UserRole, e.id);
        const bool recommended = e.id == pick.entryId;
        item->setText(Name, recommended ? tr("%1 (recommended)").arg(e.name) : e.name);
        item->setText(Purpose, purposeText(e.purpose));
        item->setText(Size, downloads_.isDownloaded(e.id) ? tr("downloaded") : formatBytes(e.bytes));
        if (recommended)
            for (int c = 0; c < table_->columnCount(); ++c)
                item->setFont(c, bold);
        if (!e.isModel())
            continue;
        int column = FirstFormat;
        for (const QString& f : downloadFormats()) {
            const FitEstimate fit = estimateFit(e, f, catalog_.machine());
            item->setText(column, estimateCell(fit));
            item->setToolTip(column, fit.sentence(catalog_.machine()));
            ++column;
        }
    }
    select(keep.isEmpty() ? pick.entryId : keep);
}

void CatalogView::select(const QString& entryId)
{
    for (int i = 0; i < table_->topLevelItemCount(); ++i)
        if (table_->topLevelItem(i)->data(Name, Qt::UserRole).toString() == entryId)
            table_->setCurrentItem(table_->topLevelItem(i));
}

QString CatalogView::selectedId() const
{
    return table_->currentItem() ? table_->currentItem()->data(Name, Qt::UserRole).toString() : QString();
}

void CatalogView::showSelection()
{
    const CatalogEntry* e = catalog_.catalog().find(selectedId());
    download_->setEnabled(e && !downloads_.isDownloaded(e->id));
    format_->setEnabled(e && e->isModel());
    if (!e) {
        about_->clear();
        return;
    }
    const QString page = e->repo.isEmpty() ? e->url : QStringLiteral("https://huggingface.co/") + e->repo;
    QString html = QStringLiteral("<b>%1</b> — %2<br>%3 · %4 · <a href=\"%5\">%6</a>")
                       .arg(e->name.toHtmlEscaped(), e->about.toHtmlEscaped(), formatBytes(e->bytes),
                            tr("license %1").arg(e->license).toHtmlEscaped(), page.toHtmlEscaped(), e->file.toHtmlEscaped());
    if (e->context > 0)
        html += QStringLiteral(" · ") + tr("trained on %1 tokens of context").arg(e->context);
    if (e->sha256.isEmpty())
        html += QStringLiteral("<br>") + tr("Its checksum comes from the repository's file list before the download.");
    about_->setText(html);
    const Recommendation pick = catalog_.recommendation();
    QString format = e->id == pick.entryId ? pick.format : QString();
    if (format.isEmpty()) // the best quality that fits comfortably, else the smallest
        for (const QString& f : downloadFormats())
            if (format.isEmpty() && estimateFit(*e, f, catalog_.machine()).fit == FitEstimate::Fit::Comfortable)
                format = f;
    format_->setCurrentIndex(std::max(0, format_->findData(format.isEmpty() ? QStringLiteral("q4") : format)));
}

void CatalogView::download()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    const QString problem = downloads_.add(id, format_->isEnabled() ? format_->currentData().toString() : QString());
    message_->setText(problem);
    message_->setVisible(!problem.isEmpty());
    showSelection();
}

void CatalogView::updateDownloadButtons()
{
    const QModelIndex index = downloadList_->currentIndex();
    pause_->setEnabled(index.isValid() && index.data(DownloadQueue::CanPauseRole).toBool());
    resume_->setEnabled(index.isValid() && index.data(DownloadQueue::CanResumeRole).toBool());
    const bool finished = index.isValid() && index.data(DownloadQueue::FinishedRole).toBool();
    cancel_->setEnabled(index.isValid() && !finished);
    const QString path = index.isValid() ? index.data(DownloadQueue::PathRole).toString() : QString();
    load_->setEnabled(finished && library_.rowOf(path) >= 0);
}
