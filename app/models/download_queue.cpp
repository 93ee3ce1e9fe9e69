#include "app/models/download_queue.h"

#include "app/inference/model_summary.h"
#include "app/models/catalog_service.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxyFactory>
#include <QTimer>

namespace {

QString formatDuration(int seconds)
{
    if (seconds < 60)
        return QObject::tr("%1 s left").arg(std::max(1, seconds));
    if (seconds < 3600)
        return QObject::tr("%1 min left").arg((seconds + 59) / 60);
    return QObject::tr("%1 h %2 min left").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

} // namespace

DownloadQueue::DownloadQueue(AppSettings& settings, CatalogService& catalog, ModelLibrary& library,
                             const QString& vocabularyPath, QObject* parent)
    : QAbstractListModel(parent), settings_(settings), catalog_(catalog), library_(library),
      vocabularyPath_(vocabularyPath)
{
    applyProxySetting();
    connect(&settings_, &AppSettings::downloadsChanged, this, &DownloadQueue::applyProxySetting);
    restore();
    // After the event loop starts, so that views connected after construction see every step.
    QTimer::singleShot(0, this, &DownloadQueue::startNext);
}

DownloadQueue::~DownloadQueue()
{
    persist();
    for (Item& item : items_)
        if (item.job)
            item.job->pause(); // keeps the part and its sidecar for the next start
}

void DownloadQueue::applyProxySetting()
{
    QNetworkProxyFactory::setUseSystemConfiguration(settings_.downloads().useSystemProxy);
}

void DownloadQueue::setRetryPolicy(int attempts, int firstDelayMs)
{
    retryAttempts_ = attempts;
    retryDelayMs_ = firstDelayMs;
}

int DownloadQueue::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(items_.size()); }

QString DownloadQueue::destinationOf(const CatalogEntry& entry) const
{
    if (!entry.isModel())
        return vocabularyPath_;
    return QDir(settings_.downloads().modelsFolder).filePath(entry.file);
}

bool DownloadQueue::isDownloaded(const QString& entryId) const
{
    const CatalogEntry* entry = catalog_.catalog().find(entryId);
    if (!entry)
        return false;
    if (!entry->isModel() && QFile::exists(qEnvironmentVariable("RWKV_WORLD_VOCAB")))
        return true;
    return QFile::exists(destinationOf(*entry));
}

bool DownloadQueue::isBusy() const
{
    for (const Item& item : items_)
        if (!item.done && item.error.isEmpty() && !item.userPaused)
            return true;
    return false;
}

QString DownloadQueue::add(const QString& entryId, const QString& weightFormat)
{
    const CatalogEntry* entry = catalog_.catalog().find(entryId);
    if (!entry)
        return tr("The catalog has no model called %1.").arg(entryId);
    for (const Item& item : items_)
        if (item.entryId == entryId && !item.done)
            return tr("%1 is already in the downloads.").arg(entry->name);
    if (isDownloaded(entryId)) {
        if (entry->isModel())
            library_.addFiles({destinationOf(*entry)});
        return tr("%1 is already downloaded; it is in the list of models.").arg(entry->name);
    }
    const CatalogEntry* vocabulary = catalog_.catalog().worldVocabulary();
    if (entry->needsWorldVocabulary() && vocabulary && !isDownloaded(vocabulary->id)) {
        bool queued = false;
        for (const Item& item : items_)
            queued |= item.entryId == vocabulary->id && !item.done;
        if (!queued)
            add(vocabulary->id);
    }
    Item item;
    item.entryId = entry->id;
    item.name = entry->name;
    item.format = weightFormat;
    item.isModel = entry->isModel();
    item.spec = {ModelCatalog::downloadUrl(*entry, settings_.downloads().mirror), destinationOf(*entry),
                 entry->sha256, entry->listed ? entry->bytes : 0};
    beginInsertRows({}, int(items_.size()), int(items_.size()));
    items_.append(item);
    endInsertRows();
    persist();
    startNext();
    emit summaryChanged();
    return {};
}

void DownloadQueue::startNext()
{
    for (const Item& item : items_)
        if (item.resolving || (item.job && item.job->isActive()))
            return; // one at a time: the whole connection goes to one file
    for (int row = 0; row < items_.size(); ++row) {
        const Item& item = items_[row];
        if (!item.done && !item.userPaused && item.error.isEmpty()) {
            launch(row);
            return;
        }
    }
    emit summaryChanged();
}

void DownloadQueue::launch(int row)
{
    Item& item = items_[row];
    if (item.spec.sha256.isEmpty()) {
        // Never download what cannot be checked: get the sha256 from the repository's listing.
        item.resolving = true;
        changed(row);
        const QString entryId = item.entryId;
        catalog_.resolve(entryId, [this, entryId](const CatalogEntry* entry, const QString& error) {
            int r = -1;
            for (int i = 0; i < items_.size(); ++i)
                if (items_[i].entryId == entryId && !items_[i].done)
                    r = i;
            if (r < 0)
                return; // cancelled meanwhile
            Item& it = items_[r];
            it.resolving = false;
            if (!entry) {
                it.error = error;
                changed(r);
                emit failed(error);
                startNext();
                return;
            }
            it.spec = {ModelCatalog::downloadUrl(*entry, settings_.downloads().mirror), destinationOf(*entry),
                       entry->sha256, entry->bytes};
            persist();
            if (!it.userPaused)
                launch(r);
        });
        return;
    }
    if (!item.job) {
        item.job = new FileDownload(network_, item.spec, this);
        item.job->setRetryPolicy(retryAttempts_, retryDelayMs_);
        FileDownload* job = item.job;
        connect(job, &FileDownload::progress, this, [this, job] {
            changed(rowOf(job));
            emit summaryChanged();
        });
        connect(job, &FileDownload::stateChanged, this, [this, job] { changed(rowOf(job)); });
        connect(job, &FileDownload::notice, this, [this, job](const QString& sentence) {
            const int r = rowOf(job);
            if (r >= 0) {
                items_[r].notice = sentence;
                changed(r);
            }
        });
        connect(job, &FileDownload::finished, this, [this, job] { onJobFinished(job); });
    }
    item.notice.clear();
    item.job->start();
    changed(row);
    emit summaryChanged();
}

int DownloadQueue::rowOf(const FileDownload* job) const
{
    for (int row = 0; row < items_.size(); ++row)
        if (items_[row].job == job)
            return row;
    return -1;
}

void DownloadQueue::onJobFinished(FileDownload* job)
{
    const int row = rowOf(job);
    if (row < 0)
        return;
    Item& item = items_[row];
    if (job->state() == FileDownload::State::Finished) {
        item.done = true;
        item.error.clear();
        item.notice.clear();
        if (item.isModel) {
            const QString path = item.spec.destination;
            library_.addFiles({path});
            const int libraryRow = library_.rowOf(path);
            if (libraryRow >= 0 && !item.format.isEmpty())
                library_.setWeightFormat(libraryRow, item.format);
            emit modelDownloaded(path);
        }
    } else if (job->state() == FileDownload::State::Failed) {
        item.error = job->errorString();
        emit failed(item.error);
    }
    persist();
    changed(row);
    emit summaryChanged();
    QTimer::singleShot(0, this, &DownloadQueue::startNext);
}

void DownloadQueue::pause(int row)
{
    if (row < 0 || row >= items_.size() || items_[row].done)
        return;
    items_[row].userPaused = true;
    if (items_[row].job)
        items_[row].job->pause();
    persist();
    changed(row);
    startNext();
}

void DownloadQueue::resume(int row)
{
    if (row < 0 || row >= items_.size() || items_[row].done)
        return;
    items_[row].userPaused = false;
    items_[row].error.clear();
    persist();
    changed(row);
    startNext();
}

void DownloadQueue::cancel(int row)
{
    if (row < 0 || row >= items_.size())
        return;
    Item item = items_[row];
    beginRemoveRows({}, row, row);
    items_.removeAt(row);
    endRemoveRows();
    if (item.job) {
        disconnect(item.job, nullptr, this, nullptr);
        if (!item.done)
            item.job->cancel();
        item.job->deleteLater();
    } else if (!item.done) {
        QFile::remove(FileDownload::partPath(item.spec.destination));
        QFile::remove(FileDownload::partPath(item.spec.destination) + QStringLiteral(".json"));
    }
    persist();
    emit summaryChanged();
    startNext();
}

void DownloadQueue::clearFinished()
{
    for (int row = int(items_.size()) - 1; row >= 0; --row)
        if (items_[row].done || !items_[row].error.isEmpty()) {
            if (items_[row].done) {
                beginRemoveRows({}, row, row);
                if (items_[row].job)
                    items_[row].job->deleteLater();
                items_.removeAt(row);
                endRemoveRows();
            } else {
                cancel(row);
            }
        }
    persist();
}

void DownloadQueue::changed(int row)
{
    if (row >= 0 && row < items_.size())
        emit dataChanged(index(row), index(row));
}

QVariant DownloadQueue::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= items_.size())
        return {};
    const Item& item = items_[index.row()];
    const FileDownload* job = item.job;
    const qint64 received = job ? job->receivedBytes() : 0;
    const qint64 total = job && job->totalBytes() > 0 ? job->totalBytes() : item.spec.expectedBytes;
    const bool running = job && job->isActive();
    switch (role) {
    case Qt::DisplayRole:
        return item.name;
    case EntryIdRole:
        return item.entryId;
    case PathRole:
        return item.spec.destination;
    case FinishedRole:
        return item.done;
    case CanPauseRole:
        return !item.done && !item.userPaused && item.error.isEmpty();
    case CanResumeRole:
        return !item.done && (item.userPaused || !item.error.isEmpty());
    case ProgressRole:
        if (item.done)
            return 1.0;
        return total > 0 ? double(received) / double(total) : -1.0;
    case StateRole:
        if (item.done)
            return tr("Done");
        if (!item.error.isEmpty())
            return tr("Failed");
        if (item.userPaused)
            return tr("Paused");
        if (item.resolving)
            return tr("Checking…");
        if (job && job->state() == FileDownload::State::Checking)
            return tr("Checking…");
        if (job && job->state() == FileDownload::State::Waiting)
            return tr("Retrying");
        return running ? tr("Downloading") : tr("Queued");
    case DetailRole: {
        if (!item.error.isEmpty())
            return item.error;
        if (item.done)
            return tr("Verified and saved as %1").arg(item.spec.destination);
        if (item.resolving)
            return tr("Getting the file's checksum from the repository…");
        QString text = total > 0 ? tr("%1 of %2").arg(formatBytes(received), formatBytes(total)) : formatBytes(received);
        if (running && job->bytesPerSecond() > 0)
            text += tr(" · %1/s").arg(formatBytes(qint64(job->bytesPerSecond())));
        if (running && job->secondsLeft() >= 0)
            text += QStringLiteral(" · ") + formatDuration(job->secondsLeft());
        if (job && job->state() == FileDownload::State::Checking)
            text = tr("Checking the %1 downloaded before").arg(formatBytes(received));
        if (!item.notice.isEmpty())
            text += QStringLiteral("\n") + item.notice;
        return text;
    }
    default:
        return {};
    }
}

QString DownloadQueue::summary() const
{
    int waiting = 0;
    const Item* active = nullptr;
    for (const Item& item : items_) {
        if (item.done || !item.error.isEmpty() || item.userPaused)
            continue;
        if (!active && (item.resolving || (item.job && item.job->isActive())))
            active = &item;
        else
            ++waiting;
    }
    if (!active)
        return {};
    const int row = int(active - items_.constData());
    const double fraction = data(index(row), ProgressRole).toDouble();
    QString text = fraction >= 0 ? tr("Downloading %1: %2%").arg(active->name).arg(int(fraction * 100))
                                 : tr("Downloading %1").arg(active->name);
    if (active->job && active->job->bytesPerSecond() > 0)
        text += tr(" · %1/s").arg(formatBytes(qint64(active->job->bytesPerSecond())));
    if (active->job && active->job->secondsLeft() >= 0)
        text += QStringLiteral(" · ") + formatDuration(active->job->secondsLeft());
    if (waiting > 0)
        text += tr(" (%n more waiting)", nullptr, waiting);
    return text;
}

void DownloadQueue::persist() const
{
    QJsonArray pending;
    for (const Item& item : items_) {
        if (item.done)
            continue;
        pending.append(QJsonObject{{QStringLiteral("entry"), item.entryId},
                                   {QStringLiteral("name"), item.name},
                                   {QStringLiteral("format"), item.format},
                                   {QStringLiteral("url"), item.spec.url.toString()},
                                   {QStringLiteral("destination"), item.spec.destination},
                                   {QStringLiteral("sha256"), item.spec.sha256},
                                   {QStringLiteral("bytes"), double(item.spec.expectedBytes)},
                                   {QStringLiteral("model"), item.isModel},
                                   {QStringLiteral("paused"), item.userPaused}});
    }
    settings_.setPendingDownloads(QJsonDocument(pending).toJson(QJsonDocument::Compact));
}

void DownloadQueue::restore()
{
    const QJsonArray pending = QJsonDocument::fromJson(settings_.pendingDownloads()).array();
    for (const QJsonValue& v : pending) {
        const QJsonObject o = v.toObject();
        Item item;
        item.entryId = o.value(QStringLiteral("entry")).toString();
        item.name = o.value(QStringLiteral("name")).toString();
        item.format = o.value(QStringLiteral("format")).toString();
        item.spec = {QUrl(o.value(QStringLiteral("url")).toString()), o.value(QStringLiteral("destination")).toString(),
                     o.value(QStringLiteral("sha256")).toString(), qint64(o.value(QStringLiteral("bytes")).toDouble())};
        item.isModel = o.value(QStringLiteral("model")).toBool(true);
        item.userPaused = o.value(QStringLiteral("paused")).toBool();
        if (!item.entryId.isEmpty() && item.spec.url.isValid() && !item.spec.destination.isEmpty())
            items_.append(item);
    }
}
