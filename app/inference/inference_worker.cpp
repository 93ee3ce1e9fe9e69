#include "app/inference/inference_worker.h"

#include "app/inference/engine_bridge.h"
#include "app/inference/text_analysis.h"

#include "core/error.h"
#include "model/model.h"
#include "sampling/sampler.h"
#include "tokenizer/tokenizer.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QThread>

#include <optional>

namespace {

// Prefill runs in chunks so other conversations keep streaming during a long history and a stop
// lands between chunks. The chunking is the same whatever else runs, so results stay identical.
constexpr size_t kPrefillChunk = 256;

rwkv::SamplerSettings samplerSettings(const SamplingParams& p, quint64 seed)
{
    rwkv::SamplerSettings s;
    s.temperature = float(p.temperature);
    s.topP = float(p.topP);
    s.topK = p.topK;
    s.presencePenalty = float(p.presencePenalty);
    s.frequencyPenalty = float(p.frequencyPenalty);
    s.penaltyDecay = float(p.penaltyDecay);
    s.seed = seed;
    if (p.keepWriting)
        s.bannedTokens.insert(0); // end of document
    return s;
}

QByteArray toBytes(const std::vector<uint8_t>& blob)
{
    return QByteArray(reinterpret_cast<const char*>(blob.data()), qsizetype(blob.size()));
}

std::span<const uint8_t> asSpan(const QByteArray& bytes)
{
    return {reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size())};
}

// Length of the longest tail of `text` that could still grow into one of `stops`; that much is
// held back from the stream so the user never sees half a stop string.
qsizetype heldBackLength(const QString& text, const QStringList& stops)
{
    qsizetype held = 0;
    for (const QString& stop : stops)
        for (qsizetype n = std::min(text.size(), stop.size() - 1); n > held; --n)
            if (text.endsWith(QStringView(stop).left(n))) {
                held = n;
                break;
            }
    return held;
}

} // namespace

struct InferenceWorker::Job {
    enum class Phase { Start, Segments, Generate };

    quint64 id = 0;
    GenerationRequest request;
    Flag stop;
    Phase phase = Phase::Start;
    GenerationResult result;

    rwkv::State state;
    rwkv::State beforeReply;
    std::vector<std::vector<int32_t>> segmentTokens;
    size_t segment = 0;
    size_t position = 0;
    qint64 prefillTotal = 0;
    qint64 prefillDone = 0;

    std::vector<float> logits;
    bool haveLogits = false;
    // The token already chosen after the last one fed: decoding feeds a token and samples the
    // next in one call, so a model on a GPU sends back only that id, never the logits.
    std::optional<int32_t> next;
    std::vector<int32_t> replyTokens; // reply prefix and generated tokens, as fed
    std::optional<rwkv::Sampler> sampler;
    rwkv::Utf8StreamDecoder decoder;
    QString text;          // everything generated so far, decoded
    qsizetype streamed = 0; // how much of `text` has been sent as deltas
    qsizetype armedFrom = -1;
    QElapsedTimer clock;

    // A request with several choices: the first job reads the prompt, then becomes choice 0 and
    // copies itself for the others, which decode beside it (same group) with their own seeds.
    QList<quint64> choiceIds;
    QList<Flag> choiceStops;
    quint64 group = 0;
};

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent) {}

InferenceWorker::~InferenceWorker() = default;

quint64 InferenceWorker::tokensEvaluated() const
{
    QMutexLocker lock(&modelMutex_);
    return model_ ? model_->tokensEvaluated() : 0;
}

void InferenceWorker::loadModel(const QString& path, const QString& tokenizerSpec, const QString& weightFormat,
                                const QString& computeDevice, Flag cancel, const ModelAdapter& adapter)
{
    const QString name = QFileInfo(path).fileName();
    if (model_) {
        failAll(tr("The model was replaced while this was running."));
        QMutexLocker lock(&modelMutex_);
        model_.reset();
        tokenizer_.reset();
    }
    try {
        rwkv::LoadOptions options;
        if (!weightFormat.isEmpty()) {
            options.weights = rwkv::parseWeightFormat(weightFormat.toStdString());
            // A desktop app reloads the same model often: keep converted weights for next time.
            options.useWeightCache = true;
        }
        // "auto" uses a discrete or integrated GPU when there is one (Vulkan), never a CPU-only
        // Vulkan driver; anything that stops a GPU load falls back to the CPU with the reason
        // in the summary.
        options.loraPath = adapter.loraPath.toStdString();
        options.loraAlpha = float(adapter.loraAlpha);
        options.stateTunePath = adapter.statePath.toStdString();
        options.backend = (computeDevice.isEmpty() ? QStringLiteral("auto") : computeDevice).toStdString();
        int lastPercent = -1;
        options.progress = [&](float fraction) {
            const int percent = int(fraction * 100);
            if (percent != lastPercent) {
                lastPercent = percent;
                emit loadProgress(fraction);
            }
            return !cancel->load();
        };
        auto model = rwkv::Model::load(path.toStdString(), options);
        if (cancel->load())
            throw rwkv::Error(rwkv::ErrorCode::Cancelled, "cancelled");

        const int vocab = model->info().vocab;
        QString spec = tokenizerSpec.isEmpty() ? engine_bridge::defaultTokenizerFor(vocab) : tokenizerSpec;
        if (spec.isEmpty())
            throw rwkv::Error(rwkv::ErrorCode::Unsupported,
                              tr("%1 has a vocabulary of %2 tokens, which matches no built-in tokenizer; "
                                 "choose its tokenizer file (tokenizer.json or rwkv_vocab*.txt) in Models")
                                  .arg(name).arg(vocab).toStdString());
        std::shared_ptr<const rwkv::Tokenizer> tokenizer = rwkv::loadTokenizer(spec.toStdString());
        if (tokenizer->vocabSize() > vocab)
            throw rwkv::Error(rwkv::ErrorCode::Mismatch,
                              tr("the %1 tokenizer has %2 tokens but %3 only knows %4")
                                  .arg(spec).arg(tokenizer->vocabSize()).arg(name).arg(vocab).toStdString());

        ModelSummary summary = engine_bridge::summaryFromInfo(model->info());
        summary.tokenizer = spec;
        summary.adapter = QFileInfo(adapter.loraPath.isEmpty() ? adapter.statePath : adapter.loraPath).fileName();
        estimateMemory(summary, weightFormat);
        {
            QMutexLocker lock(&modelMutex_);
            model_ = std::move(model);
            tokenizer_ = std::move(tokenizer);
        }
        emit modelLoaded(summary);
    } catch (...) {
        emit loadFailed(engine_bridge::describeFailure(std::current_exception(), tr("Loading %1").arg(name)));
    }
}

std::shared_ptr<const rwkv::Model> InferenceWorker::currentModel() const
{
    QMutexLocker lock(&modelMutex_);
    return model_;
}

std::shared_ptr<const rwkv::Tokenizer> InferenceWorker::currentTokenizer() const
{
    QMutexLocker lock(&modelMutex_);
    return tokenizer_;
}

void InferenceWorker::unloadModel()
{
    failAll(tr("The model was unloaded while this was running."));
    {
        QMutexLocker lock(&modelMutex_);
        model_.reset();
        tokenizer_.reset();
    }
    emit modelUnloaded();
}

void InferenceWorker::startJob(quint64 id, const GenerationRequest& request, Flag stop)
{
    startChoices({id}, request, {std::move(stop)});
}

void InferenceWorker::startChoices(const QList<quint64>& ids, const GenerationRequest& request,
                                   const QList<Flag>& stops)
{
    Q_ASSERT(!ids.isEmpty() && ids.size() == stops.size());
    auto job = std::make_unique<Job>();
    job->id = ids.first();
    job->request = request;
    job->stop = stops.first();
    job->result.jobId = job->id;
    job->choiceIds = ids;
    job->choiceStops = stops;
    if (ids.size() > 1)
        job->group = job->id;
    if (!model_) { // finish() ends every choice of a job that has not begun
        finish(*job, GenerationResult::Finish::Failed, tr("No model is loaded: add one in Models and press Load."));
        return;
    }
    job->result.modelFingerprint = model_->info().fingerprint;
    jobs_.push_back(std::move(job));
    schedulePump();
}

void InferenceWorker::startAnalysis(quint64 id, const AnalysisRequest& request, Flag stop)
{
    Analysis analysis{request, std::move(stop), {}, 0};
    analysis.result.jobId = id;
    if (!model_) {
        analysis.result.error = tr("No model is loaded: add one in Models and press Load.");
        emit analysisFinished(analysis.result);
        return;
    }
    analysis.result.modelFingerprint = model_->info().fingerprint;
    analyses_.push_back(std::move(analysis));
    schedulePump();
}

bool InferenceWorker::advanceAnalysis(Analysis& a)
{
    const qsizetype total = a.request.texts.size();
    if (a.stop->load()) {
        a.result.stopped = true;
    } else if (a.next < total) {
        try {
            analyseText(*model_, *tokenizer_, a.request, a.next, a.result);
            ++a.next;
            emit jobProgress(a.result.jobId, a.next, total);
        } catch (...) {
            a.result.error = engine_bridge::describeFailure(std::current_exception(), tr("Reading the documents"));
        }
    }
    if (a.result.ok() && a.next < total)
        return true;
    emit analysisFinished(a.result);
    return false;
}

void InferenceWorker::schedulePump()
{
    if (pumpScheduled_ || (jobs_.empty() && analyses_.empty()))
        return;
    pumpScheduled_ = true;
    // Queued, so stop flags, new jobs and unloads are seen between two tokens.
    QMetaObject::invokeMethod(this, &InferenceWorker::pump, Qt::QueuedConnection);
}

void InferenceWorker::pump()
{
    pumpScheduled_ = false;
    analysisTurn_ = !analysisTurn_;
    if (!analyses_.empty() && (analysisTurn_ || jobs_.empty())) {
        Analysis analysis = std::move(analyses_.front());
        analyses_.pop_front();
        if (advanceAnalysis(analysis))
            analyses_.push_back(std::move(analysis));
        schedulePump();
        return;
    }
    if (jobs_.empty())
        return;
    std::unique_ptr<Job> job = std::move(jobs_.front());
    jobs_.pop_front();
    if (job->phase == Job::Phase::Generate) {
        // The choices of one request take their step together: one batched pass for all.
        std::vector<std::unique_ptr<Job>> rows;
        rows.push_back(std::move(job));
        if (rows.front()->group != 0)
            for (auto it = jobs_.begin(); it != jobs_.end();) {
                if ((*it)->group == rows.front()->group && (*it)->phase == Job::Phase::Generate) {
                    rows.push_back(std::move(*it));
                    it = jobs_.erase(it);
                } else {
                    ++it;
                }
            }
        for (auto& row : generateStep(rows))
            jobs_.push_back(std::move(row));
        schedulePump();
        return;
    }
    bool more = false;
    try {
        more = advance(*job);
    } catch (...) {
        finish(*job, GenerationResult::Finish::Failed,
               engine_bridge::describeFailure(std::current_exception(), tr("Generating")));
    }
    if (more)
        jobs_.push_back(std::move(job)); // round-robin: the next job gets the next step
    schedulePump();
}

bool InferenceWorker::advance(Job& job)
{
    switch (job.phase) {
    case Job::Phase::Start:
        job.state = job.request.startState.isEmpty()
            ? model_->newState()
            : rwkv::State::deserialize(asSpan(job.request.startState), model_->info());
        for (const QString& segment : job.request.segments) {
            job.segmentTokens.push_back(tokenizer_->encode(segment.toStdString()));
            job.prefillTotal += qint64(job.segmentTokens.back().size());
        }
        job.phase = Job::Phase::Segments;
        return true;
    case Job::Phase::Segments:
        if (job.stop->load()) {
            finish(job, GenerationResult::Finish::Stopped);
            return false;
        }
        if (feedSegments(job))
            return true;
        if (!job.request.generate) {
            finish(job, GenerationResult::Finish::EndOfText);
            return false;
        }
        beginReply(job);
        return job.phase == Job::Phase::Generate;
    case Job::Phase::Generate:
        break; // pump() steps replies through generateStep()
    }
    return false;
}

bool InferenceWorker::feedSegments(Job& job)
{
    while (job.segment < job.segmentTokens.size()) {
        const auto& tokens = job.segmentTokens[job.segment];
        if (job.position < tokens.size()) {
            const size_t n = std::min(kPrefillChunk, tokens.size() - job.position);
            job.logits.resize(size_t(model_->info().vocab));
            model_->forward(job.state, std::span(tokens).subspan(job.position, n), rwkv::LogitsMode::Last,
                            job.logits);
            job.haveLogits = true;
            job.position += n;
            job.prefillDone += qint64(n);
            job.result.promptTokens += int(n);
            emit jobProgress(job.id, job.prefillDone, job.prefillTotal);
            if (job.position < tokens.size())
                return true;
        }
        job.result.segmentStates.append(toBytes(job.state.serialize()));
        ++job.segment;
        job.position = 0;
        if (!tokens.empty())
            return true; // one chunk per step
    }
    return false;
}

void InferenceWorker::beginReply(Job& job)
{
    job.beforeReply = job.state;
    job.replyTokens = tokenizer_->encode(job.request.replyPrefix.toStdString());
    if (!job.replyTokens.empty()) {
        job.logits = model_->prefill(job.state, job.replyTokens);
        job.haveLogits = true;
        job.result.promptTokens += int(job.replyTokens.size());
    }
    if (!job.haveLogits) {
        finish(job, GenerationResult::Finish::Failed,
               tr("There is no text to continue from: the prompt is empty."));
        return;
    }
    const quint64 seed = job.request.sampling.seed != 0 ? job.request.sampling.seed
                                                         : QRandomGenerator::global()->generate64();
    job.result.seed = seed;
    job.sampler.emplace(samplerSettings(job.request.sampling, seed));
    job.armedFrom = job.request.stopArmedBy.isEmpty() ? 0 : -1;
    if (job.request.sampling.keepWriting)
        job.request.stopStrings.clear();
    job.clock.start();
    job.phase = Job::Phase::Generate;
    // The other choices start here from the same state and logits: the prompt was read once.
    for (qsizetype i = 1; i < job.choiceIds.size(); ++i) {
        auto row = std::make_unique<Job>(job);
        row->id = row->result.jobId = job.choiceIds[i];
        row->stop = job.choiceStops[i];
        row->result.choice = int(i);
        row->result.seed = seed + quint64(i);
        row->result.segmentStates.clear(); // the first choice reports the shared prompt's states
        row->sampler.emplace(samplerSettings(job.request.sampling, row->result.seed));
        row->choiceIds.clear();
        row->choiceStops.clear();
        jobs_.push_back(std::move(row));
    }
    job.choiceIds.clear(); // each choice now ends on its own
    job.choiceStops.clear();
}

std::optional<int32_t> InferenceWorker::takeToken(Job& job)
{
    if (job.stop->load()) {
        finish(job, GenerationResult::Finish::Stopped);
        return std::nullopt;
    }
    if (job.result.generatedTokens >= job.request.sampling.maxTokens) {
        finish(job, GenerationResult::Finish::MaxTokens);
        return std::nullopt;
    }
    const int32_t token = job.next ? *job.next : job.sampler->sample(job.logits);
    job.next.reset();
    if (token == 0) { // end of document (docs/RWKV.md "Tokenizers")
        finish(job, GenerationResult::Finish::EndOfText);
        return std::nullopt;
    }
    job.sampler->accept(token);
    return token;
}

std::vector<std::unique_ptr<InferenceWorker::Job>>
InferenceWorker::generateStep(std::vector<std::unique_ptr<Job>>& rows)
{
    std::vector<std::unique_ptr<Job>> live;
    std::vector<int32_t> tokens;
    try {
        for (auto& row : rows) {
            if (auto token = takeToken(*row)) {
                tokens.push_back(*token);
                live.push_back(std::move(row));
            }
            row.reset(); // finished (and reported) when it gave no token
        }
        if (live.empty())
            return {};
        // Feed the tokens at once so each state always includes every generated token, the stop
        // string's included: a reply's state then usually needs no re-feeding to settle. The same
        // call chooses each row's next token, so a model on a GPU sends back only the ids.
        std::vector<rwkv::State*> states;
        std::vector<rwkv::Sampler*> samplers;
        for (auto& row : live) {
            states.push_back(&row->state);
            samplers.push_back(&*row->sampler);
        }
        const bool invariant = live.front()->group != 0 || live.front()->request.batchInvariant;
        std::vector<int32_t> following(live.size(), -1);
        model_->forwardBatchSample(states, tokens, samplers, following,
                                   invariant ? rwkv::BatchRows::Invariant : rwkv::BatchRows::Fastest);
        std::vector<std::unique_ptr<Job>> more;
        for (size_t i = 0; i < live.size(); ++i) {
            live[i]->next = following[i];
            if (acceptToken(*live[i], tokens[i]))
                more.push_back(std::move(live[i]));
            live[i].reset();
        }
        return more;
    } catch (...) {
        const QString sentence = engine_bridge::describeFailure(std::current_exception(), tr("Generating"));
        for (auto& row : live)
            if (row)
                finish(*row, GenerationResult::Finish::Failed, sentence);
        for (auto& row : rows)
            if (row)
                finish(*row, GenerationResult::Finish::Failed, sentence);
        return {};
    }
}

bool InferenceWorker::acceptToken(Job& job, int32_t token)
{
    auto& r = job.result;
    job.replyTokens.push_back(token);
    ++r.generatedTokens;

    const qsizetype before = job.text.size();
    job.text += QString::fromStdString(job.decoder.push(tokenizer_->tokenBytes(token)));
    if (job.armedFrom < 0) {
        const qsizetype at = job.text.indexOf(job.request.stopArmedBy);
        if (at >= 0)
            job.armedFrom = at + job.request.stopArmedBy.size();
    }
    if (job.armedFrom >= 0) {
        qsizetype longest = 0;
        for (const QString& s : job.request.stopStrings)
            longest = std::max(longest, s.size());
        const qsizetype from = std::max(job.armedFrom, before - longest);
        qsizetype cut = -1;
        for (const QString& s : job.request.stopStrings) {
            const qsizetype at = job.text.indexOf(s, from);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
                r.stopString = s;
            }
        }
        if (cut >= 0) {
            job.text.truncate(cut);
            finish(job, GenerationResult::Finish::StopString);
            return false;
        }
    }
    const qsizetype safe = job.text.size() -
        (job.armedFrom >= 0 ? heldBackLength(job.text, job.request.stopStrings) : 0);
    if (safe > job.streamed) {
        const double seconds = std::max(1e-9, job.clock.nsecsElapsed() / 1e9);
        r.tokensPerSecond = r.generatedTokens / seconds;
        emit replyDelta(job.id, job.text.mid(job.streamed, safe - job.streamed), r.generatedTokens,
                        r.tokensPerSecond);
        job.streamed = safe;
    }
    return true;
}

void InferenceWorker::settleReply(Job& job)
{
    auto& r = job.result;
    if (r.finish != GenerationResult::Finish::StopString)
        job.text += QString::fromStdString(job.decoder.flush());
    r.reply = job.text;
    r.settledText = job.request.settle ? job.request.settle(r.reply)
                                       : job.request.replyPrefix + r.reply + r.stopString;
    const std::vector<int32_t> settled = tokenizer_->encode(r.settledText.toStdString());
    const auto& fed = job.replyTokens;
    const bool extendsFed = settled.size() >= fed.size() && std::equal(fed.begin(), fed.end(), settled.begin());
    if (extendsFed) {
        // Usual case: only the missing tail (the stop string after token 0 or a stop) is fed.
        const auto tail = std::span(settled).subspan(fed.size());
        if (!tail.empty())
            model_->forward(job.state, tail, rwkv::LogitsMode::None, {});
        r.settleTokens = int(tail.size());
    } else {
        // The sampled tokens spell the text differently from how a re-prefill would; re-feed the
        // reply's segment from the state before it so continuing equals re-prefilling.
        job.state = job.beforeReply;
        model_->forward(job.state, settled, rwkv::LogitsMode::None, {});
        r.settleTokens = int(settled.size());
    }
    r.replyState = toBytes(job.state.serialize());
}

void InferenceWorker::finish(Job& job, GenerationResult::Finish how, const QString& error)
{
    job.result.finish = how;
    job.result.error = error;
    if (how != GenerationResult::Finish::Failed && job.phase == Job::Phase::Generate) {
        try {
            settleReply(job);
        } catch (...) {
            job.result.finish = GenerationResult::Finish::Failed;
            job.result.error = engine_bridge::describeFailure(std::current_exception(), tr("Saving the reply"));
        }
    }
    if (job.phase == Job::Phase::Generate && job.result.generatedTokens > 0)
        job.result.tokensPerSecond = job.result.generatedTokens / std::max(1e-9, job.clock.nsecsElapsed() / 1e9);
    if (!job.text.isEmpty() && job.streamed < job.result.reply.size())
        emit replyDelta(job.id, job.result.reply.mid(job.streamed), job.result.generatedTokens,
                        job.result.tokensPerSecond);
    emit jobFinished(job.result);
    // Ended before the reply began (failed, stopped or nothing to generate): the other choices
    // never started, and end the same way.
    if (job.phase != Job::Phase::Generate)
        for (qsizetype i = 1; i < job.choiceIds.size(); ++i) {
            GenerationResult other = job.result;
            other.jobId = job.choiceIds[i];
            other.choice = int(i);
            other.segmentStates.clear();
            emit jobFinished(other);
        }
}

void InferenceWorker::failAll(const QString& sentence)
{
    auto analyses = std::move(analyses_);
    analyses_.clear();
    for (Analysis& a : analyses) {
        a.result.error = sentence;
        emit analysisFinished(a.result);
    }
    auto jobs = std::move(jobs_);
    jobs_.clear();
    for (auto& job : jobs) {
        job->phase = Job::Phase::Start; // nothing to settle against a model that is going away
        finish(*job, GenerationResult::Finish::Failed, sentence);
    }
}
