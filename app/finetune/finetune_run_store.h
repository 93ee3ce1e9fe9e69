// FinetuneRunStore keeps fine-tuning runs in the studio database (table finetune_runs, schema
// version 3): the base model, the data, the settings, where the run's files live, its status and
// progress, the loss curve and the files it wrote. A run that was running when the app stopped
// is found again as "paused" and resumes from its last checkpoint.
//
// Threads: as ConversationStore, one instance per thread. No call throws.
#pragma once

#include "app/store/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class StoreConnection;

// One point of the loss curve.
struct LossPoint {
    int step = 0;
    double loss = 0;
    std::optional<double> validationLoss;
};

struct FinetuneRun {
    enum class Status { Running, Paused, Finished, Cancelled, Failed };

    qint64 id = 0;
    QString title;
    QString baseModel;      // absolute path of the base model file
    QStringList data;       // files and folders
    QJsonObject settings;   // FinetuneSettings::toJson()
    Status status = Status::Running;
    int stepsDone = 0;
    int totalSteps = 0;
    QString runDir;         // checkpoints and outputs
    QStringList outputs;    // files written when it finished
    QList<LossPoint> curve;
    QString error;          // why it failed, as a sentence
    QDateTime created, updated;

    static QString statusName(Status s);
};

class FinetuneRunStore {
public:
    // Opens or creates the database at `path`, migrating it as ConversationStore::open does.
    static Result<FinetuneRunStore> open(const QString& path);

    FinetuneRunStore(FinetuneRunStore&&) noexcept;
    FinetuneRunStore& operator=(FinetuneRunStore&&) noexcept;
    ~FinetuneRunStore();

    // Inserts (id 0) or updates the run; returns its id.
    Result<qint64> save(const FinetuneRun& run);
    Result<FinetuneRun> load(qint64 id) const;
    // Every run, newest first.
    Result<QList<FinetuneRun>> list() const;
    Result<void> remove(qint64 id);
    // Runs left "running" by an app that stopped become "paused" (called at start).
    Result<void> pauseInterruptedRuns();

private:
    explicit FinetuneRunStore(std::unique_ptr<StoreConnection> db);
    std::unique_ptr<StoreConnection> db_;
};
