// The presets RWKV Studio ships, as data: resources/presets/presets.json, built into the app as
// :/presets/presets.json. It holds the default sampling for chat and for writing (RWKV-Runner's),
// the Write pane's writing presets, the personas a new install starts with, and the fine-tune
// presets, so they are tuned by editing that file rather than the panes' code. Read once; a
// damaged file is a build error caught by the tests, never a crash (the built-in fallback is
// the plain defaults of each struct).
#pragma once

#include "app/inference/sampling_params.h"
#include "app/settings/app_settings.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace presets {

struct WritingPreset {
    QString name;
    SamplingParams sampling;
};

// Where the presets are read from (tests point it at a file of their own; empty: the built-in one).
void setSource(const QString& path);
// False, with a sentence, when the presets file is missing or not valid JSON.
bool loaded(QString* error = nullptr);

SamplingParams chatSampling();
SamplingParams writeSampling();
QList<WritingPreset> writing();
QList<PersonaPreset> personas();
// Fields of FinetuneRequest's JSON that the fine-tune preset `name` ("style", "persona") sets.
QJsonObject finetune(const QString& name);

} // namespace presets
