// DocumentService runs the Documents pane: collections of PDFs and text files indexed in the
// studio database, searched by words, trigrams and the loaded model's own embeddings (fused by
// RRF, then re-ranked by the same model), and questions answered with [n] citations by that same
// model. It owns the work and its state; the pane, the CLI (`rwkv-cli rag`) and the tests drive
// this class and only show what it reports.
//
// Long work runs elsewhere: reading files on an IndexingWorker thread (PDFs in a child process),
// embedding, scoring and answering as jobs of the InferenceService, sharing the model with chat.
// A follow-up question continues from the state after the previous answer, so passages already
// read are never read again; "Read it whole" keeps the state after a whole document in the
// database, so every later question about it starts at once, also after a restart.
#pragma once

#include "app/documents/document_citation.h"
#include "app/documents/passage_chunker.h"
#include "app/inference/analysis_request.h"
#include "app/inference/generation_request.h"
#include "app/store/document_index.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class InferenceService;
class IndexingWorker;

struct SearchOptions {
    int top = 5;          // passages returned (and given to the model when answering)
    int candidates = 40;  // taken from each ranking before fusion
    // Best fused candidates re-ranked by the model; 0: none. Off by default: on the models we
    // could measure it lowered recall@5 (see the Documents section of README.md).
    int rerank = 0;
    // Re-ranking orders the candidates by the model's score alone, instead of fusing that order
    // with the order so far (RRF); scores are then the model's mean log-probabilities.
    bool rerankAlone = false;
    bool embeddings = true;
};

// Where a search spent its time (milliseconds), for benchmarks and the CLI's --timing.
struct SearchTimings {
    double lexicalMs = 0;           // BM25 over words and trigrams
    // Checking which passages the loaded model has embedded, and reading their vectors from the
    // database when they are not in memory yet (the first search of a collection after a start
    // or a change).
    double vectorLoadMs = 0;
    double questionEmbeddingMs = 0; // the model reading the question
    double cosineMs = 0;            // the scan over the stored vectors
    double retrievalMs = 0;         // everything before re-ranking, fusion included
    int reranked = 0;
    double rerankMs = 0;
    double totalMs = 0;
};

class DocumentService : public QObject {
    Q_OBJECT
public:
    // `databasePath`: the studio database (schema v5 holds the index). `pdfHelper` empty: the
    // rwkv-pdf-helper beside the executable.
    DocumentService(InferenceService& inference, const QString& databasePath, QObject* parent = nullptr,
                    const QString& pdfHelper = {}, ChunkSettings chunks = {});
    ~DocumentService() override;

    // Empty when the database opened; otherwise why not (and every call does nothing).
    QString openError() const { return openError_; }

    // --- Collections ----------------------------------------------------------------------
    QList<Collection> collections() const;
    // The collection called `name`, created when missing; 0 when the database failed.
    CollectionId collection(const QString& name);
    // Adds files or folders and starts indexing the collection.
    void addSources(CollectionId id, const QStringList& paths);
    void removeSource(CollectionId id, const QString& path);
    QList<DocumentFile> files(CollectionId id) const;
    std::optional<DocumentFile> file(DocumentFileId id) const;

    // The collection the user is looking at: its vectors for the loaded model are read in the
    // background now (and after each model load), so the first search does not wait for them.
    void prepare(CollectionId id);
    // Whether the collection's vectors for the loaded model are in memory.
    bool vectorsInMemory(CollectionId id) const;

    // --- Indexing -------------------------------------------------------------------------
    // Re-reads what changed (in the background), then embeds new passages with the loaded model.
    void refresh(CollectionId id);
    void cancelIndexing();
    bool isIndexing() const { return indexing_ != 0 || embeddingJob_ != 0; }
    // Passages of the collection with a vector from the loaded model, and all passages.
    QPair<int, int> embeddingCoverage(CollectionId id) const;

    // --- Search and answers ---------------------------------------------------------------
    // Ranks the collection's passages for `question`; answered by searchFinished(id, ...).
    quint64 search(CollectionId id, const QString& question, const SearchOptions& options = {});
    // The stages of the last search that finished.
    SearchTimings lastSearchTimings() const { return lastTimings_; }
    // Answers from the best passages, streaming answerDelta; a follow-up in the same
    // collection continues the conversation from its state, adding only passages not yet read.
    void ask(CollectionId id, const QString& question, const SearchOptions& options = {});
    // Answers about one document from the state saved by readWhole() (fails when there is none).
    void askDocument(DocumentFileId id, const QString& question);
    void newConversation();
    void stopAnswer();
    bool isAnswering() const { return answerJob_ != 0 || pendingAsk_.has_value(); }
    // Every passage the current conversation has read, numbered as the answers cite them.
    const QList<DocumentCitation>& citations() const { return conversation_.citations; }
    // Tokens the model read or wrote for the last answer (tests prove follow-ups re-read nothing).
    int lastAnswerPromptTokens() const { return lastPromptTokens_; }
    // Tokens the model wrote (and read back) for the last answer.
    int lastAnswerWrittenTokens() const { return lastWrittenTokens_; }

    // --- Whole documents ------------------------------------------------------------------
    void readWhole(DocumentFileId id);
    void cancelReadWhole();
    bool hasWholeState(DocumentFileId id) const;

    // --- Showing a citation ---------------------------------------------------------------
    // Renders the cited page (PDF) or takes its text (other files) off the GUI thread;
    // answered by pageReady.
    void requestPage(const DocumentCitation& citation);

signals:
    void collectionsChanged();
    void filesChanged(CollectionId id);
    void indexingProgress(CollectionId id, int done, int total, const QString& file);
    // A file was read (again) and its passages stored; unchanged files are not read.
    void fileIndexed(CollectionId id, const DocumentFile& file);
    void embeddingProgress(CollectionId id, int embedded, int total);
    // Indexing and embedding are over (or cancelled, or failed with `error`).
    void indexingFinished(CollectionId id, bool cancelled, const QString& error);
    void searchFinished(quint64 searchId, const QList<DocumentCitation>& hits, const QString& error);
    void answerStarted(const QList<DocumentCitation>& citations);
    void answerDelta(const QString& text);
    void answerFinished(const QString& answer, const QString& error);
    void wholeReadProgress(DocumentFileId id, qint64 done, qint64 total);
    void wholeReadFinished(DocumentFileId id, const QString& error);
    void pageReady(const PageView& page);

private:
    struct PendingSearch;
    struct Conversation {
        CollectionId collection = 0;
        DocumentFileId wholeFile = 0;
        QByteArray state; // after the last answer; empty before the first
        QSet<PassageId> read;
        QList<DocumentCitation> citations;
    };

    void startIndexing(CollectionId id);
    void pumpEmbeddings();
    void onAnalysisFinished(const AnalysisResult& result);
    void onJobFinished(const GenerationResult& result);
    void advanceSearch(PendingSearch& search);
    void finishSearch(quint64 id, const QString& error);
    void startAnswer(const QList<DocumentCitation>& hits, const QString& question);
    void submitAnswer(const QStringList& segments, const QByteArray& startState);
    const PassageVectors& vectorsOf(CollectionId id);
    void forgetVectors(CollectionId id);
    QList<DocumentCitation> citationsFor(const QList<PassageHit>& hits) const;

    InferenceService& inference_;
    std::optional<DocumentIndex> index_;
    QString openError_;
    QString pdfHelper_;
    QThread thread_;
    IndexingWorker* worker_ = nullptr; // lives on thread_
    CollectionId indexing_ = 0;
    CollectionId prepared_ = 0;
    QList<CollectionId> queuedRefreshes_;
    std::shared_ptr<std::atomic<bool>> indexingCancel_;
    QSet<CollectionId> toEmbed_;
    CollectionId embedding_ = 0;
    quint64 embeddingJob_ = 0;
    QList<PassageId> embeddingBatch_;
    bool embeddingCancelled_ = false;
    struct VectorCache {
        quint64 fingerprint = 0;
        PassageVectors vectors;
    };
    QHash<CollectionId, VectorCache> vectorCache_;
    QHash<CollectionId, quint64> vectorGeneration_; // bumped whenever a collection's vectors change
    quint64 nextSearchId_ = 1;
    QHash<quint64, std::shared_ptr<PendingSearch>> searches_;
    QHash<quint64, quint64> searchOfAnalysis_; // analysis job -> search
    struct PendingAsk {
        quint64 searchId = 0;
        QString question;
    };
    std::optional<PendingAsk> pendingAsk_;
    SearchTimings lastTimings_;
    Conversation conversation_;
    Conversation beforeAnswer_; // restored when an answer fails: its passages were not read
    quint64 answerJob_ = 0;
    QString answerText_;
    int lastPromptTokens_ = 0;
    int lastWrittenTokens_ = 0;
    DocumentFileId wholeFile_ = 0;
    quint64 wholeJob_ = 0;
    QString wholeHash_;
};
