#include "app/music/piece_store.h"

#include "app/store/state_compression.h"
#include "app/store/store_connection.h"
#include "app/store/store_values.h"

#include <QJsonObject>

using namespace StoreValues;

namespace {

StoreError noPiece(qint64 id)
{
    return StoreError(StoreError::Code::NotFound, QStringLiteral("Piece %1 does not exist any more.").arg(id));
}

} // namespace

PieceStore::PieceStore(std::unique_ptr<StoreConnection> db) : db_(std::move(db)) {}
PieceStore::PieceStore(PieceStore&&) noexcept = default;
PieceStore& PieceStore::operator=(PieceStore&&) noexcept = default;
PieceStore::~PieceStore() = default;

Result<PieceStore> PieceStore::open(const QString& path)
{
    auto connection = StoreConnection::open(path);
    if (!connection.ok())
        return connection.error();
    return PieceStore(std::move(connection).value());
}

Result<qint64> PieceStore::save(const MusicPiece& piece, const std::optional<PieceResumePoint>& resume)
{
    // Compress before the transaction so the write lock is held only for the inserts.
    QByteArray compressed;
    if (resume) {
        auto c = StateCompression::compress(resume->stateBeforeLast);
        if (!c.ok())
            return c.error();
        compressed = std::move(c).value();
    }
    const QString settings = jsonText(QJsonObject{{"kind", piece.kind},
                                                  {"generatedFrom", piece.generatedFrom},
                                                  {"lastToken", resume ? resume->lastToken : -1}});
    qint64 id = piece.id;
    auto written = db_->transaction([&]() -> Result<void> {
        if (id == 0) {
            auto q = db_->exec(QStringLiteral("INSERT INTO pieces (title, created_at, updated_at, settings_json, tokens_text) "
                                              "VALUES (?, ?, %1, ?, ?)")
                                   .arg(nextUpdateTime("pieces")),
                               {piece.title, nowMs(), nowMs(), settings, piece.text});
            if (!q.ok())
                return q.error();
            id = q.value().lastInsertId().toLongLong();
        } else {
            auto q = db_->exec(QStringLiteral("UPDATE pieces SET title = ?, updated_at = %1, settings_json = ?, "
                                              "tokens_text = ? WHERE id = ?")
                                   .arg(nextUpdateTime("pieces")),
                               {piece.title, nowMs(), settings, piece.text, id});
            if (!q.ok())
                return q.error();
            if (q.value().numRowsAffected() == 0)
                return noPiece(id);
        }
        if (!resume)
            return db_->run(QStringLiteral("DELETE FROM piece_states WHERE piece_id = ?"), {id});
        return db_->run(QStringLiteral("INSERT OR REPLACE INTO piece_states (piece_id, fingerprint, format_version, "
                                       "covered_tokens, raw_size, data, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        {id, fingerprintValue(resume->modelFingerprint), resume->formatVersion, resume->coveredTokens,
                         qint64(resume->stateBeforeLast.size()), compressed, nowMs()});
    });
    if (!written.ok())
        return written.error();
    return id;
}

Result<MusicPiece> PieceStore::load(qint64 id, quint64 modelFingerprint) const
{
    auto q = db_->exec(QStringLiteral("SELECT title, created_at, updated_at, settings_json, tokens_text FROM pieces WHERE id = ?"),
                       {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return noPiece(id);
    MusicPiece p;
    p.id = id;
    p.title = q.value().value(0).toString();
    p.created = timeFromMs(q.value().value(1));
    p.updated = timeFromMs(q.value().value(2));
    const QJsonObject settings = jsonObjectFrom(q.value().value(3));
    p.kind = settings.value("kind").toString();
    p.generatedFrom = settings.value("generatedFrom").toInt();
    p.text = q.value().value(4).toString();
    if (modelFingerprint == 0)
        return p;
    auto s = db_->exec(QStringLiteral("SELECT fingerprint, format_version, covered_tokens, raw_size, data "
                                      "FROM piece_states WHERE piece_id = ?"),
                       {id});
    if (!s.ok())
        return s.error();
    if (!s.value().next() || fingerprintFrom(s.value().value(0)) != modelFingerprint)
        return p;
    auto raw = StateCompression::decompress(s.value().value(4).toByteArray(), s.value().value(3).toLongLong());
    if (!raw.ok())
        return p; // a damaged state only costs a re-read of the piece
    PieceResumePoint r;
    r.modelFingerprint = modelFingerprint;
    r.formatVersion = s.value().value(1).toInt();
    r.coveredTokens = s.value().value(2).toInt();
    r.stateBeforeLast = std::move(raw).value();
    r.lastToken = settings.value("lastToken").toInt(-1);
    if (r.lastToken >= 0)
        p.resume = std::move(r);
    return p;
}

Result<QList<MusicPiece>> PieceStore::list() const
{
    auto q = db_->exec(QStringLiteral("SELECT id, title, created_at, updated_at, settings_json FROM pieces "
                                      "ORDER BY updated_at DESC, id DESC"));
    if (!q.ok())
        return q.error();
    QList<MusicPiece> out;
    while (q.value().next()) {
        MusicPiece p;
        p.id = q.value().value(0).toLongLong();
        p.title = q.value().value(1).toString();
        p.created = timeFromMs(q.value().value(2));
        p.updated = timeFromMs(q.value().value(3));
        const QJsonObject settings = jsonObjectFrom(q.value().value(4));
        p.kind = settings.value("kind").toString();
        p.generatedFrom = settings.value("generatedFrom").toInt();
        out.push_back(std::move(p));
    }
    return out;
}

Result<void> PieceStore::remove(qint64 id)
{
    auto q = db_->exec(QStringLiteral("DELETE FROM pieces WHERE id = ?"), {id});
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() == 0)
        return noPiece(id);
    return {};
}
