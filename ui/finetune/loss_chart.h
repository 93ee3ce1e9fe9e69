// LossChart draws a fine-tuning run's training and validation loss against the step (Qt Charts),
// growing as steps arrive; the axes follow the data.
#pragma once

#include <QChartView>

class QLineSeries;
class QValueAxis;

class LossChart : public QChartView {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);

    void clear();
    void addTraining(int step, double loss);
    void addValidation(int step, double loss);
    int trainingPoints() const;
    int validationPoints() const;

private:
    void grow(int step, double loss);

    QLineSeries* training_;
    QLineSeries* validation_;
    QValueAxis* steps_;
    QValueAxis* losses_;
    double top_ = 0;
};
