#include "app/documents/document_service.h"

#include "app/chat/chat_prompt.h"
#include "app/documents/answer_prompt.h"
#include "app/documents/indexing_worker.h"
#include "app/documents/passage_retrieval.h"
#include "app/documents/pdf_reader.h"
#include "app/inference/inference_service.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {

constexpr int kEmbedBatch = 16; // passages per embedding job: small enough that a stop is quick

} // namespace

struct DocumentService::PendingSearch {
    quint64 id = 0;
    CollectionId collection = 0;
    QString question;
    SearchOptions options;
    enum class Phase { Lexical, Embed, Rerank, Done } phase = Phase::Lexical;
    QList<QList<PassageHit>> rankings;
    QList<PassageHit> fused;
    QList<StoredPassage> reranked; // candidates being scored, in fused order
    QList<DocumentCitation> hits;
    QElapsedTimer clock;
    SearchTimings timings;
    qint64 rerankStartNs = 0;
};

DocumentService::DocumentService(InferenceService& inference, const QString& databasePath, QObject* parent,
                                 const QString& pdfHelper, ChunkSettings chunks)
    : QObject(parent), inference_(inference), pdfHelper_(pdfHelper)
{
    qRegisterMetaType<DocumentFile>();
    qRegisterMetaType<PassageVectors>();
    qRegisterMetaType<DocumentCitation>();
    qRegisterMetaType<PageView>();
    qRegisterMetaType<CollectionId>("CollectionId");
    auto opened = DocumentIndex::open(databasePath);
    if (!opened.ok()) {
        openError_ = opened.errorString();
        return;
    }
    index_.emplace(std::move(opened).value());

    thread_.setObjectName(QStringLiteral("documents"));
    worker_ = new IndexingWorker(databasePath, pdfHelper, chunks);
    worker_->moveToThread(&thread_);
    connect(worker_, &IndexingWorker::progress, this, &DocumentService::indexingProgress);
    connect(worker_, &IndexingWorker::fileIndexed, this, [this](CollectionId id, const DocumentFile& file) {
        forgetVectors(id);
        emit fileIndexed(id, file);
        emit filesChanged(id);
        toEmbed_.insert(id);
        pumpEmbeddings(); // embedding runs beside reading the next files
    });
    connect(worker_, &IndexingWorker::finished, this, [this](CollectionId id, bool cancelled, const QString& error) {
        indexing_ = 0;
        if (!cancelled && !queuedRefreshes_.isEmpty())
            QMetaObject::invokeMethod(this, [this] {
                if (indexing_ == 0 && !queuedRefreshes_.isEmpty())
                    startIndexing(queuedRefreshes_.takeFirst());
            }, Qt::QueuedConnection);
        forgetVectors(id);
        emit filesChanged(id);
        if (cancelled || !error.isEmpty()) {
            emit indexingFinished(id, cancelled, error);
            return;
        }
        toEmbed_.insert(id);
        pumpEmbeddings();
        if (embeddingJob_ == 0)
            emit indexingFinished(id, false, {});
    });
    thread_.start();

    connect(&inference_, &InferenceService::analysisFinished, this, &DocumentService::onAnalysisFinished);
    // A conversation's state belongs to the model that made it.
    connect(&inference_, &InferenceService::modelLoaded, this, [this] {
        newConversation();
        if (prepared_ != 0)
            prepare(prepared_);
        pumpEmbeddings(); // what a replaced model left unembedded
    });
    connect(worker_, &IndexingWorker::vectorsLoaded, this,
            [this](CollectionId id, quint64 fingerprint, quint64 generation, const PassageVectors& vectors) {
                // Only when no vector of the collection changed since they were read.
                if (!vectorCache_.contains(id) && vectorGeneration_.value(id) == generation &&
                    inference_.hasModel() && inference_.model().fingerprint == fingerprint)
                    vectorCache_.insert(id, VectorCache{fingerprint, vectors});
            });
    connect(this, &DocumentService::indexingFinished, this, [this](CollectionId id, bool cancelled, const QString& error) {
        if (!cancelled && error.isEmpty() && id == prepared_)
            prepare(id);
    });
    connect(&inference_, &InferenceService::jobFinished, this, &DocumentService::onJobFinished);
    connect(&inference_, &InferenceService::replyDelta, this, [this](quint64 job, const QString& text) {
        if (job == answerJob_) {
            answerText_ += text;
            emit answerDelta(text);
        }
    });
    connect(&inference_, &InferenceService::jobProgress, this, [this](quint64 job, qint64 done, qint64 total) {
        if (job == wholeJob_ && wholeJob_ != 0)
            emit wholeReadProgress(wholeFile_, done, total);
    });
}

DocumentService::~DocumentService()
{
    if (indexingCancel_)
        indexingCancel_->store(true);
    if (worker_) {
        thread_.quit();
        thread_.wait();
        delete worker_;
    }
}

QList<Collection> DocumentService::collections() const
{
    if (!index_)
        return {};
    auto all = index_->collections();
    return all.ok() ? all.value() : QList<Collection>();
}

CollectionId DocumentService::collection(const QString& name)
{
    if (!index_)
        return 0;
    auto id = index_->collection(name);
    if (!id.ok())
        return 0;
    emit collectionsChanged();
    return id.value();
}

void DocumentService::addSources(CollectionId id, const QStringList& paths)
{
    if (!index_)
        return;
    for (const QString& path : paths)
        (void)index_->addSource(id, QFileInfo(path).absoluteFilePath());
    emit collectionsChanged();
    refresh(id);
}

void DocumentService::removeSource(CollectionId id, const QString& path)
{
    if (!index_)
        return;
    (void)index_->removeSource(id, path);
    emit collectionsChanged();
    refresh(id);
}

QList<DocumentFile> DocumentService::files(CollectionId id) const
{
    if (!index_)
        return {};
    auto all = index_->files(id);
    return all.ok() ? all.value() : QList<DocumentFile>();
}

std::optional<DocumentFile> DocumentService::file(DocumentFileId id) const
{
    if (!index_)
        return std::nullopt;
    auto f = index_->file(id);
    return f.ok() ? std::optional<DocumentFile>(f.value()) : std::nullopt;
}

void DocumentService::prepare(CollectionId id)
{
    prepared_ = id;
    if (!worker_ || !inference_.hasModel() || vectorCache_.contains(id))
        return;
    QMetaObject::invokeMethod(
        worker_,
        [w = worker_, id, fp = inference_.model().fingerprint, generation = vectorGeneration_.value(id)] {
            w->loadVectors(id, fp, generation);
        },
        Qt::QueuedConnection);
}

bool DocumentService::vectorsInMemory(CollectionId id) const
{
    const auto it = vectorCache_.constFind(id);
    return it != vectorCache_.cend() && inference_.hasModel() && it->fingerprint == inference_.model().fingerprint;
}

void DocumentService::forgetVectors(CollectionId id)
{
    vectorCache_.remove(id);
    ++vectorGeneration_[id];
}

void DocumentService::refresh(CollectionId id)
{
    if (!index_)
        return;
    if (indexing_ != 0) {
        // One collection at a time; another waits for its turn.
        if (indexing_ != id && !queuedRefreshes_.contains(id))
            queuedRefreshes_.append(id);
        return;
    }
    startIndexing(id);
}

void DocumentService::startIndexing(CollectionId id)
{
    embeddingCancelled_ = false;
    indexing_ = id;
    indexingCancel_ = std::make_shared<std::atomic<bool>>(false);
    QMetaObject::invokeMethod(worker_, [w = worker_, id, cancel = indexingCancel_] { w->refresh(id, cancel); },
                              Qt::QueuedConnection);
}

void DocumentService::cancelIndexing()
{
    if (indexingCancel_)
        indexingCancel_->store(true);
    embeddingCancelled_ = true;
    toEmbed_.clear();
    queuedRefreshes_.clear();
    if (embeddingJob_ != 0)
        inference_.stop(embeddingJob_);
}

QPair<int, int> DocumentService::embeddingCoverage(CollectionId id) const
{
    if (!index_)
        return {0, 0};
    const quint64 fp = inference_.hasModel() ? inference_.model().fingerprint : 0;
    auto total = index_->passageCount(id);
    auto done = index_->embeddedCount(id, fp);
    return {done.ok() ? done.value() : 0, total.ok() ? total.value() : 0};
}

void DocumentService::pumpEmbeddings()
{
    if (embeddingJob_ != 0 || embeddingCancelled_ || !inference_.hasModel())
        return;
    const quint64 fp = inference_.model().fingerprint;
    while (!toEmbed_.isEmpty()) {
        const CollectionId id = *toEmbed_.begin();
        auto batch = index_->passagesWithoutEmbedding(id, fp, kEmbedBatch);
        if (!batch.ok() || batch.value().isEmpty()) {
            toEmbed_.remove(id);
            if (id != indexing_ && indexing_ == 0)
                emit indexingFinished(id, false, batch.ok() ? QString() : batch.errorString());
            continue;
        }
        AnalysisRequest request;
        request.kind = AnalysisRequest::Kind::Embed;
        embeddingBatch_.clear();
        for (const StoredPassage& p : batch.value()) {
            request.texts.append(p.passage.text);
            embeddingBatch_.append(p.id);
        }
        embedding_ = id;
        embeddingJob_ = inference_.submitAnalysis(request);
        return;
    }
}

void DocumentService::onAnalysisFinished(const AnalysisResult& result)
{
    if (result.jobId == embeddingJob_) {
        embeddingJob_ = 0;
        const CollectionId id = embedding_;
        if (!result.ok()) {
            if (!result.stopped && (inference_.isLoading() || !inference_.hasModel() ||
                                    inference_.model().fingerprint != result.modelFingerprint)) {
                // The model is being replaced: the new one embeds the collection once it is loaded.
                toEmbed_.insert(id);
                return;
            }
            toEmbed_.clear();
            if (indexing_ == 0)
                emit indexingFinished(id, result.stopped, result.error);
            return;
        }
        QList<QPair<PassageId, QVector<float>>> vectors;
        for (qsizetype i = 0; i < result.vectors.size() && i < embeddingBatch_.size(); ++i)
            vectors.append({embeddingBatch_[i], result.vectors[i]});
        if (auto stored = index_->storeEmbeddings(result.modelFingerprint, vectors); !stored.ok()) {
            toEmbed_.clear();
            emit indexingFinished(id, false, stored.errorString());
            return;
        }
        // The cached vectors grow with the new ones instead of being read again.
        ++vectorGeneration_[id];
        if (auto cached = vectorCache_.find(id);
            cached != vectorCache_.end() && cached->fingerprint == result.modelFingerprint) {
            for (const auto& [passage, vector] : vectors) {
                if (cached->vectors.dimensions == 0)
                    cached->vectors.dimensions = int(vector.size());
                if (vector.size() != cached->vectors.dimensions)
                    continue;
                cached->vectors.ids.append(passage);
                cached->vectors.values.append(vector);
            }
        }
        const auto [done, total] = embeddingCoverage(id);
        emit embeddingProgress(id, done, total);
        pumpEmbeddings();
        if (embeddingJob_ == 0 && indexing_ == 0 && !embeddingCancelled_ && toEmbed_.isEmpty())
            emit indexingFinished(id, false, {});
        return;
    }
    const quint64 searchId = searchOfAnalysis_.take(result.jobId);
    auto search = searches_.value(searchId);
    if (!search)
        return;
    if (!result.ok()) {
        finishSearch(searchId, result.stopped ? tr("The search was stopped.") : result.error);
        return;
    }
    if (search->phase == PendingSearch::Phase::Embed && !result.vectors.isEmpty()) {
        const qint64 embedded = search->clock.nsecsElapsed();
        search->timings.questionEmbeddingMs =
            double(embedded) / 1e6 - search->timings.lexicalMs - search->timings.vectorLoadMs;
        search->rankings.append(cosineRanking(vectorsOf(search->collection), result.vectors.first(),
                                              search->options.candidates));
        search->timings.cosineMs = double(search->clock.nsecsElapsed() - embedded) / 1e6;
        search->phase = PendingSearch::Phase::Rerank;
    } else if (search->phase == PendingSearch::Phase::Rerank) {
        // The model's order of the candidates, fused by RRF with their order so far (the
        // model's likelihood alone is noisy on small models); the rest keep the fused order.
        QList<PassageHit> byModel;
        for (qsizetype i = 0; i < search->reranked.size() && i < result.scores.size(); ++i)
            byModel.append({search->reranked[i].id, result.scores[i]});
        std::stable_sort(byModel.begin(), byModel.end(),
                         [](const PassageHit& a, const PassageHit& b) { return a.score > b.score; });
        QList<PassageHit> reranked = search->options.rerankAlone
            ? byModel
            : reciprocalRankFusion({search->fused.mid(0, byModel.size()), byModel});
        reranked.append(search->fused.mid(byModel.size()));
        search->fused = reranked;
        search->phase = PendingSearch::Phase::Done;
    }
    advanceSearch(*search);
}

const PassageVectors& DocumentService::vectorsOf(CollectionId id)
{
    const quint64 fp = inference_.hasModel() ? inference_.model().fingerprint : 0;
    auto it = vectorCache_.find(id);
    if (it == vectorCache_.end() || it->fingerprint != fp) {
        auto loaded = index_->embeddings(id, fp);
        it = vectorCache_.insert(id, VectorCache{fp, loaded.ok() ? loaded.value() : PassageVectors()});
    }
    return it->vectors;
}

quint64 DocumentService::search(CollectionId id, const QString& question, const SearchOptions& options)
{
    const quint64 searchId = nextSearchId_++;
    auto search = std::make_shared<PendingSearch>();
    search->id = searchId;
    search->collection = id;
    search->question = question;
    search->options = options;
    search->clock.start();
    searches_.insert(searchId, search);
    // Answered later even when everything is at hand, so callers connect after calling.
    QMetaObject::invokeMethod(this, [this, searchId] {
        if (auto s = searches_.value(searchId))
            advanceSearch(*s);
    }, Qt::QueuedConnection);
    return searchId;
}

void DocumentService::advanceSearch(PendingSearch& s)
{
    if (!index_) {
        finishSearch(s.id, openError_);
        return;
    }
    const bool model = inference_.hasModel();
    if (s.phase == PendingSearch::Phase::Lexical) {
        auto words = index_->searchWords(s.collection, s.question, s.options.candidates);
        auto grams = index_->searchTrigrams(s.collection, s.question, s.options.candidates);
        if (!words.ok() || !grams.ok()) {
            finishSearch(s.id, words.ok() ? grams.errorString() : words.errorString());
            return;
        }
        s.rankings = {words.value(), grams.value()};
        s.timings.lexicalMs = double(s.clock.nsecsElapsed()) / 1e6;
        s.phase = PendingSearch::Phase::Embed;
        if (model && !vectorsInMemory(s.collection)) {
            // A model change re-embeds lazily: the passages it has not embedded yet are queued.
            // (Vectors in memory for this model are kept complete as passages are embedded, so
            // the two counts are not taken on every search.)
            const auto [done, total] = embeddingCoverage(s.collection);
            if (done < total) {
                toEmbed_.insert(s.collection);
                pumpEmbeddings();
            }
        }
        const qint64 beforeVectors = s.clock.nsecsElapsed();
        const bool haveVectors = model && s.options.embeddings && !vectorsOf(s.collection).isEmpty();
        s.timings.vectorLoadMs = double(s.clock.nsecsElapsed() - beforeVectors) / 1e6;
        if (haveVectors) {
            AnalysisRequest request;
            request.kind = AnalysisRequest::Kind::Embed;
            request.texts = {s.question};
            searchOfAnalysis_.insert(inference_.submitAnalysis(request), s.id);
            return;
        }
        s.phase = PendingSearch::Phase::Rerank;
    }
    if (s.phase == PendingSearch::Phase::Rerank) {
        s.fused = reciprocalRankFusion(s.rankings);
        s.timings.retrievalMs = double(s.clock.nsecsElapsed()) / 1e6;
        s.rerankStartNs = s.clock.nsecsElapsed();
        const int n = int(std::min<qsizetype>(s.options.rerank, s.fused.size()));
        if (model && n > 1) {
            QList<PassageId> ids;
            for (int i = 0; i < n; ++i)
                ids.append(s.fused[i].id);
            auto candidates = index_->passages(ids);
            if (candidates.ok() && candidates.value().size() == n) {
                s.reranked = candidates.value();
                s.timings.reranked = n;
                AnalysisRequest request;
                request.kind = AnalysisRequest::Kind::Score;
                for (const StoredPassage& p : s.reranked) {
                    request.texts.append(answer_prompt::rerankContext(p));
                    request.continuations.append(answer_prompt::rerankContinuation(s.question));
                }
                searchOfAnalysis_.insert(inference_.submitAnalysis(request), s.id);
                return;
            }
        }
        s.phase = PendingSearch::Phase::Done;
    }
    s.hits = citationsFor(s.fused.mid(0, s.options.top));
    if (s.timings.reranked > 0)
        s.timings.rerankMs = double(s.clock.nsecsElapsed() - s.rerankStartNs) / 1e6;
    s.timings.totalMs = double(s.clock.nsecsElapsed()) / 1e6;
    lastTimings_ = s.timings;
    finishSearch(s.id, {});
}

QList<DocumentCitation> DocumentService::citationsFor(const QList<PassageHit>& hits) const
{
    QList<PassageId> ids;
    for (const PassageHit& h : hits)
        ids.append(h.id);
    auto passages = index_->passages(ids);
    QList<DocumentCitation> out;
    if (!passages.ok())
        return out;
    for (const StoredPassage& p : passages.value()) {
        DocumentCitation c;
        c.passageId = p.id;
        c.fileId = p.fileId;
        c.path = p.path;
        c.page = p.passage.page();
        c.text = p.passage.text;
        c.passage = p.passage;
        for (const PassageHit& h : hits)
            if (h.id == p.id)
                c.score = h.score;
        out.append(c);
    }
    return out;
}

void DocumentService::finishSearch(quint64 id, const QString& error)
{
    auto search = searches_.take(id);
    const QList<DocumentCitation> hits = search ? search->hits : QList<DocumentCitation>();
    emit searchFinished(id, error.isEmpty() ? hits : QList<DocumentCitation>(), error);
    if (pendingAsk_ && pendingAsk_->searchId == id) {
        const QString question = pendingAsk_->question;
        pendingAsk_.reset();
        if (!error.isEmpty())
            emit answerFinished({}, error);
        else
            startAnswer(hits, question);
    }
}
