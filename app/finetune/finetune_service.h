// FinetuneService owns fine-tuning in the app: one run at a time on its worker thread, the runs
// kept in the database (settings, status, loss curve, outputs), pause/resume across app restarts,
// and "chat with it now" (the base model reloaded with the result applied). The Fine-tune pane
// only shows it and forwards the user's actions; tests drive it directly.
#pragma once

#include "app/finetune/finetune_request.h"
#include "app/finetune/finetune_run_store.h"
#include "app/finetune/finetune_worker.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>

#include <memory>
#include <optional>

class InferenceService;

// What the pane shows after each step.
struct FinetuneProgress {
    qint64 runId = 0;
    int step = 0;
    int totalSteps = 0;
    double loss = 0;
    std::optional<double> validationLoss;
    double lr = 0;
    double tokensPerSecond = 0;
    double etaSeconds = 0;
};

class FinetuneService : public QObject {
    Q_OBJECT
public:
    // `databasePath` empty: runs are not kept (the store could not be opened); `runsFolder` holds
    // each run's checkpoints and outputs.
    FinetuneService(InferenceService& inference, const QString& databasePath, const QString& runsFolder,
                    QObject* parent = nullptr);
    ~FinetuneService() override;

    // Counts tokens and samples of request.data (dataInspected).
    void inspectData(const FinetuneRequest& request);
    // Times trial steps on this machine (estimated).
    void estimate(const FinetuneRequest& request);
    // Starts a new run; returns its id (0 when one is already running; errorOccurred says why).
    qint64 start(const FinetuneRequest& request);
    void pause();
    // Continues a paused (or interrupted) run from its last checkpoint.
    bool resume(qint64 runId);
    // Cancels the running run, or gives up a paused one (its checkpoint is deleted).
    void cancel(qint64 pausedRun = 0);

    bool isRunning() const { return current_ != 0; }
    qint64 currentRun() const { return current_; }
    QList<FinetuneRun> runs() const;
    std::optional<FinetuneRun> run(qint64 id) const;

    // Loads the run's base model with its LoRA or state applied, for the Chat pane.
    bool chatWith(qint64 runId);
    // Copies the run's output files into `folder`; returns the copies' paths.
    QStringList exportOutputs(qint64 runId, const QString& folder);

signals:
    void dataInspected(qint64 tokens, int samples, const QString& error);
    void estimated(double seconds, qint64 memoryBytes, int totalSteps, const QString& error);
    void runStarted(qint64 runId);
    void progress(const FinetuneProgress& p);
    void sampleReady(qint64 runId, int step, const QString& text);
    void runPaused(qint64 runId);
    void runFinished(qint64 runId, const QStringList& outputs);
    void runCancelled(qint64 runId);
    void runFailed(qint64 runId, const QString& error);
    void runsChanged();
    void errorOccurred(const QString& message);

private:
    void launch(qint64 runId, const FinetuneRequest& request, bool resume);
    void onStep(qint64 runId, const QVariantMap& report);
    void finishRun(qint64 runId, FinetuneRun::Status status, const QString& error = {},
                   const QStringList& outputs = {});
    void save(const FinetuneRun& run);

    InferenceService& inference_;
    QString runsFolder_;
    std::optional<FinetuneRunStore> store_;
    QThread thread_;
    FinetuneWorker* worker_;
    FinetuneWorker::ControlFlag control_;
    qint64 current_ = 0;
    std::optional<FinetuneRun> active_; // the current run as last saved
    QElapsedTimer clock_;
    int stepsAtLaunch_ = 0;
};

Q_DECLARE_METATYPE(FinetuneProgress)
