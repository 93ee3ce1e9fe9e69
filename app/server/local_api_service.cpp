#include "app/server/local_api_service.h"

#include "app/inference/inference_service.h"
#include "app/server/api_server.h"
#include "app/settings/app_settings.h"

#include <QFileInfo>

LocalApiService::LocalApiService(AppSettings& settings, InferenceService& inference, QObject* parent)
    : QObject(parent), settings_(settings), inference_(inference)
{
    connect(&settings_, &AppSettings::apiServerChanged, this, &LocalApiService::apply);
    connect(&inference_, &InferenceService::modelLoaded, this, &LocalApiService::followModel);
    connect(&inference_, &InferenceService::modelUnloaded, this, &LocalApiService::followModel);
    apply();
}

LocalApiService::~LocalApiService() = default;

QString LocalApiService::address() const
{
    return server_ ? server_->baseUrl() : QString();
}

QString LocalApiService::statusLine() const
{
    if (!failure_.isEmpty())
        return failure_;
    if (!server_)
        return tr("The API server is off.");
    const QString model = inference_.hasModel() ? inference_.model().fileName : QString();
    return tr("Serving %1 at %2 · %n request(s) answered · %3 tokens/s", nullptr, int(server_->requestsServed()))
        .arg(model.isEmpty() ? tr("no model yet") : model, server_->baseUrl())
        .arg(server_->tokensPerSecond(), 0, 'f', 1);
}

void LocalApiService::apply()
{
    const AppSettings::ApiServerSettings s = settings_.apiServer();
    server_.reset();
    failure_.clear();
    if (s.enabled) {
        ApiServerConfig config;
        config.host = s.allowNetwork ? QHostAddress(QHostAddress::Any) : QHostAddress(QHostAddress::LocalHost);
        config.port = quint16(s.port);
        config.apiKey = s.apiKey;
        auto server = std::make_unique<ApiServer>(config);
        QString error;
        if (server->start(&error)) {
            server_ = std::move(server);
            connect(server_.get(), &ApiServer::statusChanged, this, &LocalApiService::statusChanged);
            followModel();
        } else {
            failure_ = error;
        }
    }
    emit statusChanged();
}

void LocalApiService::followModel()
{
    if (!server_)
        return;
    if (inference_.hasModel())
        server_->setModel(inference_.engineModel(), inference_.engineTokenizer(),
                          QFileInfo(inference_.model().path).completeBaseName());
    else
        server_->setModel(nullptr, nullptr, {});
}
