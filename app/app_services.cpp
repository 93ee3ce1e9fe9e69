#include "app/app_services.h"

#include "app/chat/chat_service.h"
#include "app/documents/document_service.h"
#include "app/finetune/finetune_service.h"
#include "app/inference/inference_service.h"
#include "app/models/catalog_service.h"
#include "app/models/download_queue.h"
#include "app/models/model_library.h"
#include "app/music/music_generator.h"
#include "app/music/music_playback.h"
#include "app/music/piece_store.h"
#include "app/server/local_api_service.h"
#include "app/settings/app_settings.h"
#include "app/store/conversation_store.h"
#include "app/store/manuscript_store.h"
#include "app/store/store_recovery.h"
#include "app/write/write_service.h"
#include "tokenizer/world_tokenizer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

AppServices::AppServices(const Paths& paths)
    : settings_(std::make_unique<AppSettings>(paths.settingsIni)),
      inference_(std::make_unique<InferenceService>())
{
    openDatabase(paths.database.isEmpty() ? settings_->databasePath() : paths.database);
    inference_->setComputeDevice(settings_->computeDevice());
    QObject::connect(settings_.get(), &AppSettings::computeDeviceChanged, inference_.get(),
                     &InferenceService::setComputeDevice);
    models_ = std::make_unique<ModelLibrary>(*settings_, *inference_);
    chat_ = std::make_unique<ChatService>(*conversations_, *inference_, *settings_);
    write_ = std::make_unique<WriteService>(*manuscripts_, *inference_, *settings_);
    // Each run's checkpoints and results live beside the database, in finetune/run-<id>/.
    finetune_ = std::make_unique<FinetuneService>(*inference_, databasePath_,
                                                  QFileInfo(databasePath_).dir().filePath(QStringLiteral("finetune")));

    documents_ = std::make_unique<DocumentService>(*inference_, databasePath_);
    auto pieces = PieceStore::open(databasePath_);
    if (pieces.ok())
        pieces_ = std::make_unique<PieceStore>(std::move(pieces).value());
    musicGenerator_ = std::make_unique<MusicGenerator>();
    musicPlayback_ = std::make_unique<MusicPlayback>();
    // Compose runs its own sampling loop (music penalties and biases) on the same loaded model.
    QObject::connect(inference_.get(), &InferenceService::modelLoaded, musicGenerator_.get(),
                     [this] { musicGenerator_->setModel(inference_->engineModel()); });
    QObject::connect(inference_.get(), &InferenceService::modelUnloaded, musicGenerator_.get(),
                     [this] { musicGenerator_->setModel(nullptr); });
    // The local API server serves the same loaded model (Settings → Local API server).
    api_ = std::make_unique<LocalApiService>(*settings_, *inference_);
    // Downloads go into the models folder; the World vocabulary where the engine looks for it.
    catalog_ = std::make_unique<CatalogService>(*settings_);
    downloads_ = std::make_unique<DownloadQueue>(*settings_, *catalog_, *models_,
                                                 QString::fromStdString(rwkv::defaultWorldVocabPath()));
}

AppServices::~AppServices()
{
    // Services that listen to the inference service go first; the worker thread is joined last
    // but one, before the stores close.
    downloads_.reset();
    catalog_.reset();
    api_.reset();
    musicPlayback_.reset();
    musicGenerator_.reset();
    documents_.reset();
    finetune_.reset();
    write_.reset();
    chat_.reset();
    models_.reset();
    inference_.reset();
}

void AppServices::openDatabase(const QString& path)
{
    const QString name = QFileInfo(path).fileName();
    auto opened = ConversationStore::open(path);
    if (!opened.ok() && opened.error().code() == StoreError::Code::Corrupt) {
        auto copy = StoreRecovery::moveAside(path);
        if (copy.ok()) {
            startupNotice_ = QCoreApplication::translate("AppServices",
                "%1 is damaged and could not be read. A copy was kept as %2, and RWKV Studio started "
                "with a new, empty database.").arg(name, QFileInfo(copy.value()).fileName());
            opened = ConversationStore::open(path);
        }
    }
    if (!opened.ok()) {
        // Never refuse to start: work in a temporary database and say that nothing will be kept.
        const QString reason = opened.errorString();
        const QString temporary = QDir::temp().filePath(
            QStringLiteral("rwkv-studio-%1.sqlite").arg(QCoreApplication::applicationPid()));
        QFile::remove(temporary);
        opened = ConversationStore::open(temporary);
        startupNotice_ = QCoreApplication::translate("AppServices",
            "%1 Chats and documents will not be kept after you quit.").arg(reason);
        if (!opened.ok())
            qFatal("cannot open even a temporary database: %s", qPrintable(opened.errorString()));
    }
    conversations_ = std::make_unique<ConversationStore>(std::move(opened).value());
    databasePath_ = conversations_->path();
    auto documents = ManuscriptStore::open(databasePath_);
    if (!documents.ok())
        qFatal("cannot open the document store: %s", qPrintable(documents.errorString()));
    manuscripts_ = std::make_unique<ManuscriptStore>(std::move(documents).value());
}
