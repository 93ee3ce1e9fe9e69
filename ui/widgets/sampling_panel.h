// SamplingPanel edits SamplingParams: temperature, top-p, presence and frequency penalties, their
// decay, the reply length and the seed, with a button back to the defaults it was given. Panes that
// continue text (Write) also offer "Keep writing": no end-of-text and no stop strings.
#pragma once

#include "app/inference/sampling_params.h"

#include <QWidget>

class QDoubleSpinBox;
class QSpinBox;
class QCheckBox;
class QFormLayout;
class QLineEdit;

class SamplingPanel : public QWidget {
    Q_OBJECT
public:
    SamplingPanel(const SamplingParams& defaults, const QString& lengthLabel, QWidget* parent = nullptr);

    SamplingParams params() const;
    void setParams(const SamplingParams& params);
    // Adds the "Keep writing" box (off by default).
    void offerKeepWriting();

signals:
    void changed(const SamplingParams& params);

private:
    SamplingParams defaults_;
    QDoubleSpinBox* temperature_;
    QDoubleSpinBox* topP_;
    QDoubleSpinBox* presence_;
    QDoubleSpinBox* frequency_;
    QDoubleSpinBox* decay_;
    QSpinBox* maxTokens_;
    QLineEdit* seed_;
    QCheckBox* keepWriting_ = nullptr;
    QFormLayout* form_;
    bool updating_ = false;
};
