// CompletionScheduler decodes the API server's requests on the loaded model, on its own thread,
// with continuous batching: every step feeds the next token of every running sequence in one
// Model::forwardBatch call (one pass over the weights for all of them), and a request joins or
// leaves the batch at any step. A new request's prompt is read in chunks between steps, so it
// delays the others by one chunk at most. Prompts that extend a state left by an earlier request
// start from it (StateCache). A sequence's text depends only on its request (prompt, settings,
// seed), never on what decodes beside it: batched rows are computed independently.
//
// Every public slot is called on the scheduler's thread (ApiServer does so by queued calls);
// results leave by signals. A request's cancel flag, set from any thread, frees its slot within
// one token.
#pragma once

#include "app/server/state_cache.h"
#include "sampling/sampler.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace rwkv {
class Model;
class Tokenizer;
} // namespace rwkv

struct CompletionRequest {
    std::vector<int32_t> prompt;   // at least one token
    rwkv::SamplerSettings sampling; // choice i samples with seed sampling.seed + i
    int maxTokens = 256;
    int choices = 1;               // n: sequences decoded from the same prompt
    std::vector<std::string> stopStrings;
    // Stop strings count only after this text has been generated (think mode waits for
    // "</think>", as the Chat pane does).
    std::string stopArmedBy;
    std::shared_ptr<std::atomic<bool>> cancel; // may be null
};

struct CompletionUsage {
    int promptTokens = 0;
    int cachedTokens = 0;     // prompt tokens not read because a cached state held them
    int completionTokens = 0; // over all choices
};

class CompletionScheduler : public QObject {
    Q_OBJECT
public:
    struct Limits {
        int parallel = 8;             // sequences decoded together at most
        size_t cacheBytes = 512u << 20; // StateCache budget
        int prefillChunk = 128;       // prompt tokens read between two decoding steps
    };

    explicit CompletionScheduler(const Limits& limits, QObject* parent = nullptr);
    ~CompletionScheduler() override;

    // The model requests run on (null: none; requests then fail with a sentence). Clears the
    // state cache; requests in flight fail.
    void setModel(std::shared_ptr<const rwkv::Model> model, std::shared_ptr<const rwkv::Tokenizer> tokenizer);

    // Queues a request; delta… then choiceFinished for each choice, then requestFinished (or
    // requestFailed) once.
    void submit(quint64 id, const CompletionRequest& request);
    // Queues embeddings of `texts` (rwkv::embed, the Documents pane's vectors): embeddingsReady
    // or requestFailed once. They run between decoding steps.
    void submitEmbeddings(quint64 id, const QList<std::vector<int32_t>>& texts,
                          std::shared_ptr<std::atomic<bool>> cancel);

    // Thread-safe figures for the status line and the tests.
    int runningSequences() const { return running_.load(); }
    quint64 tokensGenerated() const { return generated_.load(); }

signals:
    void delta(quint64 id, int choice, const QString& text);
    // reason: "stop" (end of text or a stop string) or "length"; "cancelled" when cancelled.
    void choiceFinished(quint64 id, int choice, const QString& reason);
    void requestFinished(quint64 id, const CompletionUsage& usage);
    void embeddingsReady(quint64 id, const QList<QVector<float>>& vectors, int tokens);
    void requestFailed(quint64 id, const QString& sentence);

private:
    struct Sequence;
    struct Job;
    struct EmbeddingJob {
        quint64 id;
        QList<std::vector<int32_t>> texts;
        std::shared_ptr<std::atomic<bool>> cancel;
    };

    void schedulePump();
    void pump();
    void admit();
    // Reads one chunk of the first prompt still being read; false when none is.
    bool prefillOne();
    void startDecoding(Job& job, std::vector<float> logits);
    void decodeStep();
    void finishSequence(Job& job, Sequence& seq, const QString& reason);
    void retireFinishedJobs();
    void runEmbeddings(EmbeddingJob& job);
    void failAll(const QString& sentence);
    int activeSequences() const;

    Limits limits_;
    std::shared_ptr<const rwkv::Model> model_;
    std::shared_ptr<const rwkv::Tokenizer> tokenizer_;
    StateCache cache_;
    std::deque<std::unique_ptr<Job>> waiting_;
    std::deque<std::unique_ptr<Job>> jobs_; // admitted: reading their prompt or decoding
    std::deque<EmbeddingJob> embeddings_;
    bool pumpScheduled_ = false;
    std::atomic<int> running_{0};
    std::atomic<quint64> generated_{0};
};

Q_DECLARE_METATYPE(CompletionUsage)
