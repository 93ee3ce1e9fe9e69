// The API server over raw HTTP on 127.0.0.1 (real sockets, the fixture model): malformed bodies,
// wrong types, huge bodies and headers, unknown routes, slow and disconnecting clients all get
// the right status while the server lives on; 32 concurrent streams each give the text they give
// alone; a full queue answers 429; pipelined requests are answered in order; and the second turn
// of a conversation reads only its new tokens.
#include "fixtures.h"

#include "app/server/api_server.h"
#include "model/model.h"
#include "tokenizer/tokenizer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtTest>

namespace {

const char* kModel = "models/tiny-rwkv-7v0-834K.safetensors";

// Runs the event loop (the server lives on this thread) until `done` or `ms` pass.
template <class Done>
bool spin(Done done, int ms = 10000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return done();
}

struct Reply {
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool closed = false;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorParam() const { return json().value("error").toObject().value("param").toString(); }
    // The concatenated text of a completions event stream.
    QString streamedText() const
    {
        QString text;
        for (const QByteArray& line : body.split('\n')) {
            if (!line.startsWith("data: {"))
                continue;
            const QJsonArray choices = QJsonDocument::fromJson(line.mid(6)).object().value("choices").toArray();
            for (const QJsonValue& c : choices)
                text += c.toObject().value("text").toString();
        }
        return text;
    }
};

// One exchange on its own connection. The answer is complete at its Content-Length, or when
// the server closes (event streams).
class Client {
public:
    explicit Client(quint16 port) { socket_.connectToHost(QHostAddress::LocalHost, port); }

    void send(const QByteArray& raw) { socket_.write(raw); }
    void sendJson(const QByteArray& path, const QJsonObject& body, const QByteArray& extraHeaders = {})
    {
        const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders +
             "Content-Length: " + QByteArray::number(bytes.size()) + "\r\n\r\n" + bytes);
    }

    bool complete()
    {
        data_ += socket_.readAll();
        reply_.closed = socket_.state() == QAbstractSocket::UnconnectedState;
        const qsizetype end = data_.indexOf("\r\n\r\n");
        if (end < 0)
            return reply_.closed;
        reply_.head = data_.left(end);
        reply_.status = reply_.head.mid(9, 3).toInt();
        const QByteArray lower = reply_.head.toLower();
        const qsizetype at = lower.indexOf("content-length:");
        if (at >= 0) {
            const qint64 length = lower.mid(at + 15, lower.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            reply_.body = data_.mid(end + 4, length);
            return data_.size() >= end + 4 + length;
        }
        reply_.body = dechunk(data_.mid(end + 4));
        return reply_.closed;
    }

    Reply wait(int ms = 20000)
    {
        spin([this] { return complete(); }, ms);
        return reply_;
    }

    QTcpSocket& socket() { return socket_; }
    const QByteArray& received() const { return data_; }

private:
    static QByteArray dechunk(const QByteArray& raw)
    {
        QByteArray out;
        qsizetype pos = 0;
        while (pos < raw.size()) {
            const qsizetype eol = raw.indexOf("\r\n", pos);
            if (eol < 0)
                break;
            bool ok = false;
            const qsizetype n = raw.mid(pos, eol - pos).toLongLong(&ok, 16);
            if (!ok || n == 0)
                break;
            out += raw.mid(eol + 2, n);
            pos = eol + 2 + n + 2;
        }
        return out;
    }

    QTcpSocket socket_;
    QByteArray data_;
    Reply reply_;
};

// EOS and the bytes that are not ASCII are banned, so every completion runs to max_tokens and
// its text is exactly its bytes.
QJsonObject asciiOnly()
{
    QJsonObject bias{{"0", -100}};
    for (int b = 128; b < 256; ++b)
        bias.insert(QString::number(b), -100);
    return bias;
}

} // namespace

class TestApiServer : public QObject {
    Q_OBJECT

    std::shared_ptr<const rwkv::Model> model_;
    std::shared_ptr<const rwkv::Tokenizer> tokenizer_;

    std::unique_ptr<ApiServer> start(ApiServerConfig config = {})
    {
        config.port = 0;
        auto server = std::make_unique<ApiServer>(config);
        QString error;
        if (!server->start(&error))
            qFatal("%s", qPrintable(error));
        server->setModel(model_, tokenizer_, QStringLiteral("tiny"));
        return server;
    }

    static Reply post(ApiServer& server, const QByteArray& path, const QJsonObject& body, const QByteArray& headers = {})
    {
        Client c(server.port());
        c.sendJson(path, body, headers);
        return c.wait();
    }

    static QJsonObject completion(const QString& prompt, int maxTokens, int seed, bool stream = false)
    {
        return {{"prompt", prompt}, {"max_tokens", maxTokens}, {"seed", seed},     {"temperature", 1.0},
                {"top_p", 0.9},     {"stream", stream},        {"logit_bias", asciiOnly()}};
    }

private slots:
    void initTestCase()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        model_ = rwkv::Model::load(rwkvtest::fixture(kModel).toStdString());
        tokenizer_ = rwkv::loadTokenizer("bytes");
    }

    void malformedBodiesAndWrongTypesGet400WithTheField()
    {
        auto server = start();
        Client bad(server->port());
        bad.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{bad ");
        Reply r = bad.wait();
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value("error").toObject().value("message").toString().contains("not valid JSON"));
        QCOMPARE(r.json().value("error").toObject().value("type").toString(), QString("invalid_request_error"));

        QCOMPARE(post(*server, "/v1/chat/completions", {{"messages", "hello"}}).errorParam(), QString("messages"));
        QCOMPARE(post(*server, "/v1/chat/completions", {{"messages", QJsonArray{QJsonObject{{"role", "robot"}, {"content", "x"}}}}})
                     .errorParam(),
                 QString("messages[0]"));
        QCOMPARE(post(*server, "/v1/completions", {{"prompt", 5}}).errorParam(), QString("prompt"));
        QCOMPARE(post(*server, "/v1/completions", {{"prompt", "x"}, {"max_tokens", 1.5}}).errorParam(), QString("max_tokens"));
        QCOMPARE(post(*server, "/v1/completions", {{"prompt", "x"}, {"n", 0}}).errorParam(), QString("n"));
        QCOMPARE(post(*server, "/v1/completions", {{"prompt", "x"}, {"stream", "yes"}}).errorParam(), QString("stream"));
        QCOMPARE(post(*server, "/v1/completions", {{"prompt", "x"}, {"logit_bias", QJsonObject{{"99999", 1}}}}).errorParam(),
                 QString("logit_bias"));
        QCOMPARE(post(*server, "/v1/completions", {{"prompt", "x"}, {"stop", QJsonArray{1, 2}}}).errorParam(), QString("stop"));
        QCOMPARE(post(*server, "/v1/embeddings", {{"input", QJsonObject{}}}).errorParam(), QString("input"));
        Client array(server->port());
        array.send("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]");
        QCOMPARE(array.wait().status, 400);
        // Still serving.
        QCOMPARE(post(*server, "/v1/completions", completion("ok", 3, 1)).status, 200);
    }

    void unknownRoutesAndMethods()
    {
        auto server = start();
        Client unknown(server->port());
        unknown.send("GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        Reply r = unknown.wait();
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value("error").toObject().value("type").toString(), QString("not_found_error"));
        Client root(server->port());
        root.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(root.wait().status, 404);
        Client method(server->port());
        method.send("GET /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(method.wait().status, 405);
        Client models(server->port());
        models.send("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
        r = models.wait();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("data").toArray().first().toObject().value("id").toString(), QString("tiny"));
    }

    void theKeyIsRequiredWhenSet()
    {
        ApiServerConfig config;
        config.apiKey = QStringLiteral("s3cret");
        auto server = start(config);
        QCOMPARE(post(*server, "/v1/completions", completion("x", 2, 1)).status, 401);
        QCOMPARE(post(*server, "/v1/completions", completion("x", 2, 1), "Authorization: Bearer s3cre\r\n").status, 401);
        QCOMPARE(post(*server, "/v1/completions", completion("x", 2, 1), "Authorization: Bearer s3cret!\r\n").status, 401);
        QCOMPARE(post(*server, "/v1/completions", completion("x", 2, 1), "Authorization: Bearer s3cret\r\n").status, 200);
    }

    void hugeBodiesAndHeadersAreRefusedBeforeTheyAreRead()
    {
        ApiServerConfig config;
        config.maxBodyBytes = 1 << 20;
        auto server = start(config);
        Client declared(server->port());
        declared.send("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n{\"prompt\": \"");
        Reply r = declared.wait();
        QCOMPARE(r.status, 413);
        QVERIFY(r.json().value("error").toObject().value("message").toString().contains("larger than"));

        // A chunked body has no length to check first: the bytes received are counted.
        Client chunked(server->port());
        QVERIFY(spin([&] { return chunked.socket().state() == QAbstractSocket::ConnectedState; }));
        chunked.send("POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray piece(64 * 1024, 'a');
        for (int i = 0; i < 40 && chunked.socket().state() == QAbstractSocket::ConnectedState; ++i) {
            chunked.send(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
            spin([&] { return chunked.socket().bytesToWrite() == 0; }, 2000);
            QCoreApplication::processEvents();
        }
        QCOMPARE(chunked.wait().status, 413);

        Client headers(server->port());
        headers.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Long: " + QByteArray(70 * 1024, 'h') + "\r\n\r\n");
        QCOMPARE(headers.wait().status, 431);
        QCOMPARE(post(*server, "/v1/completions", completion("still here", 3, 1)).status, 200);
    }

    void slowClientsAreClosedAndTheServerLivesOn()
    {
        ApiServerConfig config;
        config.idleMs = 300;
        auto server = start(config);
        Client slow(server->port());
        slow.send("POST /v1/completions HTTP/1.1\r\nHost: x\r\n");
        QVERIFY(spin([&] { return slow.socket().state() == QAbstractSocket::UnconnectedState; }, 5000));
        Client silent(server->port()); // connects and never sends a byte
        QVERIFY(spin([&] { return silent.socket().state() == QAbstractSocket::UnconnectedState; }, 5000));
        QCOMPARE(post(*server, "/v1/completions", completion("after", 3, 1)).status, 200);
    }

    void aDisconnectingClientFreesItsPlaceWithinATokenOrSo()
    {
        auto server = start();
        Client leaving(server->port());
        leaving.sendJson("/v1/completions", completion("A long story", 100000, 3, true));
        QVERIFY(spin([&] { leaving.complete(); return leaving.received().contains("data: {"); }));
        QCOMPARE(server->requestsInFlight(), 1);
        leaving.socket().abort();
        QVERIFY(spin([&] { return server->requestsInFlight() == 0; }, 3000));
        QCOMPARE(post(*server, "/v1/completions", completion("next", 3, 1)).status, 200);
    }

    void concurrentStreamsGiveTheTextEachGetsAlone()
    {
        ApiServerConfig config;
        config.parallel = 8;
        auto server = start(config);
        const int clients = 32;
        QStringList alone;
        for (int i = 0; i < clients; ++i) {
            const Reply r = post(*server, "/v1/completions", completion(QString("Tale %1 begins").arg(i), 24, 100 + i, true));
            QCOMPARE(r.status, 200);
            alone.append(r.streamedText());
            QCOMPARE(alone.last().size(), 24);
        }
        std::vector<std::unique_ptr<Client>> together;
        for (int i = 0; i < clients; ++i) {
            together.push_back(std::make_unique<Client>(server->port()));
            together.back()->sendJson("/v1/completions", completion(QString("Tale %1 begins").arg(i), 24, 100 + i, true));
        }
        QVERIFY(spin([&] {
            return std::all_of(together.begin(), together.end(), [](auto& c) { return c->complete(); });
        }, 60000));
        for (int i = 0; i < clients; ++i) {
            const Reply r = together[size_t(i)]->wait(0);
            QCOMPARE(r.status, 200);
            QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
            QCOMPARE(r.streamedText(), alone[i]);
        }
        QCOMPARE(server->requestsInFlight(), 0);
    }

    void aFullQueueAnswers429WithRetryAfter()
    {
        ApiServerConfig config;
        config.parallel = 1;
        config.queueLimit = 1;
        auto server = start(config);
        Client first(server->port()), second(server->port()), third(server->port());
        first.sendJson("/v1/completions", completion("one", 100000, 1, true));
        QVERIFY(spin([&] { return server->requestsInFlight() == 1; }));
        second.sendJson("/v1/completions", completion("two", 100000, 2, true));
        QVERIFY(spin([&] { return server->requestsInFlight() == 2; }));
        third.sendJson("/v1/completions", completion("three", 5, 3));
        const Reply r = third.wait();
        QCOMPARE(r.status, 429);
        QVERIFY(r.head.contains("Retry-After: 1"));
        QCOMPARE(r.json().value("error").toObject().value("type").toString(), QString("rate_limit_error"));
        first.socket().abort();
        second.socket().abort();
        QVERIFY(spin([&] { return server->requestsInFlight() == 0; }, 5000));
    }

    void theSecondTurnReadsOnlyItsNewTokens()
    {
        auto server = start();
        const QString opening = QStringLiteral("The first part of a conversation, long enough to matter.");
        Reply first = post(*server, "/v1/completions", completion(opening, 12, 9));
        QCOMPARE(first.status, 200);
        const QString reply = first.json().value("choices").toArray().first().toObject().value("text").toString();
        QCOMPARE(reply.size(), 12);

        const QString next = opening + reply + QStringLiteral(" And then?");
        const quint64 before = model_->tokensEvaluated();
        Reply second = post(*server, "/v1/completions", completion(next, 5, 10));
        QCOMPARE(second.status, 200);
        const QJsonObject usage = second.json().value("usage").toObject();
        const int prompt = usage.value("prompt_tokens").toInt();
        const int cached = usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt();
        QCOMPARE(prompt, int(next.size()));
        // The first turn left its state after the prompt and 11 generated tokens (the 12th was
        // chosen but never read: the reply ended there).
        QCOMPARE(cached, int(opening.size()) + 11);
        // Read: the new prompt tokens, then 4 of the 5 generated.
        QCOMPARE(model_->tokensEvaluated() - before, quint64(prompt - cached + 4));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        auto server = start();
        Client c(server->port());
        const QByteArray body = QJsonDocument(completion("pipelined", 40, 1)).toJson(QJsonDocument::Compact);
        c.send("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) +
               "\r\n\r\n" + body + "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(spin([&] {
            c.complete();
            return c.received().contains("\"object\":\"list\"") && c.received().contains("text_completion");
        }));
        QVERIFY(c.received().indexOf("text_completion") < c.received().indexOf("\"object\":\"list\""));
        QCOMPARE(c.received().count("HTTP/1.1 200 OK"), 2);
    }

    void noModelGives503()
    {
        ApiServerConfig config;
        config.port = 0;
        ApiServer server(config);
        QVERIFY(server.start(nullptr));
        const Reply r = post(server, "/v1/completions", completion("x", 2, 1));
        QCOMPARE(r.status, 503);
        QVERIFY(r.json().value("error").toObject().value("message").toString().contains("No model is loaded"));
    }
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_api_server.moc"
