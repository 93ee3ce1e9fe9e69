#include "app/inference/inference_service.h"

#include "app/inference/inference_worker.h"

InferenceService::InferenceService(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<GenerationResult>();
    qRegisterMetaType<AnalysisResult>();
    qRegisterMetaType<ModelSummary>();
    thread_.setObjectName(QStringLiteral("inference"));
    worker_ = new InferenceWorker;
    worker_->moveToThread(&thread_);

    connect(worker_, &InferenceWorker::loadProgress, this, &InferenceService::loadProgress);
    // Loads run in order on the worker; the outcome of a load superseded by a newer request is
    // not reported (the newer one's outcome follows).
    connect(worker_, &InferenceWorker::modelLoaded, this, [this](const ModelSummary& summary) {
        if (--pendingLoads_ > 0)
            return;
        loading_ = false;
        model_ = summary;
        emit modelLoaded(summary);
    });
    connect(worker_, &InferenceWorker::loadFailed, this, [this](const QString& sentence) {
        if (--pendingLoads_ > 0)
            return;
        loading_ = false;
        model_ = {};
        emit loadFailed(sentence);
    });
    connect(worker_, &InferenceWorker::modelUnloaded, this, [this] {
        model_ = {};
        emit modelUnloaded();
    });
    connect(worker_, &InferenceWorker::jobProgress, this, &InferenceService::jobProgress);
    connect(worker_, &InferenceWorker::replyDelta, this, &InferenceService::replyDelta);
    connect(worker_, &InferenceWorker::jobFinished, this, [this](const GenerationResult& result) {
        running_.remove(result.jobId);
        emit jobFinished(result);
    });
    connect(worker_, &InferenceWorker::analysisFinished, this, [this](const AnalysisResult& result) {
        running_.remove(result.jobId);
        emit analysisFinished(result);
    });
    thread_.start();
}

InferenceService::~InferenceService()
{
    for (const auto& flag : std::as_const(running_))
        flag->store(true);
    if (loadCancel_)
        loadCancel_->store(true);
    thread_.quit();
    thread_.wait();
    delete worker_;
}

void InferenceService::loadModel(const QString& path, const QString& tokenizerSpec, const QString& weightFormat,
                                 const ModelAdapter& adapter)
{
    if (loadCancel_)
        loadCancel_->store(true); // a newer request replaces an unfinished one
    loadCancel_ = std::make_shared<std::atomic<bool>>(false);
    loading_ = true;
    ++pendingLoads_;
    model_ = {};
    emit loadStarted(path);
    const QString device = qEnvironmentVariable("RWKV_BACKEND", computeDevice_);
    QMetaObject::invokeMethod(worker_, [w = worker_, path, tokenizerSpec, weightFormat, adapter, device, cancel = loadCancel_] {
        w->loadModel(path, tokenizerSpec, weightFormat, device, cancel, adapter);
    }, Qt::QueuedConnection);
}

void InferenceService::cancelLoad()
{
    if (loadCancel_)
        loadCancel_->store(true);
}

void InferenceService::unloadModel()
{
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->unloadModel(); }, Qt::QueuedConnection);
}

quint64 InferenceService::submit(const GenerationRequest& request)
{
    const quint64 id = nextJobId_++;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    running_.insert(id, flag);
    QMetaObject::invokeMethod(worker_, [w = worker_, id, request, flag] { w->startJob(id, request, flag); },
                              Qt::QueuedConnection);
    return id;
}

quint64 InferenceService::submitAnalysis(const AnalysisRequest& request)
{
    const quint64 id = nextJobId_++;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    running_.insert(id, flag);
    QMetaObject::invokeMethod(worker_, [w = worker_, id, request, flag] { w->startAnalysis(id, request, flag); },
                              Qt::QueuedConnection);
    return id;
}

QList<quint64> InferenceService::submitTogether(const QList<GenerationRequest>& requests)
{
    QList<quint64> ids;
    QList<std::shared_ptr<std::atomic<bool>>> flags;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        ids << nextJobId_++;
        flags << std::make_shared<std::atomic<bool>>(false);
        running_.insert(ids.back(), flags.back());
    }
    QMetaObject::invokeMethod(
        worker_,
        [w = worker_, ids, requests, flags] {
            for (qsizetype i = 0; i < requests.size(); ++i)
                w->startJob(ids[i], requests[i], flags[i]);
        },
        Qt::QueuedConnection);
    return ids;
}

QList<quint64> InferenceService::submitChoices(const GenerationRequest& request)
{
    const int n = qBound(1, request.choices, kMaxChoices);
    QList<quint64> ids;
    QList<std::shared_ptr<std::atomic<bool>>> flags;
    for (int i = 0; i < n; ++i) {
        ids << nextJobId_++;
        flags << std::make_shared<std::atomic<bool>>(false);
        running_.insert(ids.back(), flags.back());
    }
    QMetaObject::invokeMethod(worker_, [w = worker_, ids, request, flags] { w->startChoices(ids, request, flags); },
                              Qt::QueuedConnection);
    return ids;
}

void InferenceService::stop(quint64 jobId)
{
    if (auto flag = running_.value(jobId))
        flag->store(true);
}

quint64 InferenceService::tokensEvaluated() const
{
    return worker_->tokensEvaluated();
}

std::shared_ptr<const rwkv::Model> InferenceService::engineModel() const
{
    return worker_->currentModel();
}

std::shared_ptr<const rwkv::Tokenizer> InferenceService::engineTokenizer() const
{
    return worker_->currentTokenizer();
}
