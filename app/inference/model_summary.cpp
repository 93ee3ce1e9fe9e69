#include "app/inference/model_summary.h"

#include <QObject>

QString ModelSummary::shapeText() const
{
    QString heads_ = heads == 1 ? QObject::tr("1 head × %1").arg(headSize)
        : heads > 1            ? QObject::tr("%1 heads × %2").arg(heads).arg(headSize)
                               : QObject::tr("no heads (v4)");
    return QObject::tr("%1 layers · D%2 · %3 · vocabulary %4").arg(layers).arg(embd).arg(heads_).arg(vocab);
}

QString formatParameters(qint64 count)
{
    if (count >= 1'000'000'000)
        return QString::number(count / 1e9, 'f', 1) + QStringLiteral(" B");
    if (count >= 1'000'000)
        return QString::number(count / 1e6, 'f', 1) + QStringLiteral(" M");
    if (count >= 1'000)
        return QString::number(count / 1e3, 'f', 0) + QStringLiteral(" K");
    return QString::number(count);
}

QString formatBytes(qint64 bytes)
{
    if (bytes >= (qint64(1) << 30))
        return QString::number(bytes / double(qint64(1) << 30), 'f', 2) + QStringLiteral(" GB");
    if (bytes >= (1 << 20))
        return QString::number(bytes / double(1 << 20), 'f', 1) + QStringLiteral(" MB");
    if (bytes >= (1 << 10))
        return QString::number(bytes / double(1 << 10), 'f', 0) + QStringLiteral(" KB");
    return QString::number(bytes) + QStringLiteral(" bytes");
}
