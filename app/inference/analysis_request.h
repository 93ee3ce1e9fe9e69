// AnalysisRequest is a job for the InferenceWorker that reads text without generating: embedding
// passages (rwkv::embed) or scoring how likely a continuation is after a context
// (rwkv::meanLogProbability, the re-ranking score). Each text is read from the model's initial
// state in one call, so a text's result never depends on the others in the same request or on
// other jobs. AnalysisResult is what comes back. Plain values for queued signals.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

struct AnalysisRequest {
    enum class Kind { Embed, Score };
    Kind kind = Kind::Embed;
    QStringList texts;         // Embed: the texts; Score: the contexts
    QStringList continuations; // Score: scored after the context of the same index
    int window = 512;          // Embed: tokens per window (model/embedding.h)
};

struct AnalysisResult {
    quint64 jobId = 0;
    QList<QVector<float>> vectors; // Embed: one unit vector per text
    QList<double> scores;          // Score: mean log-probability per pair
    quint64 modelFingerprint = 0;
    qint64 tokens = 0;             // tokens the model read for this job
    bool stopped = false;
    QString error;                 // a sentence for the user when it failed

    bool ok() const { return error.isEmpty() && !stopped; }
};

Q_DECLARE_METATYPE(AnalysisResult)
