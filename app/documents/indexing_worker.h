// IndexingWorker brings a collection's index up to date on its own thread: it lists the files of
// the collection's sources (folders are searched recursively for .pdf, .txt and .md), drops files
// that are gone, and reads and cuts into passages every file whose bytes changed (SHA-256) or
// that was never indexed. Each file is stored in one transaction as soon as it is read, so a
// cancelled or interrupted run resumes where it stopped and the collection is searchable
// meanwhile. Embeddings are not made here: they need the model, which DocumentService drives.
#pragma once

#include "app/documents/passage_chunker.h"
#include "app/store/document_index.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

class IndexingWorker : public QObject {
    Q_OBJECT
public:
    using Flag = std::shared_ptr<std::atomic<bool>>;

    // `pdfHelper` empty: PdfReader's default.
    IndexingWorker(QString databasePath, QString pdfHelper = {}, ChunkSettings chunks = {});
    ~IndexingWorker() override;

    // Call on the worker's thread (queued). Emits progress per file, fileIndexed for each file
    // read, then finished exactly once.
    void refresh(CollectionId collection, Flag cancel);

    // Reads the collection's vectors for `fingerprint` (call on the worker's thread), so the GUI
    // thread's first search finds them in memory; answered by vectorsLoaded.
    // `generation` comes back with them, so the service can tell whether they are still current.
    void loadVectors(CollectionId collection, quint64 fingerprint, quint64 generation);

    // The files `sources` stand for: files as given, folders searched recursively; sorted.
    static QStringList filesOf(const QStringList& sources);

signals:
    void progress(CollectionId collection, int done, int total, const QString& file);
    void fileIndexed(CollectionId collection, const DocumentFile& file);
    void finished(CollectionId collection, bool cancelled, const QString& error);
    void vectorsLoaded(CollectionId collection, quint64 fingerprint, quint64 generation, const PassageVectors& vectors);

private:
    bool openIndex(QString* error);

    QString databasePath_;
    QString pdfHelper_;
    ChunkSettings chunks_;
    std::optional<DocumentIndex> index_;
};
