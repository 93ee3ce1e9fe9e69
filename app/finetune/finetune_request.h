// FinetuneRequest is everything a fine-tuning run is started with: the base model, the user's
// data, and the knobs (RWKV-PEFT's names and defaults). The pane's presets fill it; the run store
// keeps it as JSON. A plain value that travels between threads.
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

struct FinetuneRequest {
    enum class Method { Lora, State, Full };

    QString baseModel;
    QString tokenizer; // empty: chosen from the vocabulary as at load
    QStringList data;  // files and folders
    Method method = Method::Lora;
    int loraRank = 8;
    double loraAlpha = 16;
    bool trainLayerNorms = false;
    double loraDropout = 0;
    double lr = 1e-4;
    double lrFinal = 1e-5;
    int warmupSteps = 0;
    int steps = 0;       // 0: from epochs
    double epochs = 1.0;
    int ctx = 512;
    int batch = 1;
    int accumulate = 1;
    double clip = 1.0;
    quint64 seed = 42;
    double validationFraction = 0.05;
    // LoRA and state tuning: the frozen base weights in memory as "f32", "bf16", "int8" or "q4"
    // (bf16 is exact for the usual bf16 checkpoints at half the memory of f32; q4 is QLoRA-like).
    QString baseWeights = QStringLiteral("bf16");
    int sampleEvery = 20;   // steps between the short samples the pane shows (0: none)
    QString samplePrompt;   // empty: the start of the training text

    // "Write in this style": LoRA with RWKV-PEFT's defaults. "Give it a persona": state tuning.
    static FinetuneRequest styleDefaults();
    static FinetuneRequest personaDefaults();

    QJsonObject toJson() const;
    static FinetuneRequest fromJson(const QJsonObject& json);
    static QString methodName(Method m);
};

Q_DECLARE_METATYPE(FinetuneRequest)
