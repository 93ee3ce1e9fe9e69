#include "app/server/completion_scheduler.h"

#include "core/error.h"
#include "model/embedding.h"
#include "model/model.h"
#include "sampling/stop_matcher.h"
#include "tokenizer/tokenizer.h"

#include <QMetaObject>

#include <algorithm>

namespace {
constexpr int32_t kEndOfText = 0; // token 0 ends a document in every RWKV vocabulary
}

struct CompletionScheduler::Sequence {
    Sequence(rwkv::State s, const rwkv::SamplerSettings& settings, const std::vector<std::string>& stopStrings)
        : state(std::move(s)), sampler(settings), stops(stopStrings)
    {
    }
    rwkv::State state;
    rwkv::Sampler sampler;
    rwkv::Utf8StreamDecoder decoder;
    rwkv::StopMatcher stops;
    bool armed = true;    // stop strings count (see CompletionRequest::stopArmedBy)
    std::string beforeArmed; // text generated while not armed, to find the arming text
    int32_t next = -1;    // the token chosen by the last step, not yet processed
    std::vector<int32_t> fed; // generated tokens the state has read
    int generated = 0;
    QString finishAfterFeed; // the reason, when this step's token ends the sequence
    bool done = false;
    int index = 0; // the choice's index in the response
};

struct CompletionScheduler::Job {
    quint64 id = 0;
    CompletionRequest request;
    enum class Phase { Reading, Decoding } phase = Phase::Reading;
    rwkv::State state;   // while reading the prompt
    size_t position = 0; // prompt tokens read
    std::vector<std::unique_ptr<Sequence>> sequences;
    CompletionUsage usage;
    bool finished = false;

    bool cancelled() const { return request.cancel && request.cancel->load(); }
};

CompletionScheduler::CompletionScheduler(const Limits& limits, QObject* parent)
    : QObject(parent), limits_(limits), cache_(limits.cacheBytes)
{
    qRegisterMetaType<CompletionUsage>();
    qRegisterMetaType<QList<QVector<float>>>();
}

CompletionScheduler::~CompletionScheduler() = default;

void CompletionScheduler::setModel(std::shared_ptr<const rwkv::Model> model,
                                   std::shared_ptr<const rwkv::Tokenizer> tokenizer)
{
    if (model_ != model)
        failAll(QStringLiteral("The model was changed while this request ran; send it again."));
    model_ = std::move(model);
    tokenizer_ = std::move(tokenizer);
    cache_.clear();
}

void CompletionScheduler::submit(quint64 id, const CompletionRequest& request)
{
    auto job = std::make_unique<Job>();
    job->id = id;
    job->request = request;
    job->request.choices = std::max(1, request.choices);
    job->usage.promptTokens = int(request.prompt.size());
    waiting_.push_back(std::move(job));
    schedulePump();
}

void CompletionScheduler::submitEmbeddings(quint64 id, const QList<std::vector<int32_t>>& texts,
                                           std::shared_ptr<std::atomic<bool>> cancel)
{
    embeddings_.push_back(EmbeddingJob{id, texts, std::move(cancel)});
    schedulePump();
}

void CompletionScheduler::schedulePump()
{
    if (pumpScheduled_)
        return;
    pumpScheduled_ = true;
    QMetaObject::invokeMethod(this, &CompletionScheduler::pump, Qt::QueuedConnection);
}

void CompletionScheduler::pump()
{
    pumpScheduled_ = false;
    if (!model_ || !tokenizer_) {
        failAll(QStringLiteral("No model is loaded. Load one in RWKV Studio (or start rwkv-cli serve with a model)."));
        return;
    }
    try {
        admit();
        if (!embeddings_.empty()) {
            EmbeddingJob job = std::move(embeddings_.front());
            embeddings_.pop_front();
            runEmbeddings(job);
        }
        prefillOne();
        decodeStep();
    } catch (const std::exception& e) {
        // A failed forward call leaves every state it touched unspecified.
        failAll(QStringLiteral("The model failed: %1").arg(QString::fromStdString(e.what())));
    }
    retireFinishedJobs();
    running_ = activeSequences();
    if (!waiting_.empty() || !jobs_.empty() || !embeddings_.empty())
        schedulePump();
}

int CompletionScheduler::activeSequences() const
{
    int n = 0;
    for (const auto& job : jobs_)
        if (!job->finished)
            n += job->request.choices;
    return n;
}

void CompletionScheduler::admit()
{
    while (!waiting_.empty()) {
        Job& next = *waiting_.front();
        const int active = activeSequences();
        if (active > 0 && active + next.request.choices > limits_.parallel)
            return;
        std::unique_ptr<Job> job = std::move(waiting_.front());
        waiting_.pop_front();
        if (auto hit = cache_.longestPrefix(job->request.prompt)) {
            job->state = std::move(hit->state);
            job->position = hit->length;
            job->usage.cachedTokens = int(hit->length);
        } else {
            job->state = model_->newState();
        }
        jobs_.push_back(std::move(job));
    }
}

bool CompletionScheduler::prefillOne()
{
    for (auto& job : jobs_) {
        if (job->finished || job->phase != Job::Phase::Reading)
            continue;
        if (job->cancelled()) {
            job->finished = true;
            for (int c = 0; c < job->request.choices; ++c)
                emit choiceFinished(job->id, c, QStringLiteral("cancelled"));
            emit requestFinished(job->id, job->usage);
            return true;
        }
        const auto& prompt = job->request.prompt;
        const size_t n = std::min(prompt.size() - job->position, size_t(limits_.prefillChunk));
        const bool last = job->position + n == prompt.size();
        std::vector<float> logits(last ? size_t(model_->info().vocab) : 0);
        model_->forward(job->state, std::span(prompt).subspan(job->position, n),
                        last ? rwkv::LogitsMode::Last : rwkv::LogitsMode::None, logits);
        job->position += n;
        if (last) {
            // A later request that extends this prompt (a longer text, the next turn) starts here.
            if (job->position > size_t(job->usage.cachedTokens))
                cache_.put(prompt, job->state);
            startDecoding(*job, std::move(logits));
        }
        return true;
    }
    return false;
}

void CompletionScheduler::startDecoding(Job& job, std::vector<float> logits)
{
    job.phase = Job::Phase::Decoding;
    const CompletionRequest& r = job.request;
    for (int c = 0; c < r.choices; ++c) {
        rwkv::SamplerSettings settings = r.sampling;
        settings.seed += uint64_t(c);
        auto seq = std::make_unique<Sequence>(c + 1 == r.choices ? std::move(job.state) : job.state, settings,
                                              r.stopStrings);
        seq->armed = r.stopArmedBy.empty();
        seq->index = c;
        std::vector<float> row = logits;
        seq->next = seq->sampler.sample(row);
        job.sequences.push_back(std::move(seq));
    }
}

void CompletionScheduler::decodeStep()
{
    std::vector<rwkv::State*> states;
    std::vector<rwkv::Sampler*> samplers;
    std::vector<int32_t> tokens;
    std::vector<Sequence*> fed;
    for (auto& jobPtr : jobs_) {
        Job& job = *jobPtr;
        if (job.finished || job.phase != Job::Phase::Decoding)
            continue;
        const bool cancelled = job.cancelled();
        for (size_t c = 0; c < job.sequences.size(); ++c) {
            Sequence& seq = *job.sequences[c];
            if (seq.done)
                continue;
            if (cancelled) {
                finishSequence(job, seq, QStringLiteral("cancelled"));
                continue;
            }
            const int32_t token = seq.next;
            if (token < 0 || token == kEndOfText) {
                finishSequence(job, seq, QStringLiteral("stop"));
                continue;
            }
            seq.sampler.accept(token);
            ++seq.generated;
            ++job.usage.completionTokens;
            ++generated_;
            std::string text = seq.decoder.push(tokenizer_->tokenBytes(token));
            std::string shown;
            if (!seq.armed) {
                // Text before the arming string passes straight through; after it, the matcher.
                seq.beforeArmed += text;
                const size_t at = seq.beforeArmed.find(job.request.stopArmedBy);
                if (at == std::string::npos) {
                    shown = text;
                    text.clear();
                } else {
                    const size_t armEnd = at + job.request.stopArmedBy.size();
                    const size_t restLength = seq.beforeArmed.size() - armEnd;
                    shown = text.substr(0, text.size() - std::min(text.size(), restLength));
                    text = seq.beforeArmed.substr(armEnd);
                    seq.armed = true;
                }
            }
            bool stopped = false;
            if (seq.armed && !text.empty()) {
                rwkv::StopMatcher::Result piece = seq.stops.push(text);
                shown += piece.text;
                stopped = piece.stopped;
            }
            if (!shown.empty())
                emit delta(job.id, seq.index, QString::fromStdString(shown));
            if (stopped)
                seq.finishAfterFeed = QStringLiteral("stop"); // its tokens are read, as the Chat pane does
            else if (seq.generated >= job.request.maxTokens) {
                finishSequence(job, seq, QStringLiteral("length"));
                continue;
            }
            states.push_back(&seq.state);
            samplers.push_back(&seq.sampler);
            tokens.push_back(token);
            fed.push_back(&seq);
        }
    }
    if (states.empty())
        return;
    std::vector<int32_t> next(states.size());
    // Invariant rows: a request's text must not depend on how many others decode beside it.
    model_->forwardBatchSample(states, tokens, samplers, next, rwkv::BatchRows::Invariant);
    for (size_t i = 0; i < fed.size(); ++i) {
        fed[i]->fed.push_back(tokens[i]);
        fed[i]->next = next[i];
    }
    // Sequences that ended on a stop string have read its tokens; now they finish.
    for (auto& job : jobs_)
        for (auto& seq : job->sequences)
            if (!seq->done && !seq->finishAfterFeed.isEmpty())
                finishSequence(*job, *seq, seq->finishAfterFeed);
}

void CompletionScheduler::finishSequence(Job& job, Sequence& seq, const QString& reason)
{
    seq.done = true;
    if (reason != QLatin1String("cancelled")) {
        std::string tail = seq.decoder.flush();
        if (!seq.stops.stopped()) {
            if (seq.armed) {
                rwkv::StopMatcher::Result piece = seq.stops.push(tail);
                tail = piece.text + (piece.stopped ? std::string() : seq.stops.flush());
            }
            if (!tail.empty())
                emit delta(job.id, seq.index, QString::fromStdString(tail));
        }
        // The state after the prompt and the tokens read since: the next turn of this
        // conversation extends exactly these tokens.
        if (!seq.fed.empty()) {
            std::vector<int32_t> key = job.request.prompt;
            key.insert(key.end(), seq.fed.begin(), seq.fed.end());
            cache_.put(std::move(key), seq.state);
        }
    }
    emit choiceFinished(job.id, seq.index, reason);
    if (std::all_of(job.sequences.begin(), job.sequences.end(), [](const auto& s) { return s->done; })) {
        job.finished = true;
        emit requestFinished(job.id, job.usage);
    }
}

void CompletionScheduler::retireFinishedJobs()
{
    std::erase_if(jobs_, [](const auto& job) { return job->finished; });
}

void CompletionScheduler::runEmbeddings(EmbeddingJob& job)
{
    QList<QVector<float>> vectors;
    int tokens = 0;
    for (const auto& text : job.texts) {
        if (job.cancel && job.cancel->load())
            return; // the client has gone; nobody waits for an answer
        const std::vector<float> v = rwkv::embed(*model_, text);
        vectors.push_back(QVector<float>(v.begin(), v.end()));
        tokens += int(text.size());
    }
    emit embeddingsReady(job.id, vectors, tokens);
}

void CompletionScheduler::failAll(const QString& sentence)
{
    for (auto& job : jobs_)
        if (!job->finished)
            emit requestFailed(job->id, sentence);
    for (auto& job : waiting_)
        emit requestFailed(job->id, sentence);
    for (auto& job : embeddings_)
        emit requestFailed(job.id, sentence);
    jobs_.clear();
    waiting_.clear();
    embeddings_.clear();
    running_ = 0;
}
