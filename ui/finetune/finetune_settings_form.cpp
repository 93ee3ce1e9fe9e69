#include "ui/finetune/finetune_settings_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace {

QSpinBox* intBox(QWidget* parent, int min, int max, const char* name, const QString& tip)
{
    auto* s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setObjectName(QString::fromLatin1(name));
    s->setToolTip(tip);
    return s;
}

QDoubleSpinBox* realBox(QWidget* parent, double min, double max, int decimals, const char* name, const QString& tip)
{
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(min, max);
    s->setDecimals(decimals);
    s->setObjectName(QString::fromLatin1(name));
    s->setToolTip(tip);
    return s;
}

QLineEdit* rateBox(QWidget* parent, const char* name, const QString& tip)
{
    auto* e = new QLineEdit(parent);
    e->setValidator(new QDoubleValidator(0.0, 100.0, 12, e));
    e->setObjectName(QString::fromLatin1(name));
    e->setToolTip(tip);
    return e;
}

} // namespace

FinetuneSettingsForm::FinetuneSettingsForm(QWidget* parent) : QWidget(parent)
{
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    preset_ = new QComboBox(this);
    preset_->setObjectName(QStringLiteral("preset"));
    preset_->addItem(tr("Write in this style"));
    preset_->addItem(tr("Give it a persona"));
    preset_->addItem(tr("Advanced"));
    preset_->setItemData(Style, tr("Learns your text's words and style with a small LoRA adapter."), Qt::ToolTipRole);
    preset_->setItemData(Persona, tr("Learns who it is from your text as a starting state: tiny, fast, stackable."),
                         Qt::ToolTipRole);
    column->addWidget(new QLabel(tr("<b>What to teach</b>"), this));
    column->addWidget(preset_);

    advanced_ = new QGroupBox(tr("Advanced settings"), this);
    advanced_->setObjectName(QStringLiteral("advanced"));
    auto* form = new QFormLayout(advanced_);
    method_ = new QComboBox(advanced_);
    method_->setObjectName(QStringLiteral("method"));
    method_->addItem(tr("LoRA"), QStringLiteral("lora"));
    method_->addItem(tr("State tuning"), QStringLiteral("state"));
    method_->addItem(tr("Full fine-tuning (small models)"), QStringLiteral("full"));
    baseWeights_ = new QComboBox(advanced_);
    baseWeights_->setObjectName(QStringLiteral("baseWeights"));
    baseWeights_->addItem(tr("float32 (exact, most memory)"), QStringLiteral("f32"));
    baseWeights_->addItem(tr("bf16 (exact for most models, half the memory)"), QStringLiteral("bf16"));
    baseWeights_->addItem(tr("int8 (a quarter of the memory)"), QStringLiteral("int8"));
    baseWeights_->addItem(tr("4-bit (least memory, like QLoRA)"), QStringLiteral("q4"));
    baseWeights_->setToolTip(tr("How the model's own weights, which training leaves unchanged, are kept in memory."));
    rank_ = intBox(advanced_, 1, 512, "rank", tr("LoRA rank: larger learns more and needs more memory."));
    alpha_ = realBox(advanced_, 0.01, 4096, 2, "alpha", tr("LoRA alpha: the adapter is scaled by alpha / rank."));
    dropout_ = realBox(advanced_, 0, 0.9, 3, "dropout",
                       tr("LoRA dropout: the share of the adapter's inputs hidden at each step, against overfitting."));
    trainLn_ = new QCheckBox(tr("Also train the layer norms"), advanced_);
    trainLn_->setObjectName(QStringLiteral("trainLn"));
    lr_ = rateBox(advanced_, "lr", tr("Learning rate at the start (after warm-up)."));
    lrFinal_ = rateBox(advanced_, "lrFinal", tr("Learning rate at the end (cosine decay)."));
    warmup_ = intBox(advanced_, 0, 100000, "warmup", tr("Steps over which the rate ramps up."));
    epochs_ = realBox(advanced_, 0.01, 1000, 2, "epochs", tr("Passes over your text."));
    steps_ = intBox(advanced_, 0, 10000000, "steps", tr("Optimizer steps; 0 = from the epochs."));
    ctx_ = intBox(advanced_, 16, 65536, "ctx", tr("Tokens per sample."));
    batch_ = intBox(advanced_, 1, 1024, "batch", tr("Samples per step."));
    accumulate_ = intBox(advanced_, 1, 1024, "accumulate", tr("Batches added up before each step."));
    clip_ = realBox(advanced_, 0, 100, 2, "clip", tr("Largest gradient norm; 0 = no clipping."));
    seed_ = new QLineEdit(advanced_);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setValidator(new QIntValidator(0, 2147483647, seed_));
    validation_ = realBox(advanced_, 0, 0.5, 2, "validation", tr("Share of the samples kept aside to measure progress."));
    form->addRow(tr("Method"), method_);
    form->addRow(tr("Base weights"), baseWeights_);
    form->addRow(tr("LoRA rank"), rank_);
    form->addRow(tr("LoRA alpha"), alpha_);
    form->addRow(tr("LoRA dropout"), dropout_);
    form->addRow(QString(), trainLn_);
    form->addRow(tr("Learning rate"), lr_);
    form->addRow(tr("Final learning rate"), lrFinal_);
    form->addRow(tr("Warm-up steps"), warmup_);
    form->addRow(tr("Epochs"), epochs_);
    form->addRow(tr("Steps"), steps_);
    form->addRow(tr("Context length"), ctx_);
    form->addRow(tr("Batch"), batch_);
    form->addRow(tr("Accumulation"), accumulate_);
    form->addRow(tr("Gradient clipping"), clip_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Validation share"), validation_);
    column->addWidget(advanced_);

    show(FinetuneRequest::styleDefaults());
    advanced_->setVisible(false);
    connect(preset_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index == Style)
            show(FinetuneRequest::styleDefaults());
        else if (index == Persona)
            show(FinetuneRequest::personaDefaults());
        advanced_->setVisible(index == Advanced);
        emit changed();
    });
    connect(method_, &QComboBox::currentIndexChanged, this, [this] {
        const bool lora = method_->currentData().toString() == QLatin1String("lora");
        rank_->setEnabled(lora);
        alpha_->setEnabled(lora);
        trainLn_->setEnabled(lora);
        dropout_->setEnabled(lora);
        baseWeights_->setEnabled(method_->currentData().toString() != QLatin1String("full"));
        emit changed();
    });
}

void FinetuneSettingsForm::show(const FinetuneRequest& r)
{
    method_->setCurrentIndex(method_->findData(FinetuneRequest::methodName(r.method)));
    baseWeights_->setCurrentIndex(std::max(0, baseWeights_->findData(r.baseWeights)));
    rank_->setValue(r.loraRank);
    alpha_->setValue(r.loraAlpha);
    dropout_->setValue(r.loraDropout);
    trainLn_->setChecked(r.trainLayerNorms);
    lr_->setText(QString::number(r.lr));
    lrFinal_->setText(QString::number(r.lrFinal));
    warmup_->setValue(r.warmupSteps);
    epochs_->setValue(r.epochs);
    steps_->setValue(r.steps);
    ctx_->setValue(r.ctx);
    batch_->setValue(r.batch);
    accumulate_->setValue(r.accumulate);
    clip_->setValue(r.clip);
    seed_->setText(QString::number(r.seed));
    validation_->setValue(r.validationFraction);
}

FinetuneRequest FinetuneSettingsForm::apply(FinetuneRequest r) const
{
    const QString method = method_->currentData().toString();
    r.method = method == QLatin1String("state") ? FinetuneRequest::Method::State
        : method == QLatin1String("full")       ? FinetuneRequest::Method::Full
                                                : FinetuneRequest::Method::Lora;
    r.baseWeights = baseWeights_->currentData().toString();
    r.loraRank = rank_->value();
    r.loraAlpha = alpha_->value();
    r.loraDropout = dropout_->value();
    r.trainLayerNorms = trainLn_->isChecked();
    r.lr = lr_->text().toDouble();
    r.lrFinal = lrFinal_->text().toDouble();
    r.warmupSteps = warmup_->value();
    r.epochs = epochs_->value();
    r.steps = steps_->value();
    r.ctx = ctx_->value();
    r.batch = batch_->value();
    r.accumulate = accumulate_->value();
    r.clip = clip_->value();
    r.seed = seed_->text().toULongLong();
    r.validationFraction = validation_->value();
    return r;
}

void FinetuneSettingsForm::setPreset(Preset preset)
{
    preset_->setCurrentIndex(int(preset));
}

FinetuneSettingsForm::Preset FinetuneSettingsForm::preset() const
{
    return Preset(preset_->currentIndex());
}
