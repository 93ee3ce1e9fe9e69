// CatalogService is the app's view of the model catalog: the shipped catalog brought up to date by
// the repositories' file listings (fetched on refresh() from Hugging Face or the mirror chosen in
// Settings, remembered for offline starts), this machine's profile (RAM, memory bandwidth measured
// once in the background and remembered, the GPU in use) and the model recommended for it.
// GUI thread only; the network and the bandwidth probe never block it.
#pragma once

#include "app/models/fit_estimate.h"
#include "app/models/model_catalog.h"

#include <QNetworkAccessManager>
#include <QObject>

#include <functional>

class AppSettings;

class CatalogService : public QObject {
    Q_OBJECT
public:
    // `catalog`: the shipped one unless a test gives its own.
    CatalogService(AppSettings& settings, ModelCatalog catalog = ModelCatalog::builtIn(), QObject* parent = nullptr);

    const ModelCatalog& catalog() const { return catalog_; }
    // Valid once measured (machineReady); until then RAM only.
    const MachineProfile& machine() const { return machine_; }
    bool machineMeasured() const { return machineMeasured_; }
    Recommendation recommendation() const { return recommend(catalog_, machine_); }

    // Measures the machine in the background, once however many views ask (the bandwidth only the
    // first time ever; the GPU that Settings → "Run models on" picks, again whenever that
    // changes); emits machineReady.
    void measureMachine();
    // Replaces the profile (tests, and `rwkv-cli catalog --ram-gb`).
    void setMachine(const MachineProfile& machine);

    // Fetches every repository's listing; emits catalogChanged for what arrived and refreshFailed
    // with a sentence for what did not.
    void refresh();
    // Makes sure `entryId` has a sha256 (fetching its repository's listing when the catalog has
    // none) and calls `done` with the entry, or with an error sentence.
    void resolve(const QString& entryId, std::function<void(const CatalogEntry*, const QString& error)> done);

signals:
    void catalogChanged();
    void refreshFailed(const QString& sentence);
    void machineReady();

private:
    void fetchListing(const QString& repo, std::function<void(const QString& error)> done);
    void applyCachedListings();
    void remeasure();

    AppSettings& settings_;
    ModelCatalog catalog_;
    MachineProfile machine_;
    bool machineMeasured_ = false;
    bool measuring_ = false;
    QNetworkAccessManager network_;
};
