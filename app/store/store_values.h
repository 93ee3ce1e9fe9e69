// Conversions between the store's C++ values and SQLite column values, shared by the store
// implementations. Internal to app/store.
#pragma once

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QVariant>

namespace StoreValues {

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

inline QDateTime timeFromMs(const QVariant& ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::UTC);
}

// An SQL expression for a new updated_at of a row in `table`, bound to nowMs(): never below the
// newest existing value + 1, so "most recently updated first" is strict even for changes in the
// same millisecond or after the clock stepped back.
inline QString nextUpdateTime(const char* table)
{
    return QStringLiteral("MAX(?, (SELECT COALESCE(MAX(updated_at), 0) + 1 FROM %1))")
        .arg(QLatin1String(table));
}

// Ids > 0 as INTEGER, 0 ("none") as NULL.
inline QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

inline qint64 idFrom(const QVariant& v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

// SQLite INTEGER is signed 64-bit; fingerprints keep their bits.
inline QVariant fingerprintValue(quint64 fingerprint)
{
    return QVariant(qint64(fingerprint));
}

inline quint64 fingerprintFrom(const QVariant& v)
{
    return quint64(v.toLongLong());
}

inline QString jsonText(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A column written by jsonText(); anything unreadable becomes an empty object.
inline QJsonObject jsonObjectFrom(const QVariant& v)
{
    const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8());
    return doc.isObject() ? doc.object() : QJsonObject();
}

// A LIKE pattern matching `text` anywhere, for "LIKE ? ESCAPE '\'".
inline QString containsPattern(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('%'), QLatin1String("\\%"));
    text.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + text + QLatin1Char('%');
}

} // namespace StoreValues
