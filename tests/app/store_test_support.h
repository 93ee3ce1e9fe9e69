// Helpers for the store tests: raw SQL access to a database file that bypasses the store (to
// build old schemas, damage data and inspect what was written) and deterministic state blobs.
#pragma once

#include "app/store/state_blob.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QVariant>

#include <atomic>
#include <cstring>

namespace storetest {

class RawDatabase {
public:
    explicit RawDatabase(const QString& path)
    {
        static std::atomic<int> counter{0};
        name_ = QStringLiteral("raw-test-%1").arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_);
        db.setDatabaseName(path);
        opened_ = db.open();
    }
    ~RawDatabase()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(name_, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name_);
    }
    RawDatabase(const RawDatabase&) = delete;
    RawDatabase& operator=(const RawDatabase&) = delete;

    bool opened() const { return opened_; }

    // Runs one statement; a failure is recorded as a test failure by the caller via ok.
    bool exec(const QString& sql, const QVariantList& values = {})
    {
        QSqlQuery q(QSqlDatabase::database(name_, false));
        q.prepare(sql);
        for (const QVariant& v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            lastError_ = q.lastError().text();
            return false;
        }
        return true;
    }

    // The first column of the first row, or an invalid QVariant.
    QVariant scalar(const QString& sql, const QVariantList& values = {})
    {
        QSqlQuery q(QSqlDatabase::database(name_, false));
        q.prepare(sql);
        for (const QVariant& v : values)
            q.addBindValue(v);
        if (!q.exec() || !q.next()) {
            lastError_ = q.lastError().text();
            return QVariant();
        }
        return q.value(0);
    }

    QString lastError() const { return lastError_; }

private:
    QString name_;
    QString lastError_;
    bool opened_ = false;
};

// `floats` pseudo-random float32 values (deterministic for a seed), like a real state's bytes.
inline StateBlob makeState(quint64 fingerprint, int floats, quint32 seed, int formatVersion = 1)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(qsizetype(floats) * 4, Qt::Uninitialized);
    for (int i = 0; i < floats; ++i) {
        const float f = float(rng.generateDouble() * 2.0 - 1.0);
        std::memcpy(bytes.data() + qsizetype(i) * 4, &f, 4);
    }
    return StateBlob{fingerprint, formatVersion, bytes};
}

} // namespace storetest

// Fails the test with the store's sentence when a Result is not ok.
#define STORE_VERIFY(result)                                                                     \
    do {                                                                                         \
        const auto& storeResult_ = (result);                                                     \
        if (!storeResult_.ok())                                                                  \
            QFAIL(qPrintable(QStringLiteral("store call failed: ") + storeResult_.errorString() + \
                             QStringLiteral(" | ") + storeResult_.error().detail()));            \
    } while (0)
