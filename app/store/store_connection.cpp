#include "app/store/store_connection.h"

#include "app/store/schema.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

#include <atomic>

namespace {

// SQLite primary result codes (sqlite3.h); Qt reports them as the native error code.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADb = 26;

QString nativePath(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

// Files this process has already checked, by path, size and modification time. quick_check
// reads every page (hundreds of ms per GB of saved states), and the GUI and the worker open the
// same unchanged file at start-up; in WAL mode the main file changes only at checkpoints.
class CheckedFiles {
public:
    static QString key(const QFileInfo& info)
    {
        return info.absoluteFilePath() + QLatin1Char('|') + QString::number(info.size()) +
               QLatin1Char('|') +
               QString::number(info.lastModified().toMSecsSinceEpoch());
    }
    bool contains(const QString& key)
    {
        QMutexLocker lock(&mutex_);
        return keys_.contains(key);
    }
    void insert(const QString& key)
    {
        QMutexLocker lock(&mutex_);
        keys_.insert(key);
    }

private:
    QMutex mutex_;
    QSet<QString> keys_;
};

CheckedFiles& checkedFiles()
{
    static CheckedFiles files;
    return files;
}

QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("studio-store-%1").arg(++counter);
}

} // namespace

StoreConnection::StoreConnection(QString path, QString connectionName)
    : path_(std::move(path)), connectionName_(std::move(connectionName))
{
}

StoreConnection::~StoreConnection()
{
    if (db_.isValid()) {
        db_.close();
        db_ = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName_);
    }
}

Result<std::unique_ptr<StoreConnection>> StoreConnection::open(const QString& path)
{
    const QFileInfo info(path);
    if (QFileInfo(path).isDir())
        return StoreError(StoreError::Code::Io,
                          QStringLiteral("%1 is a folder, not a database file.").arg(nativePath(path)));
    if (!QDir().mkpath(info.absolutePath()))
        return StoreError(StoreError::Code::Io,
                          QStringLiteral("The folder %1 for the database could not be created.")
                              .arg(nativePath(info.absolutePath())));

    // An existing file is checked through a read-only connection first: a read-write connection
    // checkpoints its WAL into the main file when it closes, which would write into a damaged
    // file (and empty its -wal) that we promise to leave untouched for moveAside().
    if (info.exists() && info.size() > 0) {
        const QString checkedKey = CheckedFiles::key(info);
        if (!checkedFiles().contains(checkedKey)) {
            if (auto checked = checkExisting(path); !checked.ok())
                return checked.error();
            checkedFiles().insert(checkedKey);
        }
    }

    std::unique_ptr<StoreConnection> connection(new StoreConnection(path, uniqueConnectionName()));
    connection->db_ = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection->connectionName_);
    if (!connection->db_.isValid())
        return StoreError(StoreError::Code::Io,
                          QStringLiteral("Qt's SQLite driver is not installed (Debian package "
                                         "libqt6sql6-sqlite), so the database cannot be opened."));
    connection->db_.setDatabaseName(path);
    connection->db_.setConnectOptions(
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!connection->db_.open())
        return connection->errorFrom(connection->db_.lastError(), QStringLiteral("opening it"));

    if (auto configured = connection->configure(); !configured.ok())
        return configured.error();
    if (auto migrated = StoreSchema::migrate(*connection); !migrated.ok())
        return migrated.error();
    return connection;
}

Result<void> StoreConnection::checkExisting(const QString& path)
{
    StoreConnection probe(path, uniqueConnectionName());
    probe.db_ = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), probe.connectionName_);
    probe.db_.setDatabaseName(path);
    probe.db_.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1")
                                    .arg(kBusyTimeoutMs));
    if (!probe.db_.open())
        return probe.errorFrom(probe.db_.lastError(), QStringLiteral("opening it"));
    auto check = probe.exec(QStringLiteral("PRAGMA quick_check"));
    if (!check.ok())
        return check.error();
    QSqlQuery& rows = check.value();
    const QString first = rows.next() ? rows.value(0).toString() : QString();
    if (first != QLatin1String("ok"))
        return StoreError(StoreError::Code::Corrupt,
                          QStringLiteral("The database file %1 is damaged and cannot be used. "
                                         "Move it aside to start with a fresh database; the "
                                         "damaged copy is kept.")
                              .arg(nativePath(path)),
                          QStringLiteral("quick_check: ") + first);
    return {};
}

Result<void> StoreConnection::configure()
{
    // foreign_keys is per connection and off by default; the tree's cascades depend on it.
    if (auto r = run(QStringLiteral("PRAGMA foreign_keys = ON")); !r.ok())
        return r;
    // A new file returns the pages of deleted states to the file system (incremental_vacuum after
    // the state budget evicts some). It can only be chosen before the first table exists.
    qint64 pages = -1;
    if (auto q = exec(QStringLiteral("PRAGMA page_count")); q.ok() && q.value().next())
        pages = q.value().value(0).toLongLong(); // the statement ends here: no read lock held below
    if (pages == 0)
        if (auto r = run(QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL")); !r.ok())
            return r;
    // WAL lets the GUI read while the worker writes, and a killed process never leaves a
    // half-written page behind. journal_mode may stay "delete" on file systems without shared
    // memory; the store still works there, only with less concurrency.
    if (auto r = exec(QStringLiteral("PRAGMA journal_mode = WAL")); !r.ok())
        return r.error();
    // In WAL mode NORMAL keeps the file consistent on power loss and loses no committed
    // transaction when only the process dies; FULL would fsync on every message.
    if (auto r = run(QStringLiteral("PRAGMA synchronous = NORMAL")); !r.ok())
        return r;

    return {};
}

Result<QSqlQuery> StoreConnection::exec(const QString& sql, const QVariantList& values)
{
    QSqlQuery query(db_);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return errorFrom(query.lastError(), QString());
    for (const QVariant& value : values) {
        // Qt binds a null QString as SQL NULL; the store's text columns are NOT NULL and a
        // default-constructed QString means "empty" to every caller.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QString(QLatin1String("")));
        else
            query.addBindValue(value);
    }
    if (!query.exec())
        return errorFrom(query.lastError(), QString());
    return query;
}

Result<void> StoreConnection::run(const QString& sql, const QVariantList& values)
{
    auto query = exec(sql, values);
    if (!query.ok())
        return query.error();
    return {};
}

Result<void> StoreConnection::runToCompletion(const QString& sql)
{
    const QVariant handle = db_.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return run(sql); // not SQLite's driver: the best it can do
    sqlite3* raw = *static_cast<sqlite3* const*>(handle.constData());
    char* message = nullptr;
    const int rc = sqlite3_exec(raw, sql.toUtf8().constData(), nullptr, nullptr, &message);
    const QString text = QString::fromUtf8(message ? message : "");
    sqlite3_free(message);
    if (rc == SQLITE_OK)
        return {};
    return StoreError(rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? StoreError::Code::Corrupt : StoreError::Code::Sql,
                      QStringLiteral("The database could not tidy up its free space."), text);
}

Result<void> StoreConnection::transaction(const std::function<Result<void>()>& work)
{
    const bool outermost = transactionDepth_ == 0;
    // IMMEDIATE takes the write lock up front: a deferred transaction that later needs to write
    // can fail with SQLITE_BUSY without waiting when another connection wrote meanwhile.
    const QString savepoint = QStringLiteral("store_nested_%1").arg(transactionDepth_);
    if (auto begun = run(outermost ? QStringLiteral("BEGIN IMMEDIATE")
                                   : QStringLiteral("SAVEPOINT ") + savepoint);
        !begun.ok())
        return begun;

    ++transactionDepth_;
    Result<void> result = work();
    --transactionDepth_;

    if (result.ok()) {
        auto committed = run(outermost ? QStringLiteral("COMMIT")
                                       : QStringLiteral("RELEASE ") + savepoint);
        if (committed.ok())
            return {};
        result = committed;
    }
    if (outermost) {
        (void)run(QStringLiteral("ROLLBACK"));
    } else {
        (void)run(QStringLiteral("ROLLBACK TO ") + savepoint);
        (void)run(QStringLiteral("RELEASE ") + savepoint);
    }
    return result;
}

StoreError StoreConnection::errorFrom(const QSqlError& error, const QString& what) const
{
    const QString file = nativePath(path_);
    const QString detail = error.text() + QStringLiteral(" (SQLite code ") +
                           error.nativeErrorCode() + QLatin1Char(')');
    const QString during = what.isEmpty() ? QString() : QStringLiteral(" while ") + what;
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff; // extended codes keep the primary in the low byte
    if (!numeric)
        return StoreError(StoreError::Code::Sql,
                          QStringLiteral("The database %1 reported an error%2.").arg(file, during),
                          detail);
    switch (code) {
    case kSqliteCorrupt:
    case kSqliteNotADb:
        return StoreError(StoreError::Code::Corrupt,
                          QStringLiteral("The database file %1 is damaged or is not an RWKV "
                                         "Studio database. Move it aside to start with a fresh "
                                         "database; the damaged copy is kept.")
                              .arg(file),
                          detail);
    case kSqliteBusy:
    case kSqliteLocked:
        return StoreError(StoreError::Code::Busy,
                          QStringLiteral("The database %1 is locked by another program or RWKV "
                                         "Studio window%2; try again.")
                              .arg(file, during),
                          detail);
    case kSqliteFull:
        return StoreError(StoreError::Code::Io,
                          QStringLiteral("The disk holding %1 is full%2.").arg(file, during),
                          detail);
    case kSqliteReadOnly:
    case kSqliteCantOpen:
    case kSqliteIoErr:
        return StoreError(StoreError::Code::Io,
                          QStringLiteral("The database %1 could not be opened, read or "
                                         "written%2 (check the permissions and free space).")
                              .arg(file, during),
                          detail);
    default:
        return StoreError(StoreError::Code::Sql,
                          QStringLiteral("The database %1 reported an error%2.").arg(file, during),
                          detail);
    }
}
