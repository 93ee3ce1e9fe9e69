// StoreConnection is one SQLite connection to the studio database, owned by one store instance
// on one thread. Opening it applies the connection settings (WAL, foreign keys, synchronous=
// NORMAL, busy timeout), checks an existing file with PRAGMA quick_check and migrates the schema
// (schema.h). All SQL goes through exec()/run() with bound values; statements that fail with
// SQLite's CORRUPT or NOTADB are reported as Code::Corrupt so the app can offer recovery.
// Internal to app/store.
#pragma once

#include "app/store/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

class QSqlError;

class StoreConnection {
public:
    // How long a statement waits for another connection's lock before failing with Busy.
    static constexpr int kBusyTimeoutMs = 5000;

    static Result<std::unique_ptr<StoreConnection>> open(const QString& path);
    ~StoreConnection();

    StoreConnection(const StoreConnection&) = delete;
    StoreConnection& operator=(const StoreConnection&) = delete;

    const QString& path() const { return path_; }
    QSqlDatabase& database() { return db_; }

    // Prepares `sql`, binds `values` positionally ("?") and executes it. The query is returned
    // positioned before its first row.
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& values = {});
    // exec() for statements whose rows are not needed.
    Result<void> run(const QString& sql, const QVariantList& values = {});

    // Runs `sql` to completion with sqlite3_exec: for pragmas that do their work one result row
    // at a time without returning columns (incremental_vacuum), which QSqlQuery steps only once.
    Result<void> runToCompletion(const QString& sql);

    // Runs `work` in a transaction (BEGIN IMMEDIATE, or a SAVEPOINT when one is already open on
    // this connection), committing when it returns ok and rolling back otherwise.
    Result<void> transaction(const std::function<Result<void>()>& work);

    // A StoreError for a failed statement or driver call; `what` says what was being done
    // ("saving the message"). CORRUPT/NOTADB become Corrupt, BUSY/LOCKED become Busy.
    StoreError errorFrom(const QSqlError& error, const QString& what) const;

private:
    StoreConnection(QString path, QString connectionName);
    // PRAGMA quick_check on an existing file, read-only (see open()).
    static Result<void> checkExisting(const QString& path);
    Result<void> configure();

    QString path_;
    QString connectionName_;
    QSqlDatabase db_;
    int transactionDepth_ = 0;
};
