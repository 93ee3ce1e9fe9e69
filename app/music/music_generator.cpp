#include "app/music/music_generator.h"

MusicGenerator::MusicGenerator(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<rwkv::music::MusicGenerationResult>();
}

MusicGenerator::~MusicGenerator()
{
    stop();
    join();
}

bool MusicGenerator::setModel(std::shared_ptr<const rwkv::Model> model)
{
    modelError_.clear();
    if (!model) {
        model_.reset();
        kind_.reset();
        return true;
    }
    std::string why;
    const auto kind = rwkv::music::musicModelKindForVocab(model->info().vocab, &why);
    if (!kind) {
        modelError_ = QString::fromStdString(why);
        return false;
    }
    model_ = std::move(model);
    kind_ = kind;
    return true;
}

quint64 MusicGenerator::modelFingerprint() const
{
    return model_ ? model_->info().fingerprint : 0;
}

bool MusicGenerator::start(const rwkv::music::MusicContext& context, const rwkv::music::MusicSamplingSettings& settings)
{
    if (!model_ || thread_)
        return false;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    auto model = model_;
    auto cancel = cancel_;
    const auto kind = *kind_;
    const int maxTokens = settings.maxTokens;
    // Signals emitted on the worker thread reach receivers on the GUI thread queued.
    thread_ = QThread::create([this, model, cancel, kind, context, settings, maxTokens] {
        rwkv::music::MusicGenerationCallbacks callbacks;
        callbacks.prefillProgress = [this](size_t done, size_t total) { emit prefillProgress(qint64(done), qint64(total)); };
        callbacks.token = [this, maxTokens](const std::string& piece, int generated) {
            emit tokenGenerated(QString::fromStdString(piece), generated, maxTokens);
        };
        const auto result = rwkv::music::runMusicGeneration(*model, kind, context, settings, cancel.get(), callbacks);
        QMetaObject::invokeMethod(this, [this, result] {
            join();
            emit finished(result);
        }, Qt::QueuedConnection);
    });
    thread_->start();
    return true;
}

void MusicGenerator::stop()
{
    if (cancel_)
        cancel_->store(true);
}

void MusicGenerator::join()
{
    if (!thread_)
        return;
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
}
