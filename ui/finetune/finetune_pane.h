// FinetunePane is the Fine-tune page: pick a base model and drop in text (files or folders; it
// says how many tokens and samples that makes), choose what to teach, see a measured estimate,
// Start / Pause / Resume / Cancel, watch the loss chart, tokens/s, ETA and short samples, then
// "Chat with it now" or export the files. FinetuneService does the work; the pane only shows it.
#pragma once

#include "app/finetune/finetune_request.h"

#include <QWidget>

class FinetuneService;
class FinetuneSettingsForm;
class LossChart;
class ModelLibrary;
struct FinetuneProgress;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

class FinetunePane : public QWidget {
    Q_OBJECT
public:
    FinetunePane(FinetuneService& finetune, ModelLibrary& models, QWidget* parent = nullptr);

    // Adds training files or folders (as a drop does) and counts their tokens.
    void addData(const QStringList& paths);
    // The request the pane would start now.
    FinetuneRequest request() const;
    FinetuneSettingsForm* settingsForm() const { return form_; }
    LossChart* lossChart() const { return chart_; }
    // The run shown (the one running, or the one picked in the list); 0 when none.
    qint64 shownRun() const { return shown_; }

signals:
    // "Chat with it now" was pressed and the model with the result is loading.
    void chatRequested();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void refreshRuns();
    void showRun(qint64 id);
    void onProgress(const FinetuneProgress& p);
    void updateButtons();
    void inspect();

    FinetuneService& finetune_;
    ModelLibrary& models_;
    QComboBox* baseModel_;
    QListWidget* data_;
    QLabel* dataSummary_;
    FinetuneSettingsForm* form_;
    QLabel* estimate_;
    QPushButton *estimateButton_, *start_, *pause_, *resume_, *cancel_, *chatWith_, *export_;
    QProgressBar* progress_;
    QLabel* stats_;
    QLabel* note_;
    LossChart* chart_;
    QPlainTextEdit* sample_;
    QListWidget* runs_;
    qint64 shown_ = 0;
};
