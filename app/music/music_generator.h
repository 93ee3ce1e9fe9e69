// MusicGenerator is the GUI thread's handle on music generation: it holds the loaded music model
// (shared with the app's inference service), runs one runMusicGeneration job at a time on its own
// worker thread, and reports tokens, progress and the result as queued signals. Stop asks the job
// to finish within one token, keeping what was generated.
//
// Integration note: the app's InferenceService owns the loaded model; whoever wires the Compose
// pane passes that std::shared_ptr<const rwkv::Model> to setModel() after each load.
#pragma once

#include "app/music/music_generation.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

class MusicGenerator : public QObject {
    Q_OBJECT
public:
    explicit MusicGenerator(QObject* parent = nullptr);
    // Stops a running job and waits for its thread.
    ~MusicGenerator() override;

    // Uses `model` for the next jobs (nullptr unloads). Returns false, with modelError() set, when
    // it is not a music model; the model is then not kept.
    bool setModel(std::shared_ptr<const rwkv::Model> model);
    bool hasModel() const { return model_ != nullptr; }
    std::optional<rwkv::music::MusicModelKind> kind() const { return kind_; }
    QString modelError() const { return modelError_; }
    // Fingerprint of the model, to check a saved state belongs to it (0 when none).
    quint64 modelFingerprint() const;

    // Starts a job; false when no model is loaded or a job is already running.
    bool start(const rwkv::music::MusicContext& context, const rwkv::music::MusicSamplingSettings& settings);
    void stop();
    bool isRunning() const { return thread_ != nullptr; }

signals:
    void prefillProgress(qint64 done, qint64 total);
    // `piece` is the new text (" pi:3c:a" for MIDI, characters for ABC).
    void tokenGenerated(const QString& piece, int generated, int maxTokens);
    void finished(const rwkv::music::MusicGenerationResult& result);

private:
    void join();

    std::shared_ptr<const rwkv::Model> model_;
    std::optional<rwkv::music::MusicModelKind> kind_;
    QString modelError_;
    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
};

Q_DECLARE_METATYPE(rwkv::music::MusicGenerationResult)
