// DownloadQueue is the Models pane's downloads: catalog entries fetched one after another with
// FileDownload into the models folder (Settings → Downloads), with pause, resume and cancel, the
// World vocabulary fetched first when a model needs it and it is missing, and each finished model
// added to the ModelLibrary with the weight format chosen for it. Unfinished downloads are saved
// in AppSettings and go on after a restart. It is the list model behind the downloads view and
// gives the status bar its one-line summary. GUI thread only.
#pragma once

#include "app/models/file_download.h"

#include <QAbstractListModel>
#include <QNetworkAccessManager>
#include <QPointer>

class AppSettings;
class CatalogService;
class ModelLibrary;
struct CatalogEntry;

class DownloadQueue : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        StateRole,      // "Queued", "Checking…", "Downloading", "Retrying", "Paused", "Done", "Failed"
        ProgressRole,   // 0..1, -1 when the size is unknown
        DetailRole,     // "1.2 GB of 3.1 GB · 12.4 MB/s · 3 min left", or the error sentence
        PathRole,       // where the file goes
        CanPauseRole,
        CanResumeRole,
        FinishedRole,   // downloaded and verified
    };

    // `vocabularyPath`: where the World vocabulary belongs (rwkv::defaultWorldVocabPath()).
    DownloadQueue(AppSettings& settings, CatalogService& catalog, ModelLibrary& library,
                  const QString& vocabularyPath, QObject* parent = nullptr);
    ~DownloadQueue() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // Queues a catalog entry (and the vocabulary it needs); `weightFormat` is how the model will
    // be held once loaded ("" = as stored). Returns a sentence when it is not queued (already
    // there, already queued, unknown), else an empty string.
    QString add(const QString& entryId, const QString& weightFormat = {});
    void pause(int row);
    void resume(int row);
    void cancel(int row);
    // Drops the rows that are done or failed.
    void clearFinished();

    // Where a catalog entry's file lives once downloaded.
    QString destinationOf(const CatalogEntry& entry) const;
    // Whether the entry's file is already downloaded (in the models folder, or the vocabulary).
    bool isDownloaded(const QString& entryId) const;
    bool isBusy() const; // something is downloading or waiting its turn
    // One line for the status bar, empty when nothing is happening.
    QString summary() const;

    // Tests: retry quickly.
    void setRetryPolicy(int attempts, int firstDelayMs);

signals:
    // A model file finished, was verified and added to the library.
    void modelDownloaded(const QString& path);
    void summaryChanged();
    // A download failed; also in DetailRole.
    void failed(const QString& sentence);

private:
    struct Item {
        QString entryId;
        QString name;
        QString format;
        DownloadSpec spec;
        bool isModel = true;
        bool userPaused = false;
        bool resolving = false; // waiting for the listing's sha256
        QString error;
        QString notice;
        QPointer<FileDownload> job;
        bool done = false;
    };

    void startNext();
    void launch(int row);
    void onJobFinished(FileDownload* job);
    int rowOf(const FileDownload* job) const;
    void persist() const;
    void restore();
    void changed(int row);
    void applyProxySetting();

    AppSettings& settings_;
    CatalogService& catalog_;
    ModelLibrary& library_;
    QString vocabularyPath_;
    QNetworkAccessManager network_;
    QList<Item> items_;
    int retryAttempts_ = 6;
    int retryDelayMs_ = 1000;
};
