#include "app/store/document_index.h"

#include "app/store/state_compression.h"
#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstring>

using namespace StoreValues;

namespace {

const QString kFileColumns = QStringLiteral(
    "f.id, f.collection_id, f.path, f.hash, f.status, f.page_count, f.problems_json, f.error, f.size, f.modified_at, "
    "(SELECT COUNT(*) FROM passages p WHERE p.file_id = f.id), "
    "(SELECT json_group_array(page) FROM document_pages d WHERE d.file_id = f.id AND d.readable = 1 "
    "AND (d.ocr = 1 OR trim(d.text) = '')), "
    "(SELECT json_group_array(page) FROM document_pages d WHERE d.file_id = f.id AND d.ocr = 1)");

const QString kPassageColumns = QStringLiteral(
    "p.id, p.file_id, f.path, p.ordinal, p.page_from, p.page_to, p.start_offset, p.end_offset, p.text");

DocumentFile fileFrom(const QSqlQuery& q)
{
    DocumentFile f;
    f.id = q.value(0).toLongLong();
    f.collectionId = q.value(1).toLongLong();
    f.path = q.value(2).toString();
    f.hash = q.value(3).toString();
    const QString status = q.value(4).toString();
    f.status = status == QLatin1String("indexed") ? DocumentFile::Status::Indexed
               : status == QLatin1String("failed") ? DocumentFile::Status::Failed
                                                   : DocumentFile::Status::Pending;
    f.pageCount = q.value(5).toInt();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(6).toString().toUtf8()).array())
        f.problems.append(v.toString());
    f.error = q.value(7).toString();
    f.size = q.value(8).toLongLong();
    f.modifiedAt = q.value(9).toLongLong();
    f.passageCount = q.value(10).toInt();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(11).toString().toUtf8()).array())
        f.pagesWithoutText.append(v.toInt());
    std::sort(f.pagesWithoutText.begin(), f.pagesWithoutText.end());
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(12).toString().toUtf8()).array())
        f.pagesReadByOcr.append(v.toInt());
    std::sort(f.pagesReadByOcr.begin(), f.pagesReadByOcr.end());
    return f;
}

StoredPassage passageFrom(const QSqlQuery& q)
{
    StoredPassage s;
    s.id = q.value(0).toLongLong();
    s.fileId = q.value(1).toLongLong();
    s.path = q.value(2).toString();
    s.passage.ordinal = q.value(3).toInt();
    s.passage.pageFrom = q.value(4).toInt();
    s.passage.pageTo = q.value(5).toInt();
    s.passage.startOffset = q.value(6).toInt();
    s.passage.endOffset = q.value(7).toInt();
    s.passage.text = q.value(8).toString();
    return s;
}

QByteArray vectorBytes(const QVector<float>& v)
{
    return QByteArray(reinterpret_cast<const char*>(v.constData()), v.size() * qsizetype(sizeof(float)));
}

QString wordsJson(const QList<WordBox>& words)
{
    QJsonArray array;
    for (const WordBox& w : words)
        array.append(QJsonArray{w.box.x(), w.box.y(), w.box.width(), w.box.height(), w.start, w.length});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString quoted(QString term)
{
    term.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + term + QLatin1Char('"');
}

// An FTS5 query matching any of the question's words (quoted, so no word is read as an operator).
QString anyWordQuery(const QString& question)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    QStringList terms;
    for (const QString& word : question.split(separators, Qt::SkipEmptyParts))
        if (!terms.contains(word.toLower()))
            terms.append(word.toLower());
    QStringList quotedTerms;
    for (const QString& t : terms)
        quotedTerms.append(quoted(t));
    return quotedTerms.join(QStringLiteral(" OR "));
}

// An FTS5 trigram query: every run of three characters of the question's CJK (and other
// unspaced) text, so a Chinese question finds passages sharing any three-character stretch.
QString trigramQuery(const QString& question)
{
    static const QRegularExpression runs(QStringLiteral("[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Hangul}]{2,}"));
    QStringList grams;
    for (auto it = runs.globalMatch(question); it.hasNext();) {
        const QString run = it.next().captured();
        if (run.size() < 3) {
            continue; // the trigram tokenizer cannot match fewer than three characters
        }
        for (qsizetype i = 0; i + 3 <= run.size(); ++i)
            if (!grams.contains(run.mid(i, 3)))
                grams.append(run.mid(i, 3));
    }
    QStringList quotedGrams;
    for (const QString& g : grams)
        quotedGrams.append(quoted(g));
    return quotedGrams.join(QStringLiteral(" OR "));
}

// The first column of the first row of `sql` as an integer: a COUNT or an id. `missing` is the
// sentence when there is no row.
Result<qint64> singleInteger(StoreConnection& db, const QString& sql, const QVariantList& values,
                             const QString& missing = {})
{
    auto q = db.exec(sql, values);
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return StoreError(StoreError::Code::NotFound, missing);
    return q.value().value(0).toLongLong();
}

// Inserts a row unless one with the same unique key exists (INSERT OR IGNORE), then finds its id.
Result<qint64> insertOrFind(StoreConnection& db, const QString& insert, const QString& find, const QVariantList& key,
                            const QVariantList& extra, const QString& missing)
{
    if (auto r = db.run(insert, key + extra); !r.ok())
        return r.error();
    return singleInteger(db, find, key, missing);
}

} // namespace

DocumentIndex::DocumentIndex(std::unique_ptr<StoreConnection> connection) : db_(std::move(connection)) {}
DocumentIndex::DocumentIndex(DocumentIndex&&) noexcept = default;
DocumentIndex& DocumentIndex::operator=(DocumentIndex&&) noexcept = default;
DocumentIndex::~DocumentIndex() = default;

Result<DocumentIndex> DocumentIndex::open(const QString& path)
{
    auto connection = StoreConnection::open(path);
    if (!connection.ok())
        return connection.error();
    return DocumentIndex(std::move(connection).value());
}

QString DocumentIndex::path() const
{
    return db_->path();
}

Result<CollectionId> DocumentIndex::collection(const QString& name)
{
    return insertOrFind(*db_, QStringLiteral("INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)"),
                        QStringLiteral("SELECT id FROM collections WHERE name = ?"), {name}, {nowMs()},
                        QStringLiteral("The collection %1 does not exist.").arg(name));
}

Result<QList<Collection>> DocumentIndex::collections() const
{
    auto q = db_->exec(QStringLiteral("SELECT c.id, c.name, (SELECT json_group_array(path) FROM "
                                      "(SELECT path FROM collection_sources s WHERE s.collection_id = c.id "
                                      "ORDER BY s.rowid)) FROM collections c ORDER BY c.name"));
    if (!q.ok())
        return q.error();
    QList<Collection> out;
    while (q.value().next()) {
        Collection c;
        c.id = q.value().value(0).toLongLong();
        c.name = q.value().value(1).toString();
        for (const QJsonValue& v : QJsonDocument::fromJson(q.value().value(2).toString().toUtf8()).array())
            c.sources.append(v.toString());
        out.append(c);
    }
    return out;
}

Result<void> DocumentIndex::deleteCollection(CollectionId id)
{
    return db_->run(QStringLiteral("DELETE FROM collections WHERE id = ?"), {id});
}

Result<void> DocumentIndex::addSource(CollectionId id, const QString& path)
{
    return db_->run(QStringLiteral("INSERT OR IGNORE INTO collection_sources (collection_id, path) VALUES (?, ?)"),
                    {id, path});
}

Result<void> DocumentIndex::removeSource(CollectionId id, const QString& path)
{
    return db_->run(QStringLiteral("DELETE FROM collection_sources WHERE collection_id = ? AND path = ?"), {id, path});
}

Result<QList<DocumentFile>> DocumentIndex::files(CollectionId id) const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kFileColumns +
                           QStringLiteral(" FROM document_files f WHERE f.collection_id = ? ORDER BY f.path"),
                       {id});
    if (!q.ok())
        return q.error();
    QList<DocumentFile> out;
    while (q.value().next())
        out.append(fileFrom(q.value()));
    return out;
}

Result<DocumentFile> DocumentIndex::file(DocumentFileId id) const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kFileColumns + QStringLiteral(" FROM document_files f WHERE f.id = ?"),
                       {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return StoreError(StoreError::Code::NotFound, QStringLiteral("That document is no longer in the index."));
    return fileFrom(q.value());
}

Result<DocumentFileId> DocumentIndex::fileFor(CollectionId id, const QString& path)
{
    return insertOrFind(*db_, QStringLiteral("INSERT OR IGNORE INTO document_files (collection_id, path) VALUES (?, ?)"),
                        QStringLiteral("SELECT id FROM document_files WHERE collection_id = ? AND path = ?"), {id, path},
                        {}, QStringLiteral("%1 is not in the index.").arg(path));
}

Result<void> DocumentIndex::storeDocument(DocumentFileId id, const FileIdentity& identity, const ExtractedDocument& doc,
                                          const QList<Passage>& passages)
{
    return db_->transaction([&]() -> Result<void> {
        if (auto r = db_->run(QStringLiteral("DELETE FROM passages WHERE file_id = ?"), {id}); !r.ok())
            return r;
        if (auto r = db_->run(QStringLiteral("DELETE FROM document_pages WHERE file_id = ?"), {id}); !r.ok())
            return r;
        for (const ExtractedPage& page : doc.pages) {
            auto r = db_->run(QStringLiteral("INSERT INTO document_pages (file_id, page, readable, ocr, text, words_json) "
                                             "VALUES (?, ?, ?, ?, ?, ?)"),
                              {id, page.number, page.readable ? 1 : 0, page.ocr ? 1 : 0, page.text,
                               wordsJson(page.words)});
            if (!r.ok())
                return r;
        }
        for (const Passage& p : passages) {
            auto r = db_->run(QStringLiteral("INSERT INTO passages (file_id, ordinal, page_from, page_to, start_offset, "
                                             "end_offset, text) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                              {id, p.ordinal, p.pageFrom, p.pageTo, p.startOffset, p.endOffset, p.text});
            if (!r.ok())
                return r;
        }
        const QString problems = QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(doc.problems)).toJson(
            QJsonDocument::Compact));
        return db_->run(QStringLiteral("UPDATE document_files SET hash = ?, size = ?, modified_at = ?, status = 'indexed', "
                                       "page_count = ?, problems_json = ?, error = '', indexed_at = ? WHERE id = ?"),
                        {identity.hash, identity.size, identity.modifiedAt, doc.pageCount, problems, nowMs(), id});
    });
}

Result<void> DocumentIndex::markFailed(DocumentFileId id, const FileIdentity& identity, const QString& error)
{
    return db_->transaction([&]() -> Result<void> {
        if (auto r = db_->run(QStringLiteral("DELETE FROM passages WHERE file_id = ?"), {id}); !r.ok())
            return r;
        if (auto r = db_->run(QStringLiteral("DELETE FROM document_pages WHERE file_id = ?"), {id}); !r.ok())
            return r;
        return db_->run(QStringLiteral("UPDATE document_files SET hash = ?, size = ?, modified_at = ?, status = 'failed', "
                                       "page_count = 0, problems_json = '[]', error = ?, indexed_at = ? WHERE id = ?"),
                        {identity.hash, identity.size, identity.modifiedAt, error, nowMs(), id});
    });
}

Result<void> DocumentIndex::updateIdentity(DocumentFileId id, const FileIdentity& identity)
{
    return db_->run(QStringLiteral("UPDATE document_files SET hash = ?, size = ?, modified_at = ? WHERE id = ?"),
                    {identity.hash, identity.size, identity.modifiedAt, id});
}

Result<void> DocumentIndex::removeFile(DocumentFileId id)
{
    return db_->run(QStringLiteral("DELETE FROM document_files WHERE id = ?"), {id});
}

Result<QList<StoredPassage>> DocumentIndex::passages(const QList<PassageId>& ids) const
{
    QList<StoredPassage> out;
    for (PassageId id : ids) {
        auto q = db_->exec(QStringLiteral("SELECT ") + kPassageColumns +
                               QStringLiteral(" FROM passages p JOIN document_files f ON f.id = p.file_id WHERE p.id = ?"),
                           {id});
        if (!q.ok())
            return q.error();
        if (q.value().next())
            out.append(passageFrom(q.value()));
    }
    return out;
}

Result<QList<StoredPassage>> DocumentIndex::passagesOf(DocumentFileId id) const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kPassageColumns +
                           QStringLiteral(" FROM passages p JOIN document_files f ON f.id = p.file_id "
                                          "WHERE p.file_id = ? ORDER BY p.ordinal"),
                       {id});
    if (!q.ok())
        return q.error();
    QList<StoredPassage> out;
    while (q.value().next())
        out.append(passageFrom(q.value()));
    return out;
}

namespace {

Result<QList<PassageHit>> search(StoreConnection& db, const char* table, CollectionId id, const QString& match, int limit)
{
    if (match.isEmpty())
        return QList<PassageHit>();
    // bm25() is lower for better matches; the score is its negation.
    auto q = db.exec(QStringLiteral("SELECT t.rowid, -bm25(%1) FROM %1 t JOIN passages p ON p.id = t.rowid "
                                    "JOIN document_files f ON f.id = p.file_id "
                                    "WHERE %1 MATCH ? AND f.collection_id = ? ORDER BY bm25(%1) LIMIT ?")
                         .arg(QLatin1String(table)),
                     {match, id, limit});
    if (!q.ok())
        return q.error();
    QList<PassageHit> out;
    while (q.value().next())
        out.append({q.value().value(0).toLongLong(), q.value().value(1).toDouble()});
    return out;
}

} // namespace

Result<QList<PassageHit>> DocumentIndex::searchWords(CollectionId id, const QString& question, int limit) const
{
    return search(*db_, "passage_words", id, anyWordQuery(question), limit);
}

Result<QList<PassageHit>> DocumentIndex::searchTrigrams(CollectionId id, const QString& question, int limit) const
{
    return search(*db_, "passage_trigrams", id, trigramQuery(question), limit);
}

Result<int> DocumentIndex::passageCount(CollectionId id) const
{
    auto n = singleInteger(*db_, QStringLiteral("SELECT COUNT(*) FROM passages p JOIN document_files f ON f.id = p.file_id "
                                                "WHERE f.collection_id = ?"),
                           {id});
    return n.ok() ? Result<int>(int(n.value())) : Result<int>(n.error());
}

Result<ExtractedPage> DocumentIndex::page(DocumentFileId id, int number) const
{
    auto q = db_->exec(QStringLiteral("SELECT readable, text, words_json, ocr FROM document_pages WHERE file_id = ? AND page = ?"),
                       {id, number});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return StoreError(StoreError::Code::NotFound, QStringLiteral("Page %1 is not in the index.").arg(number));
    ExtractedPage page;
    page.number = number;
    page.readable = q.value().value(0).toBool();
    page.text = q.value().value(1).toString();
    page.ocr = q.value().value(3).toBool();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value().value(2).toString().toUtf8()).array()) {
        const QJsonArray a = v.toArray();
        if (a.size() == 6)
            page.words.append({QRectF(a[0].toDouble(), a[1].toDouble(), a[2].toDouble(), a[3].toDouble()), a[4].toInt(),
                               a[5].toInt()});
    }
    return page;
}

Result<QList<StoredPassage>> DocumentIndex::passagesWithoutEmbedding(CollectionId id, quint64 fingerprint, int limit) const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kPassageColumns +
                           QStringLiteral(" FROM passages p JOIN document_files f ON f.id = p.file_id "
                                          "WHERE f.collection_id = ? AND NOT EXISTS (SELECT 1 FROM passage_embeddings e "
                                          "WHERE e.passage_id = p.id AND e.fingerprint = ?) ORDER BY p.id LIMIT ?"),
                       {id, fingerprintValue(fingerprint), limit});
    if (!q.ok())
        return q.error();
    QList<StoredPassage> out;
    while (q.value().next())
        out.append(passageFrom(q.value()));
    return out;
}

Result<void> DocumentIndex::storeEmbeddings(quint64 fingerprint, const QList<QPair<PassageId, QVector<float>>>& vectors)
{
    return db_->transaction([&]() -> Result<void> {
        for (const auto& [id, vector] : vectors) {
            // A passage deleted meanwhile (its file re-indexed) is skipped, not an error.
            auto r = db_->run(QStringLiteral("INSERT OR REPLACE INTO passage_embeddings (passage_id, fingerprint, vector) "
                                             "SELECT id, ?, ? FROM passages WHERE id = ?"),
                              {fingerprintValue(fingerprint), vectorBytes(vector), id});
            if (!r.ok())
                return r;
        }
        return {};
    });
}

Result<PassageVectors> DocumentIndex::embeddings(CollectionId id, quint64 fingerprint) const
{
    auto q = db_->exec(QStringLiteral("SELECT e.passage_id, e.vector FROM passage_embeddings e "
                                      "JOIN passages p ON p.id = e.passage_id JOIN document_files f ON f.id = p.file_id "
                                      "WHERE f.collection_id = ? AND e.fingerprint = ?"),
                       {id, fingerprintValue(fingerprint)});
    if (!q.ok())
        return q.error();
    PassageVectors out;
    while (q.value().next()) {
        const QByteArray bytes = q.value().value(1).toByteArray();
        const int dimensions = int(bytes.size() / qsizetype(sizeof(float)));
        if (out.dimensions == 0)
            out.dimensions = dimensions;
        if (dimensions != out.dimensions || dimensions == 0)
            continue;
        out.ids.append(q.value().value(0).toLongLong());
        const qsizetype at = out.values.size();
        out.values.resize(at + dimensions);
        std::memcpy(out.values.data() + at, bytes.constData(), size_t(dimensions) * sizeof(float));
    }
    return out;
}

Result<int> DocumentIndex::embeddedCount(CollectionId id, quint64 fingerprint) const
{
    auto n = singleInteger(*db_, QStringLiteral("SELECT COUNT(*) FROM passage_embeddings e JOIN passages p ON "
                                                "p.id = e.passage_id JOIN document_files f ON f.id = p.file_id "
                                                "WHERE f.collection_id = ? AND e.fingerprint = ?"),
                           {id, fingerprintValue(fingerprint)});
    return n.ok() ? Result<int>(int(n.value())) : Result<int>(n.error());
}

Result<void> DocumentIndex::saveDocumentState(DocumentFileId id, const QString& fileHash, int tokens,
                                              const StateBlob& state)
{
    auto compressed = StateCompression::compress(state.bytes);
    if (!compressed.ok())
        return compressed.error();
    return db_->run(QStringLiteral("INSERT OR REPLACE INTO document_states (file_id, fingerprint, file_hash, "
                                   "format_version, tokens, raw_size, data, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                    {id, fingerprintValue(state.fingerprint), fileHash, state.formatVersion, tokens,
                     qint64(state.bytes.size()), compressed.value(), nowMs()});
}

Result<StateBlob> DocumentIndex::documentState(DocumentFileId id, quint64 fingerprint) const
{
    auto q = db_->exec(QStringLiteral("SELECT s.format_version, s.raw_size, s.data FROM document_states s "
                                      "JOIN document_files f ON f.id = s.file_id "
                                      "WHERE s.file_id = ? AND s.fingerprint = ? AND s.file_hash = f.hash"),
                       {id, fingerprintValue(fingerprint)});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return StoreError(StoreError::Code::NotFound, QStringLiteral("This document has not been read whole with this model."));
    auto raw = StateCompression::decompress(q.value().value(2).toByteArray(), q.value().value(1).toLongLong());
    if (!raw.ok())
        return raw.error();
    return StateBlob{fingerprint, q.value().value(0).toInt(), raw.value()};
}
