// InferenceService is the GUI thread's handle on the engine. It owns one worker thread where an
// InferenceWorker holds the loaded model; every call here returns at once and every answer comes
// back as a signal on the caller's thread, so the GUI never blocks. One model is loaded at a
// time; any number of jobs (conversations, documents) share it, each with its own state.
#pragma once

#include "app/inference/analysis_request.h"
#include "app/inference/generation_request.h"
#include "app/inference/model_adapter.h"
#include "app/inference/model_summary.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

class InferenceWorker;
namespace rwkv {
class Model;
class Tokenizer;
} // namespace rwkv

class InferenceService : public QObject {
    Q_OBJECT
public:
    explicit InferenceService(QObject* parent = nullptr);
    // Stops every job and any load, then joins the worker thread.
    ~InferenceService() override;

    // Starts loading `path` in the background, replacing the current model. `tokenizerSpec` empty
    // picks one by vocabulary size. Answers with loadProgress…, then modelLoaded or loadFailed.
    // `weightFormat` ("" = as stored, "f32", "f16", "bf16", "int8", "q4") is how weights are held.
    void loadModel(const QString& path, const QString& tokenizerSpec = {}, const QString& weightFormat = {},
                   const ModelAdapter& adapter = {});
    // Where the next loads run: "auto", "cpu", "vulkan" or "vulkan:N" (rwkv LoadOptions::backend).
    // RWKV_BACKEND in the environment, when set, wins over this.
    void setComputeDevice(const QString& device) { computeDevice_ = device; }
    QString computeDevice() const { return computeDevice_; }

    // Cancels a load in progress (answered by loadFailed with a "cancelled" sentence).
    void cancelLoad();
    void unloadModel();

    bool isLoading() const { return loading_; }
    bool hasModel() const { return model_.isValid(); }
    // The loaded model; invalid when none.
    const ModelSummary& model() const { return model_; }

    // Queues a job and returns its id; replyDelta and jobProgress follow, then jobFinished once.
    quint64 submit(const GenerationRequest& request);
    // Queues several jobs in one step, so they start together and take turns token by token from
    // their first step (side-by-side answers); returns their ids in order.
    QList<quint64> submitTogether(const QList<GenerationRequest>& requests);
    // Queues a request for request.choices replies (1 to kMaxChoices) written at once: the prompt
    // is read once and the replies decode together in one batched pass per token (Compare).
    // Returns one job id per choice, in order; each streams and finishes like a job of its own.
    QList<quint64> submitChoices(const GenerationRequest& request);
    static constexpr int kMaxChoices = 8;
    // Queues a job that reads texts without generating (embeddings, likelihood scores) and
    // returns its id; jobProgress (texts done of total) follows, then analysisFinished once. It
    // shares the model and takes turns with generation jobs, one text per turn.
    quint64 submitAnalysis(const AnalysisRequest& request);
    // Asks a job to stop; it finishes within one token with Finish::Stopped, keeping its text.
    void stop(quint64 jobId);
    bool isRunning(quint64 jobId) const { return running_.contains(jobId); }

    // The loaded engine model itself, for app services that run their own generation loop on it
    // (music); null when none. Not for the ui, which never touches the engine.
    std::shared_ptr<const rwkv::Model> engineModel() const;
    // Its tokenizer (null when none), for the same services (the API server).
    std::shared_ptr<const rwkv::Tokenizer> engineTokenizer() const;

    // Tokens evaluated by the loaded model since it was loaded (tests prove "no re-prefill").
    quint64 tokensEvaluated() const;

signals:
    void loadStarted(const QString& path);
    void loadProgress(double fraction);
    void modelLoaded(const ModelSummary& summary);
    void loadFailed(const QString& sentence);
    void modelUnloaded();
    void jobProgress(quint64 jobId, qint64 done, qint64 total);
    void replyDelta(quint64 jobId, const QString& text, int generatedTokens, double tokensPerSecond);
    void jobFinished(const GenerationResult& result);
    void analysisFinished(const AnalysisResult& result);

private:
    QThread thread_;
    InferenceWorker* worker_ = nullptr; // lives on thread_
    ModelSummary model_;
    bool loading_ = false;
    int pendingLoads_ = 0; // loads requested and not yet answered
    std::shared_ptr<std::atomic<bool>> loadCancel_;
    QHash<quint64, std::shared_ptr<std::atomic<bool>>> running_;
    quint64 nextJobId_ = 1;
    QString computeDevice_ = QStringLiteral("auto");
};
