#include "app/finetune/finetune_worker.h"

#include "app/inference/engine_bridge.h"
#include "core/error.h"
#include "formats/tensor_file.h"
#include "model/model.h"
#include "sampling/sampler.h"
#include "tokenizer/tokenizer.h"
#include "train/trainer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <sys/resource.h>

namespace {

using rwkv::train::Trainer;

rwkv::train::TrainSettings settingsFor(const FinetuneRequest& r)
{
    using rwkv::train::TrainMethod;
    rwkv::train::TrainSettings s;
    s.method = r.method == FinetuneRequest::Method::State ? TrainMethod::State
        : r.method == FinetuneRequest::Method::Full       ? TrainMethod::Full
                                                          : TrainMethod::Lora;
    s.loraRank = r.loraRank;
    s.loraAlpha = r.loraAlpha;
    s.trainLayerNorms = r.trainLayerNorms;
    s.loraDropout = r.loraDropout;
    s.lr = r.lr;
    s.lrFinal = r.lrFinal;
    s.warmupSteps = r.warmupSteps;
    s.steps = r.steps;
    s.epochs = r.epochs;
    s.ctx = r.ctx;
    s.batch = r.batch;
    s.accumulate = r.accumulate;
    s.clip = r.clip;
    s.seed = r.seed;
    s.validationFraction = r.validationFraction;
    if (s.method != TrainMethod::Full && r.baseWeights != QLatin1String("f32"))
        s.frozenWeights = rwkv::parseWeightFormat(r.baseWeights.toStdString());
    return s;
}

std::unique_ptr<rwkv::Tokenizer> tokenizerFor(const FinetuneRequest& r)
{
    auto file = rwkv::TensorFile::open(r.baseModel.toStdString());
    const rwkv::TensorView* emb = file->find("emb.weight");
    const int vocab = emb && !emb->shape.empty() ? int(emb->shape[0]) : 0;
    const QString spec = r.tokenizer.isEmpty() ? engine_bridge::defaultTokenizerFor(vocab) : r.tokenizer;
    if (spec.isEmpty())
        throw rwkv::Error(rwkv::ErrorCode::Unsupported,
                          QObject::tr("%1 has a vocabulary of %2 tokens, which matches no built-in tokenizer; choose "
                                      "its tokenizer file in Models")
                              .arg(QFileInfo(r.baseModel).fileName())
                              .arg(vocab)
                              .toStdString());
    return rwkv::loadTokenizer(spec.toStdString());
}

rwkv::train::SampleSplit samplesFor(const FinetuneRequest& r, const rwkv::Tokenizer& tokenizer)
{
    std::vector<std::string> paths;
    for (const QString& p : r.data)
        paths.push_back(p.toStdString());
    auto samples = rwkv::train::packSamples(rwkv::train::readTrainingData(paths, tokenizer), r.ctx);
    return rwkv::train::splitSamples(std::move(samples), r.validationFraction, r.seed);
}

qint64 peakResidentBytes()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return qint64(u.ru_maxrss) * 1024;
}

// A short continuation from the model as trained so far, so the user sees it learn.
QString sampleFrom(const Trainer& trainer, const FinetuneRequest& r, const QString& runDir,
                   const rwkv::Tokenizer& tokenizer, const std::vector<int32_t>& fallbackPrompt)
{
    const bool full = r.method == FinetuneRequest::Method::Full;
    const QString preview = QDir(runDir).filePath(full ? QStringLiteral("preview.safetensors") : QStringLiteral("preview.pth"));
    trainer.writeOutput(preview.toStdString());
    rwkv::LoadOptions options;
    if (r.method == FinetuneRequest::Method::Lora) {
        options.loraPath = preview.toStdString();
        options.loraAlpha = float(r.loraAlpha);
    } else if (r.method == FinetuneRequest::Method::State) {
        options.stateTunePath = preview.toStdString();
    }
    auto model = rwkv::Model::load(full ? preview.toStdString() : r.baseModel.toStdString(), options);
    std::vector<int32_t> prompt = r.samplePrompt.isEmpty() ? fallbackPrompt : tokenizer.encode(r.samplePrompt.toStdString());
    if (prompt.empty())
        return {};
    rwkv::State state = model->newState();
    std::vector<float> logits = model->prefill(state, prompt);
    rwkv::SamplerSettings settings;
    settings.topP = 0.3f;
    settings.seed = r.seed;
    rwkv::Sampler sampler(settings);
    std::vector<int32_t> out;
    for (int i = 0; i < 48; ++i) {
        const int32_t next = sampler.sample(logits);
        if (next == 0)
            break;
        sampler.accept(next);
        out.push_back(next);
        logits = model->step(state, next);
    }
    return QString::fromStdString(tokenizer.decode(prompt) + tokenizer.decode(out));
}

} // namespace

void FinetuneWorker::inspect(const FinetuneRequest& request)
{
    try {
        auto tokenizer = tokenizerFor(request);
        const auto split = samplesFor(request, *tokenizer);
        qint64 tokens = 0;
        for (const auto* part : {&split.train, &split.validation})
            for (const auto& s : *part)
                tokens += qint64(s.tokens.size());
        emit dataInspected(tokens, int(split.train.size() + split.validation.size()), {});
    } catch (...) {
        emit dataInspected(0, 0, engine_bridge::describeFailure(std::current_exception(), tr("Reading the training data")));
    }
}

void FinetuneWorker::estimate(const FinetuneRequest& request)
{
    try {
        auto tokenizer = tokenizerFor(request);
        auto settings = settingsFor(request);
        Trainer trainer(request.baseModel.toStdString(), samplesFor(request, *tokenizer), settings);
        // The first step pays for first-touch memory; the second is the steady rate.
        trainer.step();
        QElapsedTimer timer;
        timer.start();
        const int trials = std::min(2, std::max(0, trainer.totalSteps() - 1));
        for (int i = 0; i < trials; ++i)
            trainer.step();
        const double perStep = trials > 0 ? timer.nsecsElapsed() / 1e9 / trials : timer.nsecsElapsed() / 1e9;
        emit estimated(perStep * trainer.totalSteps(), peakResidentBytes(), trainer.totalSteps(), {});
    } catch (...) {
        emit estimated(0, 0, 0, engine_bridge::describeFailure(std::current_exception(), tr("Estimating the run")));
    }
}

void FinetuneWorker::run(qint64 runId, const FinetuneRequest& request, const QString& runDir, bool resume,
                         ControlFlag control)
{
    try {
        QDir().mkpath(runDir);
        const QString checkpoints = QDir(runDir).filePath(QStringLiteral("checkpoint"));
        auto tokenizer = tokenizerFor(request);
        auto split = samplesFor(request, *tokenizer);
        const auto& first = split.train.empty() ? std::vector<int32_t>() : split.train.front().tokens;
        const std::vector<int32_t> fallbackPrompt(first.begin(), first.begin() + std::min<ptrdiff_t>(16, ptrdiff_t(first.size())));
        Trainer trainer(request.baseModel.toStdString(), std::move(split), settingsFor(request));
        if (resume)
            trainer.resume(checkpoints.toStdString());
        QElapsedTimer sinceCheckpoint;
        sinceCheckpoint.start();
        while (!trainer.finished()) {
            if (control->load() == Cancel) {
                emit runCancelled(runId);
                return;
            }
            if (control->load() == Pause) {
                trainer.saveCheckpoint(checkpoints.toStdString());
                emit runPaused(runId, trainer.stepsDone());
                return;
            }
            const auto r = trainer.step();
            QVariantMap report{{"step", r.step},
                               {"totalSteps", r.totalSteps},
                               {"loss", r.loss},
                               {"lr", r.lr},
                               {"tokensPerSecond", r.tokensPerSecond},
                               {"gradNorm", r.gradNorm}};
            if (r.validationLoss)
                report.insert(QStringLiteral("validationLoss"), *r.validationLoss);
            // A checkpoint every 10 steps or minute, so a crash loses little.
            if (r.step % 10 == 0 || sinceCheckpoint.elapsed() > 60000) {
                trainer.saveCheckpoint(checkpoints.toStdString());
                sinceCheckpoint.restart();
            }
            emit stepDone(runId, report);
            if (request.sampleEvery > 0 && (r.step % request.sampleEvery == 0 || trainer.finished()))
                emit sampleReady(runId, r.step, sampleFrom(trainer, request, runDir, *tokenizer, fallbackPrompt));
        }
        const QString name = request.method == FinetuneRequest::Method::Lora    ? QStringLiteral("lora.pth")
                             : request.method == FinetuneRequest::Method::State ? QStringLiteral("state.pth")
                                                                                : QStringLiteral("model.safetensors");
        QStringList outputs;
        for (const std::string& path : trainer.writeOutput(QDir(runDir).filePath(name).toStdString()))
            outputs << QString::fromStdString(path);
        emit runFinished(runId, outputs);
    } catch (...) {
        emit runFailed(runId, engine_bridge::describeFailure(std::current_exception(), tr("Fine-tuning")));
    }
}
