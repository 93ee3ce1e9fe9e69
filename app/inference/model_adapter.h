// ModelAdapter is a fine-tuning result applied when a model loads: a RWKV-PEFT LoRA merged into
// the weights (with its alpha) and/or a state-tuning file used as every new state. A plain value.
#pragma once

#include <QString>

struct ModelAdapter {
    QString loraPath;
    double loraAlpha = 0.0;
    QString statePath;

    bool isEmpty() const { return loraPath.isEmpty() && statePath.isEmpty(); }
    bool operator==(const ModelAdapter&) const = default;
};
