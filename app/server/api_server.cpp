#include "app/server/api_server.h"

#include "app/server/connection_guard.h"
#include "app/server/http_response.h"
#include "model/model.h"
#include "tokenizer/tokenizer.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>

namespace {

// Equal-length comparison that always looks at every byte, so the time taken says nothing about
// how much of a guessed key was right.
bool sameSecret(const QByteArray& a, const QByteArray& b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = std::max(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i)
        diff |= static_cast<unsigned char>((i < a.size() ? a[i] : 0) ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
}

QString randomId(const char* prefix)
{
    return QString::fromLatin1(prefix) + QString::number(QRandomGenerator::global()->generate64(), 36);
}

} // namespace

// One request being answered.
struct ApiServer::Pending {
    enum class Kind { Chat, Completion, Embeddings } kind = Kind::Chat;
    QPointer<QTcpSocket> socket;
    QString method, path;
    bool stream = false;
    bool includeUsage = false;
    ThinkMode think = ThinkMode::Off;
    QString model;
    QString id;
    qint64 created = 0;
    QList<QString> texts;    // per choice
    QList<QString> finishes; // per choice: "stop", "length" ("" while running)
    QList<bool> started;     // per choice: the first text has gone out
    bool base64 = false;
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
    QElapsedTimer timer;
};

ApiServer::ApiServer(const ApiServerConfig& config, QObject* parent) : QAbstractHttpServer(parent), config_(config)
{
    CompletionScheduler::Limits limits;
    limits.parallel = std::max(1, config.parallel);
    limits.cacheBytes = config.cacheBytes;
    scheduler_ = new CompletionScheduler(limits);
    scheduler_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, scheduler_, &QObject::deleteLater);
    connect(scheduler_, &CompletionScheduler::delta, this, &ApiServer::onDelta);
    connect(scheduler_, &CompletionScheduler::choiceFinished, this, &ApiServer::onChoiceFinished);
    connect(scheduler_, &CompletionScheduler::requestFinished, this, &ApiServer::onRequestFinished);
    connect(scheduler_, &CompletionScheduler::embeddingsReady, this, &ApiServer::onEmbeddings);
    connect(scheduler_, &CompletionScheduler::requestFailed, this, &ApiServer::onFailed);
    thread_.setObjectName(QStringLiteral("api-scheduler"));
    thread_.start();
    clock_.start();
}

ApiServer::~ApiServer()
{
    for (const auto& p : std::as_const(pending_))
        p->cancel->store(true);
    thread_.quit();
    thread_.wait();
}

bool ApiServer::start(QString* error)
{
    auto* guard = new ConnectionGuard(config_.maxBodyBytes, config_.idleMs, this);
    if (!guard->listen(config_.host, config_.port)) {
        if (error)
            *error = QStringLiteral("The API server cannot listen on %1:%2: %3")
                         .arg(config_.host.toString())
                         .arg(config_.port)
                         .arg(guard->errorString());
        delete guard;
        return false;
    }
    port_ = guard->serverPort();
    bind(guard);
    return true;
}

QString ApiServer::baseUrl() const
{
    const QString host = config_.host.protocol() == QAbstractSocket::IPv6Protocol ? "[" + config_.host.toString() + "]"
                                                                                  : config_.host.toString();
    return QStringLiteral("http://%1:%2/v1").arg(host).arg(port_);
}

void ApiServer::setModel(std::shared_ptr<const rwkv::Model> model, std::shared_ptr<const rwkv::Tokenizer> tokenizer,
                         const QString& name)
{
    model_ = model;
    tokenizer_ = tokenizer;
    modelName_ = name;
    QMetaObject::invokeMethod(scheduler_, [s = scheduler_, model, tokenizer] { s->setModel(model, tokenizer); });
    emit statusChanged();
}

double ApiServer::tokensPerSecond() const
{
    if (tokenSamples_.size() < 2)
        return 0.0;
    const double seconds = double(tokenSamples_.back().first - tokenSamples_.front().first) / 1000.0;
    return seconds > 0 ? double(tokenSamples_.back().second - tokenSamples_.front().second) / seconds : 0.0;
}

void ApiServer::answer(QTcpSocket* socket, int status, const QJsonObject& body, bool keepAlive,
                       const QList<QPair<QByteArray, QByteArray>>& headers)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(http_response::json(status, body, keepAlive, headers));
    if (keepAlive)
        ConnectionGuard::requestDone(socket);
    else
        socket->disconnectFromHost();
}

void ApiServer::answerError(QTcpSocket* socket, const ApiError& error)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (error.status == 429)
        headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
    answer(socket, error.status, http_response::errorBody(error.status, error.message, error.param, error.type, error.code),
           error.status < 500 && error.status != 413, headers);
}

QJsonObject ApiServer::modelObject() const
{
    return {{QStringLiteral("id"), modelName_},
            {QStringLiteral("object"), QStringLiteral("model")},
            {QStringLiteral("created"), 0},
            {QStringLiteral("owned_by"), QStringLiteral("rwkv-studio")}};
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ConnectionGuard::requestStarted(socket);
    Incoming in{request.method(), request.url().path(), request.value(QByteArrayLiteral("authorization")), request.body()};
    // One request at a time per connection, answered in the order they came (HTTP pipelining).
    if (busy_.contains(socket)) {
        queued_[socket].enqueue(std::move(in));
        return true;
    }
    dispatch(in, socket);
    return true;
}

void ApiServer::dispatch(const Incoming& request, QTcpSocket* socket)
{
    QString path = request.path;
    if (path.endsWith(QLatin1Char('/')) && path.size() > 1)
        path.chop(1);
    const bool get = request.method == QHttpServerRequest::Method::Get;
    const bool post = request.method == QHttpServerRequest::Method::Post;
    auto wrongMethod = [&](const char* allowed) {
        answerError(socket, {405, QStringLiteral("Use %1 for %2.").arg(QLatin1String(allowed), path)});
    };
    const bool known = path == QLatin1String("/v1/models") || path.startsWith(QLatin1String("/v1/models/")) ||
                       path == QLatin1String("/v1/chat/completions") || path == QLatin1String("/v1/completions") ||
                       path == QLatin1String("/v1/embeddings");
    if (!known) {
        answerError(socket, {404, QStringLiteral("There is no endpoint %1 here. This server answers GET /v1/models and "
                                                 "POST /v1/chat/completions, /v1/completions and /v1/embeddings.")
                                      .arg(request.path)});
        return;
    }
    if (!sameSecret(request.authorization, config_.apiKey.isEmpty() ? request.authorization
                                                                    : "Bearer " + config_.apiKey.toUtf8())) {
        answerError(socket, {401,
                             QStringLiteral("A valid API key is needed: send the header 'Authorization: Bearer KEY'."),
                             {}, QStringLiteral("authentication_error"), QStringLiteral("invalid_api_key")});
        return;
    }
    if (path == QLatin1String("/v1/models")) {
        if (!get)
            return wrongMethod("GET");
        QJsonArray data;
        if (model_)
            data.append(modelObject());
        answer(socket, 200, {{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
        return;
    }
    if (path.startsWith(QLatin1String("/v1/models/"))) {
        if (!get)
            return wrongMethod("GET");
        const QString id = path.mid(QStringLiteral("/v1/models/").size());
        if (!model_ || id != modelName_)
            answerError(socket, {404, QStringLiteral("There is no model '%1' here.").arg(id), QStringLiteral("model"),
                                 {}, QStringLiteral("model_not_found")});
        else
            answer(socket, 200, modelObject());
        return;
    }
    if (!post)
        return wrongMethod("POST");
    if (path == QLatin1String("/v1/embeddings"))
        startEmbeddings(request, socket);
    else
        startGeneration(request, socket, path == QLatin1String("/v1/chat/completions"));
}

void ApiServer::forgetSocket(QObject* socket)
{
    busy_.remove(socket);
    queued_.remove(socket);
}

void ApiServer::settled(QTcpSocket* socket)
{
    if (!socket)
        return;
    busy_.remove(socket);
    auto it = queued_.find(socket);
    while (it != queued_.end() && !it->isEmpty() && !busy_.contains(socket) &&
           socket->state() == QAbstractSocket::ConnectedState) {
        const Incoming next = it->dequeue();
        dispatch(next, socket);
        it = queued_.find(socket);
    }
    if (it != queued_.end() && it->isEmpty())
        queued_.erase(it);
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    answerError(socket, {404, QStringLiteral("There is no endpoint %1 here.").arg(request.url().path())});
}

namespace {

// The body as a JSON object, or a 400 sentence.
std::optional<QJsonObject> jsonBody(const QByteArray& body, ApiError& error)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
    if (parse.error != QJsonParseError::NoError) {
        error = {400, QStringLiteral("The body is not valid JSON: %1 at byte %2.").arg(parse.errorString()).arg(parse.offset)};
        return std::nullopt;
    }
    if (!doc.isObject()) {
        error = {400, QStringLiteral("The body must be a JSON object.")};
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

void ApiServer::startGeneration(const Incoming& request, QTcpSocket* socket, bool chat)
{
    if (!model_ || !tokenizer_) {
        answerError(socket, {503, QStringLiteral("No model is loaded. Load one in RWKV Studio first."), {},
                             QStringLiteral("server_error"), QStringLiteral("model_not_loaded")});
        return;
    }
    if (pending_.size() >= config_.parallel + config_.queueLimit) {
        answerError(socket, {429, QStringLiteral("The server is busy (%1 requests are running or waiting); try again shortly.")
                                      .arg(pending_.size()),
                             {}, QStringLiteral("rate_limit_error"), QStringLiteral("queue_full")});
        return;
    }
    ApiError error;
    const auto body = jsonBody(request.body, error);
    std::optional<GenerationCall> call;
    if (body)
        call = api_request::parseGeneration(*body, chat, *tokenizer_, model_->info().vocab, error);
    if (!call) {
        answerError(socket, error);
        return;
    }
    auto p = std::make_shared<Pending>();
    p->kind = chat ? Pending::Kind::Chat : Pending::Kind::Completion;
    p->socket = socket;
    p->method = QStringLiteral("POST");
    p->path = request.path;
    p->stream = call->stream;
    p->includeUsage = call->includeUsage;
    p->think = call->think;
    p->model = call->model.isEmpty() ? modelName_ : call->model;
    p->id = randomId(chat ? "chatcmpl-" : "cmpl-");
    p->created = QDateTime::currentSecsSinceEpoch();
    const int choices = call->request.choices;
    for (int i = 0; i < choices; ++i) {
        p->texts.append(QString());
        p->finishes.append(QString());
        p->started.append(false);
    }
    p->timer.start();
    call->request.cancel = p->cancel;
    connect(socket, &QTcpSocket::disconnected, this, [flag = p->cancel] { flag->store(true); });
    const quint64 id = nextId_++;
    pending_.insert(id, p);
    busy_.insert(socket);
    connect(socket, &QObject::destroyed, this, &ApiServer::forgetSocket, Qt::UniqueConnection);
    if (p->stream) {
        socket->write(http_response::streamHead());
        if (chat)
            for (int i = 0; i < choices; ++i) {
                writeEvent(*p, {QJsonObject{{QStringLiteral("index"), i},
                                            {QStringLiteral("delta"),
                                             QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                         {QStringLiteral("content"), QString()}}},
                                            {QStringLiteral("finish_reason"), QJsonValue()}}});
            }
    }
    QMetaObject::invokeMethod(scheduler_, [s = scheduler_, id, r = call->request] { s->submit(id, r); });
    emit statusChanged();
}

void ApiServer::startEmbeddings(const Incoming& request, QTcpSocket* socket)
{
    if (!model_ || !tokenizer_) {
        answerError(socket, {503, QStringLiteral("No model is loaded. Load one in RWKV Studio first."), {},
                             QStringLiteral("server_error"), QStringLiteral("model_not_loaded")});
        return;
    }
    if (pending_.size() >= config_.parallel + config_.queueLimit) {
        answerError(socket, {429, QStringLiteral("The server is busy; try again shortly."), {},
                             QStringLiteral("rate_limit_error"), QStringLiteral("queue_full")});
        return;
    }
    ApiError error;
    const auto body = jsonBody(request.body, error);
    std::optional<EmbeddingCall> call;
    if (body)
        call = api_request::parseEmbeddings(*body, *tokenizer_, model_->info().vocab, error);
    if (!call) {
        answerError(socket, error);
        return;
    }
    auto p = std::make_shared<Pending>();
    p->kind = Pending::Kind::Embeddings;
    p->socket = socket;
    p->method = QStringLiteral("POST");
    p->path = request.path;
    p->model = call->model.isEmpty() ? modelName_ : call->model;
    p->base64 = call->base64;
    p->timer.start();
    connect(socket, &QTcpSocket::disconnected, this, [flag = p->cancel] { flag->store(true); });
    const quint64 id = nextId_++;
    pending_.insert(id, p);
    busy_.insert(socket);
    connect(socket, &QObject::destroyed, this, &ApiServer::forgetSocket, Qt::UniqueConnection);
    QMetaObject::invokeMethod(scheduler_, [s = scheduler_, id, inputs = call->inputs, cancel = p->cancel] {
        s->submitEmbeddings(id, inputs, cancel);
    });
    emit statusChanged();
}

void ApiServer::onDelta(quint64 id, int choice, const QString& text)
{
    const auto p = pending_.value(id);
    if (!p || choice < 0 || choice >= p->texts.size())
        return;
    QString piece = text;
    if (p->kind == Pending::Kind::Chat && !p->started[choice]) {
        // As the Chat pane stores a reply: the reply prefix's think tag first, one leading space dropped.
        piece = chat_prompt::replyPrefix(p->think).mid(QStringLiteral("Assistant:").size()) + piece;
        if (piece.startsWith(QLatin1Char(' ')))
            piece.remove(0, 1);
    }
    if (piece.isEmpty())
        return;
    p->started[choice] = true;
    p->texts[choice] += piece;
    if (!p->stream || !p->socket)
        return;
    writeEvent(*p, {streamedChoice(*p, choice, piece, QJsonValue())});
}

void ApiServer::writeEvent(const Pending& p, const QJsonArray& choices, const QJsonObject& usage)
{
    if (!p.socket)
        return;
    QJsonObject chunk{{QStringLiteral("id"), p.id},
                      {QStringLiteral("object"), p.kind == Pending::Kind::Chat ? QStringLiteral("chat.completion.chunk")
                                                                               : QStringLiteral("text_completion")},
                      {QStringLiteral("created"), p.created},
                      {QStringLiteral("model"), p.model},
                      {QStringLiteral("choices"), choices}};
    if (!usage.isEmpty())
        chunk.insert(QStringLiteral("usage"), usage);
    p.socket->write(http_response::event(QJsonDocument(chunk).toJson(QJsonDocument::Compact)));
}

QJsonObject ApiServer::streamedChoice(const Pending& p, int index, const QString& text, const QJsonValue& finish)
{
    QJsonObject c{{QStringLiteral("index"), index}, {QStringLiteral("finish_reason"), finish}};
    if (p.kind == Pending::Kind::Chat) {
        c.insert(QStringLiteral("delta"), text.isEmpty() ? QJsonObject{} : QJsonObject{{QStringLiteral("content"), text}});
    } else {
        c.insert(QStringLiteral("text"), text);
        c.insert(QStringLiteral("logprobs"), QJsonValue());
    }
    return c;
}

void ApiServer::onChoiceFinished(quint64 id, int choice, const QString& reason)
{
    const auto p = pending_.value(id);
    if (!p || choice < 0 || choice >= p->finishes.size())
        return;
    p->finishes[choice] = reason;
    if (!p->stream || !p->socket || reason == QLatin1String("cancelled"))
        return;
    writeEvent(*p, {streamedChoice(*p, choice, QString(), reason)});
}

void ApiServer::onRequestFinished(quint64 id, const CompletionUsage& usage)
{
    const auto p = pending_.take(id);
    if (!p)
        return;
    const QJsonObject usageJson{{QStringLiteral("prompt_tokens"), usage.promptTokens},
                                {QStringLiteral("completion_tokens"), usage.completionTokens},
                                {QStringLiteral("total_tokens"), usage.promptTokens + usage.completionTokens},
                                {QStringLiteral("prompt_tokens_details"),
                                 QJsonObject{{QStringLiteral("cached_tokens"), usage.cachedTokens}}}};
    const bool chat = p->kind == Pending::Kind::Chat;
    if (p->socket && p->stream) {
        if (p->includeUsage)
            writeEvent(*p, {}, usageJson);
        p->socket->write(http_response::event("[DONE]") + http_response::streamEnd());
        p->socket->disconnectFromHost();
    } else if (p->socket) {
        QJsonArray choices;
        for (int i = 0; i < p->texts.size(); ++i) {
            QJsonObject c{{QStringLiteral("index"), i}, {QStringLiteral("finish_reason"), p->finishes[i]}};
            if (chat)
                c.insert(QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                                {QStringLiteral("content"), p->texts[i]}});
            else {
                c.insert(QStringLiteral("text"), p->texts[i]);
                c.insert(QStringLiteral("logprobs"), QJsonValue());
            }
            choices.append(c);
        }
        answer(p->socket, 200,
               {{QStringLiteral("id"), p->id},
                {QStringLiteral("object"), chat ? QStringLiteral("chat.completion") : QStringLiteral("text_completion")},
                {QStringLiteral("created"), p->created},
                {QStringLiteral("model"), p->model},
                {QStringLiteral("choices"), choices},
                {QStringLiteral("usage"), usageJson}});
    }
    settled(p->socket.data());
    ++served_;
    tokenSamples_.append({clock_.elapsed(), scheduler_->tokensGenerated()});
    while (tokenSamples_.size() > 2 && tokenSamples_.back().first - tokenSamples_.front().first > 10000)
        tokenSamples_.removeFirst();
    if (log)
        log(QStringLiteral("%1 %2 %3 prompt %4 (cached %5) + completion %6 tokens, %7 s")
                .arg(p->method, p->path)
                .arg(p->socket ? 200 : 499)
                .arg(usage.promptTokens)
                .arg(usage.cachedTokens)
                .arg(usage.completionTokens)
                .arg(double(p->timer.elapsed()) / 1000.0, 0, 'f', 2));
    emit statusChanged();
}

void ApiServer::onEmbeddings(quint64 id, const QList<QVector<float>>& vectors, int tokens)
{
    const auto p = pending_.take(id);
    if (!p)
        return;
    QJsonArray data;
    for (int i = 0; i < vectors.size(); ++i) {
        QJsonValue embedding;
        if (p->base64) {
            QByteArray bytes(reinterpret_cast<const char*>(vectors[i].constData()), vectors[i].size() * qsizetype(sizeof(float)));
            embedding = QString::fromLatin1(bytes.toBase64());
        } else {
            QJsonArray values;
            for (float v : vectors[i])
                values.append(double(v));
            embedding = values;
        }
        data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("index"), i},
                                {QStringLiteral("embedding"), embedding}});
    }
    answer(p->socket, 200,
           {{QStringLiteral("object"), QStringLiteral("list")},
            {QStringLiteral("data"), data},
            {QStringLiteral("model"), p->model},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), tokens}, {QStringLiteral("total_tokens"), tokens}}}});
    settled(p->socket.data());
    ++served_;
    if (log)
        log(QStringLiteral("%1 %2 200 %3 inputs, %4 tokens, %5 s")
                .arg(p->method, p->path)
                .arg(vectors.size())
                .arg(tokens)
                .arg(double(p->timer.elapsed()) / 1000.0, 0, 'f', 2));
    emit statusChanged();
}

void ApiServer::onFailed(quint64 id, const QString& sentence)
{
    const auto p = pending_.take(id);
    if (!p)
        return;
    if (p->socket && p->stream) {
        // The head went out already: the error travels as an event, as OpenAI's streams do.
        const QJsonObject error = http_response::errorBody(500, sentence);
        p->socket->write(http_response::event(QJsonDocument(error).toJson(QJsonDocument::Compact)) +
                         http_response::event("[DONE]") + http_response::streamEnd());
        p->socket->disconnectFromHost();
    } else {
        answerError(p->socket, {500, sentence, {}, QStringLiteral("server_error")});
    }
    settled(p->socket.data());
    if (log)
        log(QStringLiteral("%1 %2 500 failed").arg(p->method, p->path));
    emit statusChanged();
}
