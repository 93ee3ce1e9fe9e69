// FinetuneSettingsForm chooses what to teach: plain-language presets ("Write in this style" =
// LoRA, "Give it a persona" = state tuning) and "Advanced", which shows every knob with
// RWKV-PEFT's defaults. It edits the training fields of a FinetuneRequest.
#pragma once

#include "app/finetune/finetune_request.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLineEdit;
class QSpinBox;

class FinetuneSettingsForm : public QWidget {
    Q_OBJECT
public:
    enum Preset { Style = 0, Persona = 1, Advanced = 2 };

    explicit FinetuneSettingsForm(QWidget* parent = nullptr);

    // The request's training fields from the form (model and data are left as given).
    FinetuneRequest apply(FinetuneRequest request) const;
    void setPreset(Preset preset);
    Preset preset() const;

signals:
    void changed();

private:
    void show(const FinetuneRequest& r);

    QComboBox* preset_;
    QGroupBox* advanced_;
    QComboBox* method_;
    QComboBox* baseWeights_;
    QDoubleSpinBox* dropout_;
    QSpinBox* rank_;
    QDoubleSpinBox* alpha_;
    QCheckBox* trainLn_;
    QLineEdit* lr_;
    QLineEdit* lrFinal_;
    QSpinBox* warmup_;
    QDoubleSpinBox* epochs_;
    QSpinBox* steps_;
    QSpinBox* ctx_;
    QSpinBox* batch_;
    QSpinBox* accumulate_;
    QDoubleSpinBox* clip_;
    QLineEdit* seed_;
    QDoubleSpinBox* validation_;
};
