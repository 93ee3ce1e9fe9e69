#include "app/finetune/finetune_service.h"

#include "app/inference/inference_service.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

FinetuneService::FinetuneService(InferenceService& inference, const QString& databasePath, const QString& runsFolder,
                                 QObject* parent)
    : QObject(parent), inference_(inference), runsFolder_(runsFolder), worker_(new FinetuneWorker)
{
    qRegisterMetaType<FinetuneRequest>();
    qRegisterMetaType<FinetuneProgress>();
    if (!databasePath.isEmpty()) {
        auto store = FinetuneRunStore::open(databasePath);
        if (store.ok()) {
            store_.emplace(std::move(store).value());
            (void)store_->pauseInterruptedRuns(); // a run the last app left "running" resumes from its checkpoint
        }
    }
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &FinetuneWorker::dataInspected, this, &FinetuneService::dataInspected);
    connect(worker_, &FinetuneWorker::estimated, this, &FinetuneService::estimated);
    connect(worker_, &FinetuneWorker::stepDone, this, &FinetuneService::onStep);
    connect(worker_, &FinetuneWorker::sampleReady, this, &FinetuneService::sampleReady);
    connect(worker_, &FinetuneWorker::runPaused, this, [this](qint64 id, int) { finishRun(id, FinetuneRun::Status::Paused); });
    connect(worker_, &FinetuneWorker::runCancelled, this,
            [this](qint64 id) { finishRun(id, FinetuneRun::Status::Cancelled); });
    connect(worker_, &FinetuneWorker::runFinished, this,
            [this](qint64 id, const QStringList& outputs) { finishRun(id, FinetuneRun::Status::Finished, {}, outputs); });
    connect(worker_, &FinetuneWorker::runFailed, this,
            [this](qint64 id, const QString& error) { finishRun(id, FinetuneRun::Status::Failed, error); });
    thread_.setObjectName(QStringLiteral("finetune"));
    thread_.start(QThread::LowPriority); // chat stays responsive while a run trains
}

FinetuneService::~FinetuneService()
{
    // Closing the app pauses a run: it keeps its checkpoint and resumes next time.
    if (control_)
        control_->store(FinetuneWorker::Pause);
    thread_.quit();
    thread_.wait();
}

void FinetuneService::inspectData(const FinetuneRequest& request)
{
    QMetaObject::invokeMethod(worker_, [w = worker_, request] { w->inspect(request); }, Qt::QueuedConnection);
}

void FinetuneService::estimate(const FinetuneRequest& request)
{
    QMetaObject::invokeMethod(worker_, [w = worker_, request] { w->estimate(request); }, Qt::QueuedConnection);
}

qint64 FinetuneService::start(const FinetuneRequest& request)
{
    if (current_) {
        emit errorOccurred(tr("A fine-tuning run is already in progress: pause or cancel it first."));
        return 0;
    }
    if (request.baseModel.isEmpty() || request.data.isEmpty()) {
        emit errorOccurred(tr("Choose a base model and add some text to learn from first."));
        return 0;
    }
    FinetuneRun run;
    run.title = tr("%1 on %2").arg(QFileInfo(request.data.first()).fileName(), QFileInfo(request.baseModel).completeBaseName());
    run.baseModel = request.baseModel;
    run.data = request.data;
    run.settings = request.toJson();
    run.status = FinetuneRun::Status::Running;
    qint64 id = 0;
    if (store_) {
        auto saved = store_->save(run);
        if (!saved.ok()) {
            emit errorOccurred(saved.errorString());
            return 0;
        }
        id = saved.value();
    } else {
        static qint64 unsaved = 0;
        id = --unsaved; // negative ids: runs this session could not keep
    }
    run.id = id;
    run.runDir = QDir(runsFolder_).filePath(QStringLiteral("run-%1").arg(qAbs(id)));
    active_ = run;
    save(run);
    launch(id, request, false);
    return id;
}

void FinetuneService::launch(qint64 runId, const FinetuneRequest& request, bool resume)
{
    current_ = runId;
    control_ = std::make_shared<std::atomic<int>>(FinetuneWorker::Run);
    clock_.start();
    stepsAtLaunch_ = active_ ? active_->stepsDone : 0;
    const QString dir = active_->runDir;
    QMetaObject::invokeMethod(worker_, [w = worker_, runId, request, dir, resume, c = control_] { w->run(runId, request, dir, resume, c); },
                              Qt::QueuedConnection);
    emit runStarted(runId);
    emit runsChanged();
}

void FinetuneService::pause()
{
    if (control_)
        control_->store(FinetuneWorker::Pause);
}

void FinetuneService::cancel(qint64 pausedRun)
{
    if (control_) {
        control_->store(FinetuneWorker::Cancel);
        return;
    }
    auto r = run(pausedRun);
    if (!r || r->status != FinetuneRun::Status::Paused)
        return;
    r->status = FinetuneRun::Status::Cancelled;
    QDir(QDir(r->runDir).filePath(QStringLiteral("checkpoint"))).removeRecursively();
    if (active_ && active_->id == r->id)
        active_ = *r;
    save(*r);
    emit runCancelled(r->id);
    emit runsChanged();
}

bool FinetuneService::resume(qint64 runId)
{
    if (current_) {
        emit errorOccurred(tr("A fine-tuning run is already in progress."));
        return false;
    }
    auto r = run(runId);
    if (!r || r->status != FinetuneRun::Status::Paused) {
        emit errorOccurred(tr("Only a paused run can be resumed."));
        return false;
    }
    r->status = FinetuneRun::Status::Running;
    active_ = *r;
    save(*r);
    launch(runId, FinetuneRequest::fromJson(r->settings), true);
    return true;
}

void FinetuneService::onStep(qint64 runId, const QVariantMap& report)
{
    if (runId != current_ || !active_)
        return;
    FinetuneProgress p;
    p.runId = runId;
    p.step = report.value(QStringLiteral("step")).toInt();
    p.totalSteps = report.value(QStringLiteral("totalSteps")).toInt();
    p.loss = report.value(QStringLiteral("loss")).toDouble();
    p.lr = report.value(QStringLiteral("lr")).toDouble();
    p.tokensPerSecond = report.value(QStringLiteral("tokensPerSecond")).toDouble();
    if (report.contains(QStringLiteral("validationLoss")))
        p.validationLoss = report.value(QStringLiteral("validationLoss")).toDouble();
    const int done = p.step - stepsAtLaunch_;
    p.etaSeconds = done > 0 ? clock_.elapsed() / 1000.0 / done * (p.totalSteps - p.step) : 0.0;
    active_->stepsDone = p.step;
    active_->totalSteps = p.totalSteps;
    active_->curve.push_back({p.step, p.loss, p.validationLoss});
    // The curve is written every few steps (and on every status change), not on each one.
    if (p.step % 10 == 0 || p.validationLoss)
        save(*active_);
    emit progress(p);
}

void FinetuneService::finishRun(qint64 runId, FinetuneRun::Status status, const QString& error, const QStringList& outputs)
{
    if (runId != current_ || !active_)
        return;
    active_->status = status;
    active_->error = error;
    if (!outputs.isEmpty())
        active_->outputs = outputs;
    if (status == FinetuneRun::Status::Finished)
        active_->stepsDone = active_->totalSteps;
    save(*active_);
    current_ = 0;
    control_.reset();
    switch (status) {
    case FinetuneRun::Status::Paused:
        emit runPaused(runId);
        break;
    case FinetuneRun::Status::Finished:
        emit runFinished(runId, outputs);
        break;
    case FinetuneRun::Status::Cancelled:
        emit runCancelled(runId);
        break;
    case FinetuneRun::Status::Failed:
        emit runFailed(runId, error);
        break;
    case FinetuneRun::Status::Running:
        break;
    }
    emit runsChanged();
}

void FinetuneService::save(const FinetuneRun& run)
{
    if (!store_ || run.id <= 0)
        return;
    auto saved = store_->save(run);
    if (!saved.ok())
        emit errorOccurred(saved.errorString());
}

QList<FinetuneRun> FinetuneService::runs() const
{
    if (!store_) {
        if (active_)
            return {*active_};
        return {};
    }
    auto list = store_->list();
    return list.ok() ? list.value() : QList<FinetuneRun>();
}

std::optional<FinetuneRun> FinetuneService::run(qint64 id) const
{
    if (active_ && active_->id == id)
        return active_;
    if (!store_)
        return std::nullopt;
    auto r = store_->load(id);
    if (!r.ok())
        return std::nullopt;
    return r.value();
}

bool FinetuneService::chatWith(qint64 runId)
{
    auto r = run(runId);
    if (!r || r->status != FinetuneRun::Status::Finished || r->outputs.isEmpty()) {
        emit errorOccurred(tr("This run has no finished result to chat with yet."));
        return false;
    }
    const FinetuneRequest request = FinetuneRequest::fromJson(r->settings);
    const QString out = r->outputs.first();
    if (!QFileInfo::exists(out)) {
        emit errorOccurred(tr("The result %1 is missing: it was moved or deleted.").arg(QDir::toNativeSeparators(out)));
        return false;
    }
    ModelAdapter adapter;
    QString model = request.baseModel;
    if (request.method == FinetuneRequest::Method::Lora) {
        adapter.loraPath = out;
        adapter.loraAlpha = request.loraAlpha;
    } else if (request.method == FinetuneRequest::Method::State) {
        adapter.statePath = out;
    } else {
        model = out; // a fully trained model is a model of its own
    }
    inference_.loadModel(model, request.tokenizer, {}, adapter);
    return true;
}

QStringList FinetuneService::exportOutputs(qint64 runId, const QString& folder)
{
    QStringList copies;
    auto r = run(runId);
    if (!r)
        return copies;
    QDir().mkpath(folder);
    for (const QString& file : r->outputs) {
        const QString target = QDir(folder).filePath(QFileInfo(file).fileName());
        QFile::remove(target);
        if (QFile::copy(file, target))
            copies << target;
        else
            emit errorOccurred(tr("%1 could not be copied to %2.").arg(QFileInfo(file).fileName(), QDir::toNativeSeparators(folder)));
    }
    return copies;
}
