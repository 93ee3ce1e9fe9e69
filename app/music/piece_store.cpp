#include "app/music/piece_store.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstring>

namespace {

QByteArray floatsToBytes(const std::vector<float>& v)
{
    return QByteArray(reinterpret_cast<const char*>(v.data()), qsizetype(v.size() * sizeof(float)));
}

std::vector<float> bytesToFloats(const QByteArray& b)
{
    std::vector<float> v(size_t(b.size()) / sizeof(float));
    if (!v.empty())
        std::memcpy(v.data(), b.constData(), v.size() * sizeof(float));
    return v;
}

} // namespace

PieceStore::PieceStore(const QString& path)
{
    static QAtomicInteger<int> counter;
    connection_ = QStringLiteral("music-pieces-%1").arg(counter.fetchAndAddRelaxed(1));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
    QDir().mkpath(QFileInfo(path).absolutePath());
    db.setDatabaseName(path);
    if (!db.open()) {
        fail(QStringLiteral("cannot open the piece library %1").arg(path), db.lastError().text());
        return;
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS music_pieces ("
                               " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                               " title TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,"
                               " generated_from INTEGER NOT NULL DEFAULT 0,"
                               " model_fingerprint INTEGER NOT NULL DEFAULT 0,"
                               " state BLOB, logits BLOB, updated TEXT NOT NULL,"
                               " revision INTEGER NOT NULL DEFAULT 0)"))) {
        fail(QStringLiteral("%1 is not a usable database").arg(path), q.lastError().text());
        return;
    }
    open_ = true;
}

PieceStore::~PieceStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(connection_, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection_);
}

bool PieceStore::fail(const QString& what, const QString& detail)
{
    error_ = detail.isEmpty() ? what : what + QStringLiteral(" (") + detail + QStringLiteral(")");
    return false;
}

std::optional<qint64> PieceStore::save(const MusicPiece& piece)
{
    if (!open_)
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(connection_));
    if (piece.id == 0)
        q.prepare(QStringLiteral("INSERT INTO music_pieces (title, kind, text, generated_from, model_fingerprint,"
                                 " state, logits, updated, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                                 " (SELECT COALESCE(MAX(revision), 0) + 1 FROM music_pieces))"));
    else
        q.prepare(QStringLiteral("UPDATE music_pieces SET title = ?, kind = ?, text = ?, generated_from = ?,"
                                 " model_fingerprint = ?, state = ?, logits = ?, updated = ?,"
                                 " revision = (SELECT COALESCE(MAX(revision), 0) + 1 FROM music_pieces) WHERE id = ?"));
    q.addBindValue(piece.title);
    q.addBindValue(piece.kind);
    q.addBindValue(piece.text);
    q.addBindValue(piece.generatedFrom);
    q.addBindValue(qint64(piece.modelFingerprint));
    q.addBindValue(piece.state);
    q.addBindValue(floatsToBytes(piece.logits));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    if (piece.id != 0)
        q.addBindValue(piece.id);
    if (!q.exec()) {
        fail(QStringLiteral("the piece \"%1\" could not be saved").arg(piece.title), q.lastError().text());
        return std::nullopt;
    }
    if (piece.id != 0 && q.numRowsAffected() == 0) {
        fail(QStringLiteral("the piece \"%1\" no longer exists").arg(piece.title), {});
        return std::nullopt;
    }
    return piece.id != 0 ? piece.id : q.lastInsertId().toLongLong();
}

std::optional<MusicPiece> PieceStore::load(qint64 id)
{
    if (!open_)
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(connection_));
    q.prepare(QStringLiteral("SELECT title, kind, text, generated_from, model_fingerprint, state, logits, updated"
                             " FROM music_pieces WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) {
        fail(QStringLiteral("piece %1 was not found").arg(id), q.lastError().text());
        return std::nullopt;
    }
    MusicPiece p;
    p.id = id;
    p.title = q.value(0).toString();
    p.kind = q.value(1).toString();
    p.text = q.value(2).toString();
    p.generatedFrom = q.value(3).toInt();
    p.modelFingerprint = quint64(q.value(4).toLongLong());
    p.state = q.value(5).toByteArray();
    p.logits = bytesToFloats(q.value(6).toByteArray());
    p.updated = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    return p;
}

QList<MusicPiece> PieceStore::list()
{
    QList<MusicPiece> out;
    if (!open_)
        return out;
    QSqlQuery q(QSqlDatabase::database(connection_));
    if (!q.exec(QStringLiteral("SELECT id, title, kind, generated_from, updated FROM music_pieces ORDER BY revision DESC"))) {
        fail(QStringLiteral("the piece library could not be read"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        MusicPiece p;
        p.id = q.value(0).toLongLong();
        p.title = q.value(1).toString();
        p.kind = q.value(2).toString();
        p.generatedFrom = q.value(3).toInt();
        p.updated = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
        out.push_back(std::move(p));
    }
    return out;
}

bool PieceStore::remove(qint64 id)
{
    if (!open_)
        return false;
    QSqlQuery q(QSqlDatabase::database(connection_));
    q.prepare(QStringLiteral("DELETE FROM music_pieces WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(QStringLiteral("piece %1 could not be deleted").arg(id), q.lastError().text());
    return q.numRowsAffected() > 0;
}
