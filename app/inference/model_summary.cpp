#include "app/inference/model_summary.h"

#include <QObject>

QString ModelSummary::shapeText() const
{
    QString heads_ = heads == 1 ? QObject::tr("1 head × %1").arg(headSize)
        : heads > 1            ? QObject::tr("%1 heads × %2").arg(heads).arg(headSize)
                               : QObject::tr("no heads (v4)");
    return QObject::tr("%1 layers · D%2 · %3 · vocabulary %4").arg(layers).arg(embd).arg(heads_).arg(vocab);
}

double bytesPerWeight(const QString& format, const QString& storedDType)
{
    const QString f = format.isEmpty() ? storedDType : format;
    if (f == QLatin1String("f16") || f == QLatin1String("bf16"))
        return 2.0;
    if (f == QLatin1String("int8") || f == QLatin1String("q8"))
        return 1.0 + 4.0 / 32; // a float scale per group of 32
    if (f == QLatin1String("q4"))
        return 0.5 + 4.0 / 32;
    return 4.0;
}

void estimateMemory(ModelSummary& s, const QString& format)
{
    const qint64 stateFloats = s.heads > 0
        ? qint64(s.layers) * (2 * qint64(s.embd) + qint64(s.heads) * s.headSize * s.headSize)
        : qint64(s.layers) * 5 * s.embd;
    s.stateBytes = stateFloats * 4;
    s.weightFormat = format;
    // Logits and activations need a few rows of V and D; the rest is a fixed allowance.
    const qint64 working = qint64(s.vocab) * 4 * 4 + qint64(s.embd) * 4 * 64 + (16 << 20);
    s.ramBytes = qint64(s.parameters * bytesPerWeight(format, s.storedDType)) + 2 * s.stateBytes + working;
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
