#include "ui/finetune/loss_chart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

LossChart::LossChart(QWidget* parent)
    : QChartView(parent), training_(new QLineSeries), validation_(new QLineSeries), steps_(new QValueAxis),
      losses_(new QValueAxis)
{
    auto* chart = new QChart;
    training_->setName(tr("Training loss"));
    validation_->setName(tr("Validation loss"));
    chart->addSeries(training_);
    chart->addSeries(validation_);
    steps_->setTitleText(tr("Step"));
    steps_->setLabelFormat(QStringLiteral("%d"));
    losses_->setTitleText(tr("Loss"));
    chart->addAxis(steps_, Qt::AlignBottom);
    chart->addAxis(losses_, Qt::AlignLeft);
    for (QLineSeries* s : {training_, validation_}) {
        s->attachAxis(steps_);
        s->attachAxis(losses_);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    clear();
}

void LossChart::clear()
{
    training_->clear();
    validation_->clear();
    top_ = 0;
    steps_->setRange(0, 10);
    losses_->setRange(0, 1);
}

void LossChart::grow(int step, double loss)
{
    top_ = std::max(top_, loss);
    steps_->setRange(0, std::max(10, step));
    losses_->setRange(0, top_ * 1.05);
}

void LossChart::addTraining(int step, double loss)
{
    training_->append(step, loss);
    grow(step, loss);
}

void LossChart::addValidation(int step, double loss)
{
    validation_->append(step, loss);
    grow(step, loss);
}

int LossChart::trainingPoints() const
{
    return int(training_->count());
}

int LossChart::validationPoints() const
{
    return int(validation_->count());
}
