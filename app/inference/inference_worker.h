// InferenceWorker owns the engine on its own thread: the loaded Model, its Tokenizer and the jobs
// in flight. It runs jobs round-robin, one token (or one prefill chunk) at a time, so several
// conversations share one model and stream together, each with its own State and Sampler: the
// text a job produces depends only on its request, never on what else runs. Every slot must be
// called on the worker's thread (InferenceService does that by queued calls); results leave by
// queued signals. Stop and cancel flags are atomics shared with the service so a stop lands
// within one token.
#pragma once

#include "app/inference/analysis_request.h"
#include "app/inference/generation_request.h"
#include "app/inference/model_adapter.h"
#include "app/inference/model_summary.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace rwkv {
class Model;
class Tokenizer;
} // namespace rwkv

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    using Flag = std::shared_ptr<std::atomic<bool>>;

    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // Loads `path` with `tokenizerSpec` (empty: chosen by vocabulary size), replacing the current
    // model; jobs in flight fail with a sentence. Emits loadProgress, then modelLoaded or loadFailed.
    // A non-empty adapter (a fine-tuned LoRA or state) is applied to the loaded model.
    void loadModel(const QString& path, const QString& tokenizerSpec, const QString& weightFormat,
                   const QString& computeDevice, Flag cancel, const ModelAdapter& adapter = {});
    // The loaded engine model (null when none); callable from any thread.
    std::shared_ptr<const rwkv::Model> currentModel() const;
    // Its tokenizer (null when none); callable from any thread.
    std::shared_ptr<const rwkv::Tokenizer> currentTokenizer() const;
    void unloadModel();
    // Queues a job; emits replyDelta while generating and jobFinished exactly once.
    void startJob(quint64 id, const GenerationRequest& request, Flag stop);
    // Queues a request with ids.size() choices (request.choices is ignored): the prompt is read
    // once, then the replies decode together; ids[i] and stops[i] are choice i's.
    void startChoices(const QList<quint64>& ids, const GenerationRequest& request, const QList<Flag>& stops);

    // Queues an embedding or scoring job; emits jobProgress per text and analysisFinished once.
    void startAnalysis(quint64 id, const AnalysisRequest& request, Flag stop);

    // Thread-safe: tokens the current model has evaluated since load (0 without a model).
    quint64 tokensEvaluated() const;

signals:
    void loadProgress(double fraction);
    void modelLoaded(const ModelSummary& summary);
    void loadFailed(const QString& sentence);
    void modelUnloaded();
    void jobProgress(quint64 jobId, qint64 done, qint64 total);
    void replyDelta(quint64 jobId, const QString& text, int generatedTokens, double tokensPerSecond);
    void jobFinished(const GenerationResult& result);
    void analysisFinished(const AnalysisResult& result);

private:
    struct Job;
    struct Analysis {
        AnalysisRequest request;
        Flag stop;
        AnalysisResult result;
        qsizetype next = 0;
    };

    void schedulePump();
    void pump();
    // One unit of work; returns false when the job is finished.
    bool advance(Job& job);
    bool feedSegments(Job& job);
    void beginReply(Job& job);
    // The next token of a reply about to be fed, or none when the reply is finished (and reported).
    std::optional<int32_t> takeToken(Job& job);
    // Feeds one token to each reply in `rows` in one batched pass; returns those not finished.
    std::vector<std::unique_ptr<Job>> generateStep(std::vector<std::unique_ptr<Job>>& rows);
    // Decodes and streams a fed token; false when it ended the reply (and it was reported).
    bool acceptToken(Job& job, int32_t token);
    void settleReply(Job& job);
    void finish(Job& job, GenerationResult::Finish how, const QString& error = {});
    void failAll(const QString& sentence);
    // One text of the front analysis; false when it is finished (and reported).
    bool advanceAnalysis(Analysis& analysis);

    std::shared_ptr<const rwkv::Model> model_;
    std::shared_ptr<const rwkv::Tokenizer> tokenizer_;
    mutable QMutex modelMutex_; // guards model_ and tokenizer_ for readers on other threads
    std::deque<std::unique_ptr<Job>> jobs_;
    std::deque<Analysis> analyses_;
    bool analysisTurn_ = false; // generation and analysis jobs take turns
    bool pumpScheduled_ = false;
};
