#include "ui/finetune/finetune_pane.h"

#include "app/finetune/finetune_service.h"
#include "app/inference/model_summary.h"
#include "app/models/model_library.h"
#include "ui/finetune/finetune_settings_form.h"
#include "ui/finetune/loss_chart.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

QString durationText(double seconds)
{
    if (seconds < 90)
        return QObject::tr("%1 s").arg(qRound(seconds));
    if (seconds < 5400)
        return QObject::tr("%1 min").arg(qRound(seconds / 60));
    return QObject::tr("%1 h %2 min").arg(int(seconds / 3600)).arg(qRound(std::fmod(seconds, 3600) / 60));
}

QPushButton* button(const QString& text, const char* name, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

} // namespace

FinetunePane::FinetunePane(FinetuneService& finetune, ModelLibrary& models, QWidget* parent)
    : QWidget(parent), finetune_(finetune), models_(models)
{
    setAcceptDrops(true);
    auto* splitter = new QSplitter(this);
    auto* outer = new QHBoxLayout(this);
    outer->addWidget(splitter);

    // Left: the runs kept in the database.
    auto* left = new QWidget(splitter);
    auto* leftColumn = new QVBoxLayout(left);
    leftColumn->addWidget(new QLabel(tr("<b>Runs</b>"), left));
    runs_ = new QListWidget(left);
    runs_->setObjectName(QStringLiteral("runs"));
    leftColumn->addWidget(runs_);

    // Middle: model, data, what to teach, controls.
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    auto* setup = new QWidget(scroll);
    scroll->setWidget(setup);
    auto* column = new QVBoxLayout(setup);
    column->addWidget(new QLabel(tr("<b>Base model</b> (RWKV-7)"), setup));
    baseModel_ = new QComboBox(setup);
    baseModel_->setObjectName(QStringLiteral("baseModel"));
    baseModel_->setModel(&models_);
    column->addWidget(baseModel_);
    column->addWidget(new QLabel(tr("<b>Your text</b> — drop files or folders here (.txt, .md, .jsonl)"), setup));
    data_ = new QListWidget(setup);
    data_->setObjectName(QStringLiteral("dataList"));
    data_->setMaximumHeight(110);
    column->addWidget(data_);
    auto* dataButtons = new QHBoxLayout;
    auto* addFiles = button(tr("Add files…"), "addFiles", setup);
    auto* addFolder = button(tr("Add folder…"), "addFolder", setup);
    auto* removeData = button(tr("Remove"), "removeData", setup);
    dataButtons->addWidget(addFiles);
    dataButtons->addWidget(addFolder);
    dataButtons->addWidget(removeData);
    column->addLayout(dataButtons);
    dataSummary_ = new QLabel(tr("No text yet."), setup);
    dataSummary_->setObjectName(QStringLiteral("dataSummary"));
    dataSummary_->setWordWrap(true);
    column->addWidget(dataSummary_);
    form_ = new FinetuneSettingsForm(setup);
    column->addWidget(form_);
    auto* estimateRow = new QHBoxLayout;
    estimateButton_ = button(tr("Estimate time and memory"), "estimateButton", setup);
    estimate_ = new QLabel(setup);
    estimate_->setObjectName(QStringLiteral("estimate"));
    estimate_->setWordWrap(true);
    estimateRow->addWidget(estimateButton_);
    estimateRow->addWidget(estimate_, 1);
    column->addLayout(estimateRow);
    auto* controls = new QHBoxLayout;
    start_ = button(tr("Start"), "start", setup);
    pause_ = button(tr("Pause"), "pause", setup);
    resume_ = button(tr("Resume"), "resume", setup);
    cancel_ = button(tr("Cancel"), "cancel", setup);
    for (QPushButton* b : {start_, pause_, resume_, cancel_})
        controls->addWidget(b);
    column->addLayout(controls);
    column->addStretch();

    // Right: progress, the loss chart, samples, results.
    auto* right = new QWidget(splitter);
    auto* rightColumn = new QVBoxLayout(right);
    progress_ = new QProgressBar(right);
    progress_->setObjectName(QStringLiteral("progress"));
    stats_ = new QLabel(right);
    stats_->setObjectName(QStringLiteral("stats"));
    note_ = new QLabel(right);
    note_->setObjectName(QStringLiteral("note"));
    note_->setWordWrap(true);
    chart_ = new LossChart(right);
    chart_->setObjectName(QStringLiteral("lossChart"));
    sample_ = new QPlainTextEdit(right);
    sample_->setObjectName(QStringLiteral("sample"));
    sample_->setReadOnly(true);
    sample_->setPlaceholderText(tr("Samples from the model appear here as it learns."));
    auto* results = new QHBoxLayout;
    chatWith_ = button(tr("Chat with it now"), "chatWithIt", right);
    export_ = button(tr("Export files…"), "export", right);
    results->addWidget(chatWith_);
    results->addWidget(export_);
    rightColumn->addWidget(progress_);
    rightColumn->addWidget(stats_);
    rightColumn->addWidget(note_);
    rightColumn->addWidget(chart_, 2);
    rightColumn->addWidget(new QLabel(tr("<b>Sample</b>"), right));
    rightColumn->addWidget(sample_, 1);
    rightColumn->addLayout(results);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->addWidget(right);
    splitter->setSizes({180, 420, 520});

    connect(addFiles, &QPushButton::clicked, this, [this] {
        addData(QFileDialog::getOpenFileNames(this, tr("Training text"), {}, tr("Text (*.txt *.md *.jsonl)")));
    });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of training text"));
        if (!dir.isEmpty())
            addData({dir});
    });
    connect(removeData, &QPushButton::clicked, this, [this] {
        delete data_->currentItem();
        inspect();
    });
    connect(baseModel_, &QComboBox::currentIndexChanged, this, [this] { inspect(); });
    connect(form_, &FinetuneSettingsForm::changed, this, [this] { estimate_->clear(); });
    connect(estimateButton_, &QPushButton::clicked, this, [this] {
        estimate_->setText(tr("Timing a few trial steps on this machine…"));
        finetune_.estimate(request());
    });
    connect(start_, &QPushButton::clicked, this, [this] {
        chart_->clear();
        sample_->clear();
        if (const qint64 id = finetune_.start(request()))
            showRun(id);
    });
    connect(pause_, &QPushButton::clicked, &finetune_, &FinetuneService::pause);
    connect(cancel_, &QPushButton::clicked, this, [this] { finetune_.cancel(shown_); });
    connect(resume_, &QPushButton::clicked, this, [this] { finetune_.resume(shown_); });
    connect(chatWith_, &QPushButton::clicked, this, [this] {
        if (finetune_.chatWith(shown_))
            emit chatRequested();
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the fine-tuned files to"));
        if (!dir.isEmpty())
            stats_->setText(tr("Exported %n file(s) to %1.", nullptr, int(finetune_.exportOutputs(shown_, dir).size()))
                                .arg(QDir::toNativeSeparators(dir)));
    });
    connect(runs_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && !finetune_.isRunning())
            showRun(runs_->item(row)->data(Qt::UserRole).toLongLong());
    });

    connect(&finetune_, &FinetuneService::dataInspected, this, [this](qint64 tokens, int samples, const QString& error) {
        dataSummary_->setText(error.isEmpty() ? tr("%L1 tokens in %n sample(s).", nullptr, samples).arg(tokens) : error);
    });
    connect(&finetune_, &FinetuneService::estimated, this,
            [this](double seconds, qint64 bytes, int steps, const QString& error) {
                estimate_->setText(error.isEmpty()
                                       ? tr("About %1 for %n step(s), using about %2 of memory.", nullptr, steps)
                                             .arg(durationText(seconds), formatBytes(bytes))
                                       : error);
            });
    connect(&finetune_, &FinetuneService::progress, this, &FinetunePane::onProgress);
    connect(&finetune_, &FinetuneService::sampleReady, this, [this](qint64 run, int step, const QString& text) {
        if (run == shown_)
            sample_->setPlainText(tr("After step %1:\n%2").arg(step).arg(text));
    });
    connect(&finetune_, &FinetuneService::runsChanged, this, [this] {
        refreshRuns();
        if (shown_)
            showRun(shown_);
    });
    connect(&finetune_, &FinetuneService::runFailed, this, [this](qint64, const QString& error) { stats_->setText(error); });
    connect(&finetune_, &FinetuneService::errorOccurred, this, [this](const QString& error) { stats_->setText(error); });
    refreshRuns();
    updateButtons();
}

FinetuneRequest FinetunePane::request() const
{
    FinetuneRequest r = form_->apply(FinetuneRequest{});
    const int row = baseModel_->currentIndex();
    r.baseModel = row >= 0 ? models_.pathAt(row) : QString();
    for (int i = 0; i < data_->count(); ++i)
        r.data << data_->item(i)->data(Qt::UserRole).toString();
    return r;
}

void FinetunePane::addData(const QStringList& paths)
{
    for (const QString& p : paths) {
        if (p.isEmpty())
            continue;
        auto* item = new QListWidgetItem(QFileInfo(p).fileName() + (QFileInfo(p).isDir() ? QStringLiteral("/") : QString()), data_);
        item->setData(Qt::UserRole, QFileInfo(p).absoluteFilePath());
        item->setToolTip(QDir::toNativeSeparators(p));
    }
    inspect();
}

void FinetunePane::inspect()
{
    const FinetuneRequest r = request();
    if (r.data.isEmpty() || r.baseModel.isEmpty()) {
        dataSummary_->setText(r.data.isEmpty() ? tr("No text yet.") : tr("Add a base model in Models first."));
        return;
    }
    dataSummary_->setText(tr("Counting tokens…"));
    finetune_.inspectData(r);
}

void FinetunePane::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void FinetunePane::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    addData(paths);
    event->acceptProposedAction();
}

void FinetunePane::refreshRuns()
{
    const QSignalBlocker block(runs_);
    runs_->clear();
    for (const FinetuneRun& run : finetune_.runs()) {
        auto* item = new QListWidgetItem(tr("%1 — %2").arg(run.title, FinetuneRun::statusName(run.status)), runs_);
        item->setData(Qt::UserRole, run.id);
        if (run.id == shown_)
            runs_->setCurrentItem(item);
    }
}

void FinetunePane::showRun(qint64 id)
{
    const bool switched = id != shown_;
    shown_ = id;
    const auto run = finetune_.run(id);
    if (run && switched) {
        chart_->clear();
        for (const LossPoint& p : run->curve) {
            chart_->addTraining(p.step, p.loss);
            if (p.validationLoss)
                chart_->addValidation(p.step, *p.validationLoss);
        }
    }
    if (run) {
        progress_->setRange(0, std::max(1, run->totalSteps));
        progress_->setValue(run->stepsDone);
        if (run->status == FinetuneRun::Status::Finished)
            stats_->setText(tr("Finished: %1").arg(run->outputs.isEmpty() ? QString() : QFileInfo(run->outputs.first()).fileName()));
        else if (run->status == FinetuneRun::Status::Paused)
            stats_->setText(tr("Paused at step %1 of %2.").arg(run->stepsDone).arg(run->totalSteps));
        else if (run->status == FinetuneRun::Status::Failed)
            stats_->setText(run->error);
        else if (run->status == FinetuneRun::Status::Cancelled)
            stats_->setText(tr("Cancelled."));
    }
    updateButtons();
}

void FinetunePane::onProgress(const FinetuneProgress& p)
{
    if (p.runId != shown_)
        showRun(p.runId);
    progress_->setRange(0, std::max(1, p.totalSteps));
    progress_->setValue(p.step);
    chart_->addTraining(p.step, p.loss);
    if (p.validationLoss)
        chart_->addValidation(p.step, *p.validationLoss);
    stats_->setText(tr("Step %1 of %2 · loss %3 · %4 tokens/s · about %5 left")
                        .arg(p.step)
                        .arg(p.totalSteps)
                        .arg(p.loss, 0, 'f', 3)
                        .arg(p.tokensPerSecond, 0, 'f', 0)
                        .arg(durationText(p.etaSeconds)));
}

void FinetunePane::updateButtons()
{
    const bool running = finetune_.isRunning();
    const auto run = shown_ ? finetune_.run(shown_) : std::nullopt;
    const bool paused = run && run->status == FinetuneRun::Status::Paused;
    const bool finished = run && run->status == FinetuneRun::Status::Finished;
    start_->setEnabled(!running);
    estimateButton_->setEnabled(!running);
    pause_->setEnabled(running);
    cancel_->setEnabled(running || paused);
    resume_->setEnabled(!running && paused);
    chatWith_->setEnabled(!running && finished);
    export_->setEnabled(finished);
    note_->setText(running ? tr("Training uses the processor: chat and writing are slower until it finishes or is "
                                "paused. Closing the app pauses it; it resumes from its last checkpoint.")
                           : QString());
}
