// ApiServer puts the loaded model behind an OpenAI-compatible HTTP API (Qt HttpServer):
// GET /v1/models, POST /v1/chat/completions and /v1/completions (streamed as server-sent events
// or whole), POST /v1/embeddings. The app's Settings and `rwkv-cli serve` both run it. It is safe
// by default: it listens on 127.0.0.1 unless told otherwise, checks an optional API key in
// constant time, bounds bodies, queue and idle connections, and never logs what is asked or
// answered (only method, path, status, token counts and time).
//
// Requests are decoded by a CompletionScheduler on its own thread, together in one batch; a client
// that disconnects frees its place within one token.
#pragma once

#include "app/server/api_request.h"
#include "app/server/completion_scheduler.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QHttpServerRequest>
#include <QQueue>
#include <QSet>
#include <QHostAddress>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

class QTcpSocket;

struct ApiServerConfig {
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8000; // 0: any free port (see ApiServer::port())
    QString apiKey;      // empty: no key needed
    int parallel = 8;    // sequences decoded together
    int queueLimit = 64; // requests waiting beyond those; more get 429
    qint64 maxBodyBytes = 8 << 20;
    int idleMs = 30000;  // an incomplete request or an idle kept-alive connection is closed after this
    size_t cacheBytes = size_t(512) << 20;
};

class ApiServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    explicit ApiServer(const ApiServerConfig& config, QObject* parent = nullptr);
    ~ApiServer() override;

    // Starts listening; false with a sentence in `error` when the address cannot be used.
    bool start(QString* error);
    quint16 port() const { return port_; }
    // "http://127.0.0.1:8000/v1"
    QString baseUrl() const;
    const ApiServerConfig& config() const { return config_; }

    // The model requests run on, and the name /v1/models shows (null: none loaded; requests
    // get 503 with a sentence).
    void setModel(std::shared_ptr<const rwkv::Model> model, std::shared_ptr<const rwkv::Tokenizer> tokenizer,
                  const QString& name);

    // Status line figures.
    quint64 requestsServed() const { return served_; }
    int requestsInFlight() const { return int(pending_.size()); }
    double tokensPerSecond() const;

    // One line per answered request, without any prompt or completion text (for the CLI's log).
    std::function<void(const QString&)> log;

signals:
    void statusChanged();

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Pending;
    // What a handler needs of a request, kept when it waits behind another on its connection.
    struct Incoming {
        QHttpServerRequest::Method method;
        QString path;
        QByteArray authorization;
        QByteArray body;
    };

    void dispatch(const Incoming& request, QTcpSocket* socket);
    // The connection's request in flight has been answered: the next one queued on it runs.
    void settled(QTcpSocket* socket);
    void forgetSocket(QObject* socket);

    void answer(QTcpSocket* socket, int status, const QJsonObject& body, bool keepAlive = true,
                const QList<QPair<QByteArray, QByteArray>>& headers = {});
    void answerError(QTcpSocket* socket, const ApiError& error);
    void startGeneration(const Incoming& request, QTcpSocket* socket, bool chat);
    void startEmbeddings(const Incoming& request, QTcpSocket* socket);
    QJsonObject modelObject() const;
    // One server-sent event of a stream: the request's id, object, time and model around
    // `choices`, with `usage` when given.
    void writeEvent(const Pending& p, const QJsonArray& choices, const QJsonObject& usage = {});
    // A streamed choice: its text as a chat delta or a completion's text, and its finish reason.
    static QJsonObject streamedChoice(const Pending& p, int index, const QString& text, const QJsonValue& finish);

    void onDelta(quint64 id, int choice, const QString& text);
    void onChoiceFinished(quint64 id, int choice, const QString& reason);
    void onRequestFinished(quint64 id, const CompletionUsage& usage);
    void onEmbeddings(quint64 id, const QList<QVector<float>>& vectors, int tokens);
    void onFailed(quint64 id, const QString& sentence);

    ApiServerConfig config_;
    quint16 port_ = 0;
    QThread thread_;
    CompletionScheduler* scheduler_ = nullptr; // lives on thread_
    std::shared_ptr<const rwkv::Model> model_;
    std::shared_ptr<const rwkv::Tokenizer> tokenizer_;
    QString modelName_;
    QHash<quint64, std::shared_ptr<Pending>> pending_;
    QSet<QObject*> busy_;                      // connections with a request in flight
    QHash<QObject*, QQueue<Incoming>> queued_; // requests waiting behind it
    quint64 nextId_ = 1;
    quint64 served_ = 0;
    QElapsedTimer clock_;
    QList<QPair<qint64, quint64>> tokenSamples_; // (ms, tokens generated so far) for tokens/s
};
