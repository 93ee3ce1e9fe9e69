// DocumentIndex is the Documents pane's part of the studio database (schema v5): collections of
// files and folders, each file's pages and passages, the passages' full-text indexes (words, and
// trigrams for CJK), their embeddings per model fingerprint, and the model state after reading a
// whole file. Same file, checks and errors as ConversationStore; one instance per thread, every
// call commits before it returns. Reading and searching never change anything.
#pragma once

#include "app/documents/extracted_document.h"
#include "app/documents/passage_chunker.h"
#include "app/store/result.h"
#include "app/store/state_blob.h"

#include <QHash>
#include <QMetaType>
#include <QList>
#include <QString>
#include <QVector>

#include <memory>

class StoreConnection;

using CollectionId = qint64;
using DocumentFileId = qint64;
using PassageId = qint64;

struct Collection {
    CollectionId id = 0;
    QString name;
    QStringList sources; // files and folders the user added, in the order added
};

struct DocumentFile {
    enum class Status { Pending, Indexed, Failed };
    DocumentFileId id = 0;
    CollectionId collectionId = 0;
    QString path;
    QString hash;          // SHA-256 of the bytes it was indexed from
    qint64 size = -1;      // and their size and modification time (ms), so an unchanged file
    qint64 modifiedAt = 0; // is known without reading it
    Status status = Status::Pending;
    int pageCount = 0;
    int passageCount = 0;
    QStringList problems;  // pages that could not be read or have no text
    QList<int> pagesWithoutText; // no text layer (scanned), OCR or not
    QList<int> pagesReadByOcr;
    QString error;         // why the whole file failed
};

// What a file's bytes were when it was read.
struct FileIdentity {
    QString hash; // SHA-256
    qint64 size = -1;
    qint64 modifiedAt = 0;
};

struct StoredPassage {
    PassageId id = 0;
    DocumentFileId fileId = 0;
    QString path;
    Passage passage;
};

// Every stored vector of a collection for one model, row by row in one block (fast to scan).
struct PassageVectors {
    int dimensions = 0;
    QVector<PassageId> ids;
    QVector<float> values; // ids.size() rows of `dimensions` floats

    bool isEmpty() const { return ids.isEmpty(); }
    const float* row(qsizetype i) const { return values.constData() + i * dimensions; }
};

// One ranked hit of a search; higher score is better.
struct PassageHit {
    PassageId id = 0;
    double score = 0.0;
};

class DocumentIndex {
public:
    // As ConversationStore::open (same file, same checks and migrations, same errors).
    static Result<DocumentIndex> open(const QString& path);
    DocumentIndex(DocumentIndex&&) noexcept;
    DocumentIndex& operator=(DocumentIndex&&) noexcept;
    ~DocumentIndex();

    QString path() const;

    // --- Collections and their sources -----------------------------------------------------
    // The collection called `name`, created when missing.
    Result<CollectionId> collection(const QString& name);
    Result<QList<Collection>> collections() const;
    Result<void> deleteCollection(CollectionId id);
    Result<void> addSource(CollectionId id, const QString& path);
    // Forgets the source; its files leave the index at the next refresh.
    Result<void> removeSource(CollectionId id, const QString& path);

    // --- Files ------------------------------------------------------------------------------
    Result<QList<DocumentFile>> files(CollectionId id) const;
    Result<DocumentFile> file(DocumentFileId id) const;
    // The file's row, created (pending) when the collection has none for `path`.
    Result<DocumentFileId> fileFor(CollectionId id, const QString& path);
    // Replaces the file's pages and passages with `doc` read from bytes hashing to `hash`, in
    // one transaction: a search sees the old passages or the new, never half.
    Result<void> storeDocument(DocumentFileId id, const FileIdentity& identity, const ExtractedDocument& doc,
                               const QList<Passage>& passages);
    Result<void> markFailed(DocumentFileId id, const FileIdentity& identity, const QString& error);
    // Records that the file's bytes are unchanged though its size or time say otherwise.
    Result<void> updateIdentity(DocumentFileId id, const FileIdentity& identity);
    Result<void> removeFile(DocumentFileId id);

    // --- Passages and search ----------------------------------------------------------------
    Result<QList<StoredPassage>> passages(const QList<PassageId>& ids) const;
    Result<QList<StoredPassage>> passagesOf(DocumentFileId id) const;
    // BM25 over words (unicode61) and over trigrams; best first, at most `limit`.
    Result<QList<PassageHit>> searchWords(CollectionId id, const QString& question, int limit) const;
    Result<QList<PassageHit>> searchTrigrams(CollectionId id, const QString& question, int limit) const;
    Result<int> passageCount(CollectionId id) const;
    Result<ExtractedPage> page(DocumentFileId id, int page) const;

    // --- Embeddings, per model fingerprint --------------------------------------------------
    // Passages of the collection with no vector for `fingerprint` yet, in reading order.
    Result<QList<StoredPassage>> passagesWithoutEmbedding(CollectionId id, quint64 fingerprint, int limit) const;
    Result<void> storeEmbeddings(quint64 fingerprint, const QList<QPair<PassageId, QVector<float>>>& vectors);
    // Every vector of the collection for `fingerprint` (those of another width are left out).
    Result<PassageVectors> embeddings(CollectionId id, quint64 fingerprint) const;
    Result<int> embeddedCount(CollectionId id, quint64 fingerprint) const;

    // --- Whole-document states --------------------------------------------------------------
    // The state after reading the whole file with the model `state.fingerprint` identifies.
    Result<void> saveDocumentState(DocumentFileId id, const QString& fileHash, int tokens, const StateBlob& state);
    // NotFound when there is none for this fingerprint or the file changed since (other hash).
    Result<StateBlob> documentState(DocumentFileId id, quint64 fingerprint) const;

private:
    explicit DocumentIndex(std::unique_ptr<StoreConnection> connection);
    std::unique_ptr<StoreConnection> db_;
};
Q_DECLARE_METATYPE(DocumentFile)
Q_DECLARE_METATYPE(PassageVectors)
