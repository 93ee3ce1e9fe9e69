// FinetuneWorker does the fine-tuning work on its own thread: reading and counting the data,
// timing trial steps for an estimate, and running a run step by step (checkpoints, short samples
// from the model as it learns, the output files). Pause and cancel are flags read between steps.
// Results go back as queued signals; it never touches the database or the ui.
#pragma once

#include "app/finetune/finetune_request.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <atomic>
#include <memory>

class FinetuneWorker : public QObject {
    Q_OBJECT
public:
    enum Control { Run = 0, Pause = 1, Cancel = 2 };
    using ControlFlag = std::shared_ptr<std::atomic<int>>;

    using QObject::QObject;

    // Reads and tokenizes the data with the base model's tokenizer. Emits dataInspected.
    void inspect(const FinetuneRequest& request);
    // Loads the model and times two trial steps. Emits estimated.
    void estimate(const FinetuneRequest& request);
    // Runs (or, with resume, continues from runDir's checkpoint) until done, paused or cancelled.
    void run(qint64 runId, const FinetuneRequest& request, const QString& runDir, bool resume, ControlFlag control);

signals:
    void dataInspected(qint64 tokens, int samples, const QString& error);
    void estimated(double seconds, qint64 memoryBytes, int totalSteps, const QString& error);
    // report: step, totalSteps, loss, lr, tokensPerSecond, gradNorm, [validationLoss]
    void stepDone(qint64 runId, const QVariantMap& report);
    void sampleReady(qint64 runId, int step, const QString& text);
    void runPaused(qint64 runId, int step);
    void runCancelled(qint64 runId);
    void runFinished(qint64 runId, const QStringList& outputs);
    void runFailed(qint64 runId, const QString& error);
};
