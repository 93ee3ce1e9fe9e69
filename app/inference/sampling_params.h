// SamplingParams are the knobs a user sets for one generation, in the units RWKV users know
// (docs/RWKV.md "Sampling"). Presets carry RWKV-Runner's defaults for chat and for writing.
#pragma once

#include <QString>
#include <QVariantMap>

struct SamplingParams {
    double temperature = 1.0;
    double topP = 0.3;
    int topK = 0;
    double presencePenalty = 0.0;
    double frequencyPenalty = 1.0;
    double penaltyDecay = 0.996;
    int maxTokens = 500;
    quint64 seed = 0; // 0: a fresh random seed for every generation
    // "Keep writing": the end-of-text token is banned and stop strings are ignored, so the text
    // ends only at maxTokens or when the user stops it (Write's long continuations; tests that
    // need a reply that cannot end by itself).
    bool keepWriting = false;

    // The shipped defaults (resources/presets/presets.json, app/settings/preset_library.h):
    // RWKV-Runner's chat defaults (temperature 1, top-p 0.3, presence 0, frequency 1, decay 0.996)
    // and its "Writer" completion preset (temperature 1, top-p 0.5, presence 0.4, frequency 0.4).
    static SamplingParams chatDefaults();
    static SamplingParams writerDefaults();

    QVariantMap toMap() const;
    static SamplingParams fromMap(const QVariantMap& map, const SamplingParams& fallback);
    bool operator==(const SamplingParams&) const = default;
};
