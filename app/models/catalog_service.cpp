#include "app/models/catalog_service.h"

#include "app/settings/app_settings.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

CatalogService::CatalogService(AppSettings& settings, ModelCatalog catalog, QObject* parent)
    : QObject(parent), settings_(settings), catalog_(std::move(catalog))
{
    machine_.ramBytes = MachineProfile::physicalMemory(); // the rest in measureMachine
    machine_.bandwidthGBs = settings_.measuredBandwidth();
    applyCachedListings();
}

void CatalogService::applyCachedListings()
{
    const QJsonObject cached = QJsonDocument::fromJson(settings_.catalogListings()).object();
    for (auto it = cached.begin(); it != cached.end(); ++it) {
        const QByteArray listing = QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact);
        catalog_.applyListing(it.key(), ModelCatalog::parseListing(listing, nullptr));
    }
}

void CatalogService::setMachine(const MachineProfile& machine)
{
    machine_ = machine;
    machineMeasured_ = true;
    emit machineReady();
}

void CatalogService::measureMachine()
{
    if (machineMeasured_ || measuring_)
        return; // every view asks; the machine is measured once
    connect(&settings_, &AppSettings::computeDeviceChanged, this, &CatalogService::remeasure, Qt::UniqueConnection);
    remeasure();
}

void CatalogService::remeasure()
{
    measuring_ = true;
    const QString computeDevice = settings_.computeDevice();
    const double known = settings_.measuredBandwidth();
    auto* watcher = new QFutureWatcher<MachineProfile>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        measuring_ = false;
        const MachineProfile measured = watcher->result();
        if (measured.bandwidthGBs > 0)
            settings_.setMeasuredBandwidth(measured.bandwidthGBs);
        setMachine(measured);
    });
    watcher->setFuture(QtConcurrent::run([computeDevice, known] { return MachineProfile::probe(computeDevice, known); }));
}

void CatalogService::fetchListing(const QString& repo, std::function<void(const QString&)> done)
{
    QNetworkRequest request(ModelCatalog::listingUrl(repo, settings_.downloads().mirror));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(20000);
    QNetworkReply* reply = network_.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, repo, done] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError) {
            done(tr("Could not get the file list of %1 from %2: %3").arg(repo, reply->url().host(), reply->errorString()));
            return;
        }
        QString error;
        const QList<ListedFile> files = ModelCatalog::parseListing(body, &error);
        if (!error.isEmpty()) {
            done(tr("The file list of %1 could not be read: %2").arg(repo, error));
            return;
        }
        catalog_.applyListing(repo, files);
        QJsonObject cached = QJsonDocument::fromJson(settings_.catalogListings()).object();
        cached.insert(repo, QJsonDocument::fromJson(body).array());
        settings_.setCatalogListings(QJsonDocument(cached).toJson(QJsonDocument::Compact));
        emit catalogChanged();
        done({});
    });
}

void CatalogService::refresh()
{
    for (const QString& repo : catalog_.repositories())
        fetchListing(repo, [this](const QString& error) {
            if (!error.isEmpty())
                emit refreshFailed(error);
        });
}

void CatalogService::resolve(const QString& entryId, std::function<void(const CatalogEntry*, const QString&)> done)
{
    const CatalogEntry* entry = catalog_.find(entryId);
    if (!entry) {
        done(nullptr, tr("The catalog has no model called %1.").arg(entryId));
        return;
    }
    if (!entry->sha256.isEmpty()) {
        done(entry, {});
        return;
    }
    fetchListing(entry->repo, [this, entryId, done](const QString& error) {
        const CatalogEntry* e = catalog_.find(entryId);
        if (!error.isEmpty())
            done(nullptr, error);
        else if (e->sha256.isEmpty())
            done(nullptr, tr("%1 is not in the file list of %2, so it cannot be checked after download. Refresh "
                             "the catalog or choose another model.").arg(e->file, e->repo));
        else
            done(e, {});
    });
}
