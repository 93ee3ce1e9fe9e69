// AppServices builds and owns every app service in dependency order: settings, the inference
// service (and its worker thread), the database stores, the model library, chat, write and
// fine-tuning, documents, the local API server, and the model catalog with its downloads. The
// executable and the tests create one; the ui receives references. Opening the database never
// stops the app: a damaged file is moved aside (kept for the user) and a new one is created, and
// startupNotice() says so in a sentence the main window shows.
#pragma once

#include <QString>

#include <memory>

class AppSettings;
class InferenceService;
class ModelLibrary;
class ChatService;
class WriteService;
class FinetuneService;
class DocumentService;
class ConversationStore;
class ManuscriptStore;
class MusicGenerator;
class MusicPlayback;
class PieceStore;
class LocalApiService;
class CatalogService;
class DownloadQueue;

class AppServices {
public:
    struct Paths {
        QString settingsIni; // empty: the platform's settings
        QString database;    // empty: AppSettings::databasePath()
    };

    explicit AppServices(const Paths& paths = {});
    ~AppServices();

    AppSettings& settings() { return *settings_; }
    InferenceService& inference() { return *inference_; }
    ModelLibrary& models() { return *models_; }
    ChatService& chat() { return *chat_; }
    WriteService& write() { return *write_; }
    FinetuneService& finetune() { return *finetune_; }
    DocumentService& documents() { return *documents_; }
    // Compose: generation on the loaded model (follows every model load), live playback, and the
    // piece library (null when the database could not hold it).
    MusicGenerator& musicGenerator() { return *musicGenerator_; }
    MusicPlayback& musicPlayback() { return *musicPlayback_; }
    PieceStore* pieces() { return pieces_.get(); }
    // The OpenAI-compatible server on the loaded model, when Settings switch it on.
    LocalApiService& api() { return *api_; }
    // The model catalog with this machine's fit estimates, and the downloads from it.
    CatalogService& catalog() { return *catalog_; }
    DownloadQueue& downloads() { return *downloads_; }

    // Path of the database in use (a temporary file when the real one could not be used).
    QString databasePath() const { return databasePath_; }
    // What went wrong opening the database, as a sentence; empty when all was fine.
    QString startupNotice() const { return startupNotice_; }

private:
    void openDatabase(const QString& path);

    std::unique_ptr<AppSettings> settings_;
    std::unique_ptr<InferenceService> inference_;
    std::unique_ptr<ConversationStore> conversations_;
    std::unique_ptr<ManuscriptStore> manuscripts_;
    std::unique_ptr<ModelLibrary> models_;
    std::unique_ptr<ChatService> chat_;
    std::unique_ptr<WriteService> write_;
    std::unique_ptr<FinetuneService> finetune_;
    std::unique_ptr<DocumentService> documents_;
    std::unique_ptr<PieceStore> pieces_;
    std::unique_ptr<MusicGenerator> musicGenerator_;
    std::unique_ptr<MusicPlayback> musicPlayback_;
    std::unique_ptr<LocalApiService> api_;
    std::unique_ptr<CatalogService> catalog_;
    std::unique_ptr<DownloadQueue> downloads_;
    QString databasePath_;
    QString startupNotice_;
};
