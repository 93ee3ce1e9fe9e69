#include "app/documents/indexing_worker.h"

#include "app/documents/pdf_reader.h"
#include "app/documents/text_file_reader.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace {

QString sha256Of(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

IndexingWorker::IndexingWorker(QString databasePath, QString pdfHelper, ChunkSettings chunks)
    : databasePath_(std::move(databasePath)), pdfHelper_(std::move(pdfHelper)), chunks_(chunks)
{
}

IndexingWorker::~IndexingWorker() = default;

QStringList IndexingWorker::filesOf(const QStringList& sources)
{
    QSet<QString> files;
    for (const QString& source : sources) {
        const QFileInfo info(source);
        if (info.isFile() && isReadableDocument(source)) {
            files.insert(info.absoluteFilePath());
        } else if (info.isDir()) {
            QDirIterator it(source, QDir::Files | QDir::Readable, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
            while (it.hasNext()) {
                const QString path = it.next();
                if (isReadableDocument(path))
                    files.insert(QFileInfo(path).absoluteFilePath());
            }
        }
    }
    QStringList sorted(files.begin(), files.end());
    sorted.sort();
    return sorted;
}

bool IndexingWorker::openIndex(QString* error)
{
    if (index_)
        return true;
    auto opened = DocumentIndex::open(databasePath_);
    if (!opened.ok()) {
        *error = opened.errorString();
        return false;
    }
    index_.emplace(std::move(opened).value());
    return true;
}

void IndexingWorker::loadVectors(CollectionId collection, quint64 fingerprint, quint64 generation)
{
    QString error;
    if (!openIndex(&error))
        return;
    auto vectors = index_->embeddings(collection, fingerprint);
    if (vectors.ok())
        emit vectorsLoaded(collection, fingerprint, generation, vectors.value());
}

void IndexingWorker::refresh(CollectionId collection, Flag cancel)
{
    if (QString error; !openIndex(&error)) {
        emit finished(collection, false, error);
        return;
    }
    auto collections = index_->collections();
    if (!collections.ok()) {
        emit finished(collection, false, collections.errorString());
        return;
    }
    QStringList sources;
    for (const Collection& c : collections.value())
        if (c.id == collection)
            sources = c.sources;
    const QStringList paths = filesOf(sources);

    auto known = index_->files(collection);
    if (!known.ok()) {
        emit finished(collection, false, known.errorString());
        return;
    }
    QHash<QString, DocumentFile> byPath;
    for (const DocumentFile& f : known.value()) {
        if (!paths.contains(f.path)) {
            if (auto r = index_->removeFile(f.id); !r.ok()) {
                emit finished(collection, false, r.errorString());
                return;
            }
        } else {
            byPath.insert(f.path, f);
        }
    }

    const PdfReader pdf(pdfHelper_);
    for (qsizetype i = 0; i < paths.size(); ++i) {
        if (cancel->load()) {
            emit finished(collection, true, {});
            return;
        }
        const QString& path = paths[i];
        emit progress(collection, int(i), int(paths.size()), path);
        const QFileInfo info(path);
        FileIdentity identity{{}, info.size(), info.lastModified().toMSecsSinceEpoch()};
        const auto it = byPath.constFind(path);
        const bool known = it != byPath.cend() && it->status != DocumentFile::Status::Pending;
        // Same size and time: unchanged, without reading it. Otherwise the bytes decide (a file
        // touched but not changed is not read again).
        if (known && it->size == identity.size && it->modifiedAt == identity.modifiedAt)
            continue;
        identity.hash = sha256Of(path);
        if (known && !identity.hash.isEmpty() && it->hash == identity.hash) {
            if (auto id = index_->fileFor(collection, path); id.ok())
                (void)index_->updateIdentity(id.value(), identity);
            continue;
        }
        auto id = index_->fileFor(collection, path);
        if (!id.ok()) {
            emit finished(collection, false, id.errorString());
            return;
        }
        const bool isPdf = QFileInfo(path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0;
        const ExtractedDocument doc = isPdf ? pdf.read(path, cancel.get()) : readTextFile(path);
        if (cancel->load()) {
            emit finished(collection, true, {});
            return;
        }
        const Result<void> stored = doc.ok()
            ? index_->storeDocument(id.value(), identity, doc, chunkPages(doc.pages, chunks_))
            : index_->markFailed(id.value(), identity, doc.error);
        if (!stored.ok()) {
            emit finished(collection, false, stored.errorString());
            return;
        }
        if (auto file = index_->file(id.value()); file.ok())
            emit fileIndexed(collection, file.value());
    }
    emit progress(collection, int(paths.size()), int(paths.size()), {});
    emit finished(collection, false, {});
}
