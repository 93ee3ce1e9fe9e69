#include "app/store/manuscript_store.h"

#include "app/store/state_compression.h"
#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QCryptographicHash>
#include <QSqlQuery>

using namespace StoreValues;

namespace {

StoreError noManuscript(ManuscriptId id)
{
    return StoreError(StoreError::Code::NotFound,
                      QStringLiteral("Manuscript %1 does not exist (it may have been deleted).").arg(id));
}

StoreError noChapter(ChapterId id)
{
    return StoreError(StoreError::Code::NotFound,
                      QStringLiteral("Chapter %1 does not exist (it may have been deleted).").arg(id));
}

QByteArray prefixHash(const QString& text, int length)
{
    return QCryptographicHash::hash(text.left(length).toUtf8(), QCryptographicHash::Sha256);
}

const QString kManuscriptColumns =
    QStringLiteral("id, title, created_at, updated_at, preset_json");
const QString kChapterColumns =
    QStringLiteral("id, manuscript_id, position, title, text, updated_at");

Manuscript manuscriptFrom(const QSqlQuery& q)
{
    return Manuscript{q.value(0).toLongLong(), q.value(1).toString(), timeFromMs(q.value(2)),
                    timeFromMs(q.value(3)), jsonObjectFrom(q.value(4))};
}

Chapter chapterFrom(const QSqlQuery& q)
{
    return Chapter{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt(),
                   q.value(3).toString(), q.value(4).toString(), timeFromMs(q.value(5))};
}

Result<void> touchManuscript(StoreConnection& db, ManuscriptId id)
{
    return db.run(QStringLiteral("UPDATE manuscripts SET updated_at = ") +
                      nextUpdateTime("manuscripts") + QStringLiteral(" WHERE id = ?"),
                  {nowMs(), id});
}

// Runs a statement on one row; `missing` when it changed nothing.
Result<void> updateRow(StoreConnection& db, const QString& sql, const QVariantList& values,
                       const StoreError& missing)
{
    auto q = db.exec(sql, values);
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return missing;
    return {};
}

Result<int> chapterCount(StoreConnection& db, ManuscriptId manuscript)
{
    auto q = db.exec(QStringLiteral("SELECT COUNT(*) FROM chapters WHERE manuscript_id = ?"),
                     {manuscript});
    if (!q.ok())
        return q.error();
    return q.value().next() ? q.value().value(0).toInt() : 0;
}

Result<Chapter> chapterIn(StoreConnection& db, ChapterId id)
{
    auto q = db.exec(QStringLiteral("SELECT ") + kChapterColumns +
                         QStringLiteral(" FROM chapters WHERE id = ?"),
                     {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return noChapter(id);
    return chapterFrom(q.value());
}

// The text of the chapters before `chapter`, in order, each followed by a blank line: what the
// model has read before the chapter starts (empty for the first chapter).
Result<QString> textBeforeIn(StoreConnection& db, const Chapter& chapter)
{
    auto q = db.exec(QStringLiteral("SELECT text FROM chapters WHERE manuscript_id = ? AND position < ? "
                                    "ORDER BY position"),
                     {chapter.manuscriptId, chapter.position});
    if (!q.ok())
        return q.error();
    QString text;
    while (q.value().next())
        text += q.value().value(0).toString() + QStringLiteral("\n\n");
    return text;
}

// What a chapter state was computed from: the earlier chapters and the first `coveredLength`
// characters of the chapter. Editing any of them makes the state stale. (For a first chapter
// this is the hash of its own prefix, as before chapters shared their context.)
Result<QByteArray> coveredHash(StoreConnection& db, const Chapter& chapter, int coveredLength)
{
    auto before = textBeforeIn(db, chapter);
    if (!before.ok())
        return before.error();
    return prefixHash(before.value() + chapter.text, int(before.value().size()) + coveredLength);
}

Result<void> writeChapterState(StoreConnection& db, ChapterId id, const StateBlob& state,
                               const QByteArray& compressed, const QString& text, int coveredLength)
{
    auto c = chapterIn(db, id);
    if (!c.ok())
        return c.error();
    c.value().text = text; // the text being saved with it, which may not be in the row yet
    auto hash = coveredHash(db, c.value(), coveredLength);
    if (!hash.ok())
        return hash.error();
    return db.run(QStringLiteral("INSERT OR REPLACE INTO chapter_states (chapter_id, fingerprint, "
                                 "format_version, covered_length, covered_sha256, raw_size, data, "
                                 "saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                  {id, fingerprintValue(state.fingerprint), state.formatVersion, coveredLength,
                   hash.value(), qint64(state.bytes.size()), compressed, nowMs()});
}

} // namespace

ManuscriptStore::ManuscriptStore(std::unique_ptr<StoreConnection> connection)
    : db_(std::move(connection))
{
}

ManuscriptStore::ManuscriptStore(ManuscriptStore&&) noexcept = default;
ManuscriptStore& ManuscriptStore::operator=(ManuscriptStore&&) noexcept = default;
ManuscriptStore::~ManuscriptStore() = default;

Result<ManuscriptStore> ManuscriptStore::open(const QString& path)
{
    auto connection = StoreConnection::open(path);
    if (!connection.ok())
        return connection.error();
    return ManuscriptStore(std::move(connection).value());
}

QString ManuscriptStore::path() const
{
    return db_->path();
}

Result<ManuscriptId> ManuscriptStore::createManuscript(const QString& title, const QJsonObject& preset)
{
    const qint64 now = nowMs();
    auto q = db_->exec(QStringLiteral("INSERT INTO manuscripts (title, created_at, updated_at, "
                                      "preset_json) VALUES (?, ?, ") +
                           nextUpdateTime("manuscripts") + QStringLiteral(", ?)"),
                       {title, now, now, jsonText(preset)});
    if (!q.ok())
        return q.error();
    return q.value().lastInsertId().toLongLong();
}

Result<Manuscript> ManuscriptStore::manuscript(ManuscriptId id) const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kManuscriptColumns +
                           QStringLiteral(" FROM manuscripts WHERE id = ?"),
                       {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return noManuscript(id);
    return manuscriptFrom(q.value());
}

Result<QList<Manuscript>> ManuscriptStore::listManuscripts() const
{
    auto q = db_->exec(QStringLiteral("SELECT ") + kManuscriptColumns +
                       QStringLiteral(" FROM manuscripts ORDER BY updated_at DESC, id DESC"));
    if (!q.ok())
        return q.error();
    QList<Manuscript> list;
    while (q.value().next())
        list.append(manuscriptFrom(q.value()));
    return list;
}

Result<void> ManuscriptStore::renameManuscript(ManuscriptId id, const QString& title)
{
    return updateRow(*db_,
                     QStringLiteral("UPDATE manuscripts SET title = ?, updated_at = ") +
                         nextUpdateTime("manuscripts") + QStringLiteral(" WHERE id = ?"),
                     {title, nowMs(), id}, noManuscript(id));
}

Result<void> ManuscriptStore::setPreset(ManuscriptId id, const QJsonObject& preset)
{
    return updateRow(*db_,
                     QStringLiteral("UPDATE manuscripts SET preset_json = ?, updated_at = ") +
                         nextUpdateTime("manuscripts") + QStringLiteral(" WHERE id = ?"),
                     {jsonText(preset), nowMs(), id}, noManuscript(id));
}

Result<void> ManuscriptStore::deleteManuscript(ManuscriptId id)
{
    return updateRow(*db_, QStringLiteral("DELETE FROM manuscripts WHERE id = ?"), {id},
                     noManuscript(id));
}

Result<ChapterId> ManuscriptStore::addChapter(ManuscriptId manuscript, const QString& title,
                                            const QString& text, int position)
{
    ChapterId created = 0;
    auto written = db_->transaction([&]() -> Result<void> {
        if (auto d = this->manuscript(manuscript); !d.ok())
            return d.error();
        auto count = chapterCount(*db_, manuscript);
        if (!count.ok())
            return count.error();
        const int at = position < 0 || position > count.value() ? count.value() : position;
        if (auto r = db_->run(QStringLiteral("UPDATE chapters SET position = position + 1 "
                                             "WHERE manuscript_id = ? AND position >= ?"),
                              {manuscript, at});
            !r.ok())
            return r;
        const qint64 now = nowMs();
        auto q = db_->exec(QStringLiteral("INSERT INTO chapters (manuscript_id, position, title, "
                                          "text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"),
                           {manuscript, at, title, text, now, now});
        if (!q.ok())
            return q.error();
        created = q.value().lastInsertId().toLongLong();
        return touchManuscript(*db_, manuscript);
    });
    if (!written.ok())
        return written.error();
    return created;
}

Result<Chapter> ManuscriptStore::chapter(ChapterId id) const
{
    return chapterIn(*db_, id);
}

Result<QList<Chapter>> ManuscriptStore::chapters(ManuscriptId manuscript) const
{
    if (auto d = this->manuscript(manuscript); !d.ok())
        return d.error();
    auto q = db_->exec(QStringLiteral("SELECT ") + kChapterColumns +
                           QStringLiteral(" FROM chapters WHERE manuscript_id = ? ORDER BY position, id"),
                       {manuscript});
    if (!q.ok())
        return q.error();
    QList<Chapter> list;
    while (q.value().next())
        list.append(chapterFrom(q.value()));
    return list;
}

Result<void> ManuscriptStore::renameChapter(ChapterId id, const QString& title)
{
    return db_->transaction([&]() -> Result<void> {
        auto c = chapterIn(*db_, id);
        if (!c.ok())
            return c.error();
        if (auto r = db_->run(QStringLiteral("UPDATE chapters SET title = ?, updated_at = ? "
                                             "WHERE id = ?"),
                              {title, nowMs(), id});
            !r.ok())
            return r;
        return touchManuscript(*db_, c.value().manuscriptId);
    });
}

Result<void> ManuscriptStore::setChapterText(ChapterId id, const QString& text)
{
    return db_->transaction([&]() -> Result<void> {
        auto c = chapterIn(*db_, id);
        if (!c.ok())
            return c.error();
        if (auto r = db_->run(QStringLiteral("UPDATE chapters SET text = ?, updated_at = ? "
                                             "WHERE id = ?"),
                              {text, nowMs(), id});
            !r.ok())
            return r;
        return touchManuscript(*db_, c.value().manuscriptId);
    });
}

Result<void> ManuscriptStore::moveChapter(ChapterId id, int position)
{
    return db_->transaction([&]() -> Result<void> {
        auto c = chapterIn(*db_, id);
        if (!c.ok())
            return c.error();
        auto count = chapterCount(*db_, c.value().manuscriptId);
        if (!count.ok())
            return count.error();
        const int from = c.value().position;
        const int to = qBound(0, position, count.value() - 1);
        if (from == to)
            return {};
        auto shifted = to < from
            ? db_->run(QStringLiteral("UPDATE chapters SET position = position + 1 "
                                      "WHERE manuscript_id = ? AND position >= ? AND position < ?"),
                       {c.value().manuscriptId, to, from})
            : db_->run(QStringLiteral("UPDATE chapters SET position = position - 1 "
                                      "WHERE manuscript_id = ? AND position > ? AND position <= ?"),
                       {c.value().manuscriptId, from, to});
        if (!shifted.ok())
            return shifted;
        if (auto r = db_->run(QStringLiteral("UPDATE chapters SET position = ? WHERE id = ?"),
                              {to, id});
            !r.ok())
            return r;
        return touchManuscript(*db_, c.value().manuscriptId);
    });
}

Result<void> ManuscriptStore::deleteChapter(ChapterId id)
{
    return db_->transaction([&]() -> Result<void> {
        auto c = chapterIn(*db_, id);
        if (!c.ok())
            return c.error();
        if (auto r = db_->run(QStringLiteral("DELETE FROM chapters WHERE id = ?"), {id}); !r.ok())
            return r;
        if (auto r = db_->run(QStringLiteral("UPDATE chapters SET position = position - 1 "
                                             "WHERE manuscript_id = ? AND position > ?"),
                              {c.value().manuscriptId, c.value().position});
            !r.ok())
            return r;
        return touchManuscript(*db_, c.value().manuscriptId);
    });
}

Result<void> ManuscriptStore::acceptChapterText(ChapterId id, const QString& text,
                                              const StateBlob& stateAfter)
{
    auto compressed = StateCompression::compress(stateAfter.bytes);
    if (!compressed.ok())
        return compressed.error();
    return db_->transaction([&]() -> Result<void> {
        if (auto r = setChapterText(id, text); !r.ok())
            return r;
        return writeChapterState(*db_, id, stateAfter, compressed.value(), text, int(text.size()));
    });
}

Result<QString> ManuscriptStore::textBefore(ChapterId id) const
{
    auto c = chapterIn(*db_, id);
    if (!c.ok())
        return c.error();
    return textBeforeIn(*db_, c.value());
}

Result<void> ManuscriptStore::saveChapterState(ChapterId id, const StateBlob& state, int coveredLength)
{
    auto compressed = StateCompression::compress(state.bytes);
    if (!compressed.ok())
        return compressed.error();
    return db_->transaction([&]() -> Result<void> {
        auto c = chapterIn(*db_, id);
        if (!c.ok())
            return c.error();
        if (coveredLength < 0 || coveredLength > c.value().text.size())
            return StoreError(StoreError::Code::InvalidArgument,
                              QStringLiteral("A state cannot cover %1 characters of chapter %2, "
                                             "which has %3.")
                                  .arg(coveredLength)
                                  .arg(id)
                                  .arg(c.value().text.size()));
        return writeChapterState(*db_, id, state, compressed.value(), c.value().text, coveredLength);
    });
}

Result<ChapterState> ManuscriptStore::loadChapterState(ChapterId id, quint64 expectedFingerprint) const
{
    auto c = chapterIn(*db_, id);
    if (!c.ok())
        return c.error();
    auto header = db_->exec(QStringLiteral("SELECT fingerprint, format_version, covered_length, "
                                           "covered_sha256, raw_size FROM chapter_states "
                                           "WHERE chapter_id = ?"),
                            {id});
    if (!header.ok())
        return header.error();
    if (!header.value().next())
        return StoreError(StoreError::Code::NotFound,
                          QStringLiteral("No model state is saved for chapter %1.").arg(id));
    const QSqlQuery& row = header.value();
    ChapterState result;
    result.state.fingerprint = fingerprintFrom(row.value(0));
    result.state.formatVersion = row.value(1).toInt();
    result.coveredLength = row.value(2).toInt();
    const QByteArray savedHash = row.value(3).toByteArray();
    const qint64 rawSize = row.value(4).toLongLong();

    if (result.state.fingerprint != expectedFingerprint)
        return StoreError(StoreError::Code::OtherModel,
                          QStringLiteral("The state saved for chapter %1 belongs to another "
                                         "model; the chapter will be read again by the current "
                                         "model.")
                              .arg(id));
    const QString& text = c.value().text;
    if (result.coveredLength < 0 || result.coveredLength > text.size())
        return StoreError(StoreError::Code::StaleState,
                          QStringLiteral("Chapter %1 was edited after its model state was saved; "
                                         "the chapter will be read again.")
                              .arg(id));
    auto expected = coveredHash(*db_, c.value(), result.coveredLength);
    if (!expected.ok())
        return expected.error();
    if (expected.value() != savedHash)
        return StoreError(StoreError::Code::StaleState,
                          QStringLiteral("Chapter %1 or a chapter before it was edited after its model state "
                                         "was saved; the book will be read again up to it.")
                              .arg(id));

    auto data = db_->exec(QStringLiteral("SELECT data FROM chapter_states WHERE chapter_id = ?"),
                          {id});
    if (!data.ok())
        return data.error();
    if (!data.value().next())
        return StoreError(StoreError::Code::NotFound,
                          QStringLiteral("No model state is saved for chapter %1.").arg(id));
    auto raw = StateCompression::decompress(data.value().value(0).toByteArray(), rawSize);
    if (!raw.ok())
        return raw.error();
    result.state.bytes = std::move(raw).value();
    return result;
}

Result<void> ManuscriptStore::deleteChapterState(ChapterId id)
{
    if (auto c = chapterIn(*db_, id); !c.ok())
        return c.error();
    return db_->run(QStringLiteral("DELETE FROM chapter_states WHERE chapter_id = ?"), {id});
}
