#include "ui/widgets/sampling_panel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace {

QDoubleSpinBox* spin(QWidget* parent, double min, double max, double step, int decimals, const QString& tip,
                     const char* name)
{
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(min, max);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setToolTip(tip);
    s->setObjectName(QString::fromLatin1(name));
    return s;
}

} // namespace

SamplingPanel::SamplingPanel(const SamplingParams& defaults, const QString& lengthLabel, QWidget* parent)
    : QWidget(parent), defaults_(defaults)
{
    auto* form = form_ = new QFormLayout(this);
    temperature_ = spin(this, 0, 5, 0.1, 2, tr("Higher is more random; 0 always picks the likeliest token."),
                        "temperature");
    topP_ = spin(this, 0, 1, 0.05, 2, tr("Only the likeliest tokens whose probabilities add up to this are drawn."),
                 "topP");
    presence_ = spin(this, -2, 5, 0.1, 2, tr("Penalty for any token already used: encourages new topics."),
                     "presence");
    frequency_ = spin(this, -2, 5, 0.1, 2, tr("Penalty growing with each use of a token: discourages repetition."),
                      "frequency");
    decay_ = spin(this, 0.9, 1, 0.001, 3, tr("Penalties fade by this factor every token."), "decay");
    maxTokens_ = new QSpinBox(this);
    maxTokens_->setRange(1, 100000);
    maxTokens_->setObjectName(QStringLiteral("maxTokens"));
    seed_ = new QLineEdit(this);
    seed_->setPlaceholderText(tr("random"));
    seed_->setToolTip(tr("A fixed seed repeats the same text for the same prompt; empty draws a new one."));
    seed_->setObjectName(QStringLiteral("seed"));
    form->addRow(tr("Temperature"), temperature_);
    form->addRow(tr("Top-p"), topP_);
    form->addRow(tr("Presence penalty"), presence_);
    form->addRow(tr("Frequency penalty"), frequency_);
    form->addRow(tr("Penalty decay"), decay_);
    form->addRow(lengthLabel, maxTokens_);
    form->addRow(tr("Seed"), seed_);
    auto* reset = new QPushButton(tr("Defaults"), this);
    form->addRow(QString(), reset);
    connect(reset, &QPushButton::clicked, this, [this] {
        setParams(defaults_);
        emit changed(params());
    });
    setParams(defaults);

    auto notify = [this] {
        if (!updating_)
            emit changed(params());
    };
    for (QDoubleSpinBox* s : {temperature_, topP_, presence_, frequency_, decay_})
        connect(s, &QDoubleSpinBox::valueChanged, this, notify);
    connect(maxTokens_, &QSpinBox::valueChanged, this, notify);
    connect(seed_, &QLineEdit::editingFinished, this, notify);
}

SamplingParams SamplingPanel::params() const
{
    SamplingParams p = defaults_;
    p.temperature = temperature_->value();
    p.topP = topP_->value();
    p.presencePenalty = presence_->value();
    p.frequencyPenalty = frequency_->value();
    p.penaltyDecay = decay_->value();
    p.maxTokens = maxTokens_->value();
    p.seed = seed_->text().trimmed().toULongLong();
    if (keepWriting_)
        p.keepWriting = keepWriting_->isChecked();
    return p;
}

void SamplingPanel::setParams(const SamplingParams& p)
{
    updating_ = true;
    temperature_->setValue(p.temperature);
    topP_->setValue(p.topP);
    presence_->setValue(p.presencePenalty);
    frequency_->setValue(p.frequencyPenalty);
    decay_->setValue(p.penaltyDecay);
    maxTokens_->setValue(p.maxTokens);
    seed_->setText(p.seed ? QString::number(p.seed) : QString());
    if (keepWriting_)
        keepWriting_->setChecked(p.keepWriting);
    updating_ = false;
}

void SamplingPanel::offerKeepWriting()
{
    if (keepWriting_)
        return;
    keepWriting_ = new QCheckBox(tr("Keep writing"), this);
    keepWriting_->setObjectName(QStringLiteral("keepWriting"));
    keepWriting_->setToolTip(tr("Never end the text by itself: it goes on until the length above or until you stop it."));
    keepWriting_->setChecked(defaults_.keepWriting);
    form_->insertRow(form_->rowCount() - 2, QString(), keepWriting_);
    connect(keepWriting_, &QCheckBox::toggled, this, [this] {
        if (!updating_)
            emit changed(params());
    });
}
