// ModelSummary is what the app knows about a model file: the facts `rwkv-cli info` prints plus
// file size and the memory it needs. It is a plain value safe to pass to the ui.
#pragma once

#include <QMetaType>
#include <QString>

struct ModelSummary {
    QString path;
    QString fileName;
    QString arch;          // "7", "6", "5.2", ...
    int layers = 0;
    int embd = 0;
    int heads = 0;
    int headSize = 0;
    int vocab = 0;
    qint64 parameters = 0;
    QString storedDType;   // "bf16", "f32", ...
    qint64 fileSize = 0;
    QString weightFormat;  // compute format of the weights: "" = as stored, "f32", "f16", "bf16", "int8", "q4"
    qint64 ramBytes = 0;   // weights in that format plus one state and working buffers
    qint64 stateBytes = 0; // one conversation's state
    quint64 fingerprint = 0; // known once loaded
    QString tokenizer;     // tokenizer spec used ("bytes", "world", a path)
    QString runsOn;        // where the loaded model runs: "CPU" or "GPU: <device name>"
    QString runsOnNote;    // why a GPU is not used, when one was asked for or could not be used
    QString adapter;       // file name of the fine-tuned LoRA or state applied at load, if any

    bool isValid() const { return layers > 0; }
    // "12 layers · D64 · 1 head × 64 · vocabulary 256"
    QString shapeText() const;
};

// "834 K", "1.6 B": parameter counts as users read them.
QString formatParameters(qint64 count);
// "3.2 MB", "1.50 GB".
QString formatBytes(qint64 bytes);
// Bytes per weight in `format` ("" = as stored in a file of `storedDType`).
double bytesPerWeight(const QString& format, const QString& storedDType);
// Recomputes ramBytes for running with weights in `format`.
void estimateMemory(ModelSummary& summary, const QString& format);

Q_DECLARE_METATYPE(ModelSummary)
