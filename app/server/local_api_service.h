// LocalApiService is the app's side of the API server: it starts, restarts and stops an
// ApiServer as Settings → Local API server says, and keeps it serving whatever model the app has
// loaded (the same model the Chat pane uses; the API's requests share it with chat). It gives the
// status line Settings and the status bar show. GUI thread.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

class ApiServer;
class AppSettings;
class InferenceService;

class LocalApiService : public QObject {
    Q_OBJECT
public:
    LocalApiService(AppSettings& settings, InferenceService& inference, QObject* parent = nullptr);
    ~LocalApiService() override;

    bool isRunning() const { return server_ != nullptr; }
    // "http://127.0.0.1:8000/v1" while running, else empty.
    QString address() const;
    // One line for the user: where it listens, requests served, tokens/s; or why it is not
    // running ("off", or the sentence of a failed start).
    QString statusLine() const;
    // The server itself while running (tests), else null.
    ApiServer* server() const { return server_.get(); }

signals:
    void statusChanged();

private:
    void apply();
    void followModel();

    AppSettings& settings_;
    InferenceService& inference_;
    std::unique_ptr<ApiServer> server_;
    QString failure_;
};
