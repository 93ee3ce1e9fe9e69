// A real HTTP/1.1 file server on 127.0.0.1 for the download tests, with the ways real servers
// misbehave as switches: no Range support, a changed ETag, connections that drop after some
// bytes, a connection that stalls, and error statuses. It records every request it answers.
#pragma once

#include <QHostAddress>
#include <QMap>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>

class DownloadTestServer {
public:
    struct File {
        QByteArray body;
        QByteArray etag = "\"v1\"";
        bool ranges = true;
        int status = 200;          // anything else is sent as that error
        QList<qint64> dropAfter;   // per request, in order: close after this many body bytes
        qint64 stallAfter = -1;    // send this many body bytes, then keep the connection silent
        QByteArray contentType = "application/octet-stream";
    };
    struct Request {
        QByteArray path;
        QByteArray range;
        QByteArray ifRange;
    };

    DownloadTestServer()
    {
        QObject::connect(&server_, &QTcpServer::newConnection, [this] {
            while (QTcpSocket* socket = server_.nextPendingConnection())
                serve(socket);
        });
        server_.listen(QHostAddress::LocalHost, 0);
    }

    bool isListening() const { return server_.isListening(); }
    QString url(const QString& path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(server_.serverPort()).arg(path);
    }
    File& file(const QByteArray& path) { return files_[path]; }
    const QList<Request>& requests() const { return requests_; }
    void reset()
    {
        dropAll();
        files_.clear();
        requests_.clear();
    }
    // Closes every open connection (the stalled one included).
    void dropAll()
    {
        for (auto& s : sockets_)
            if (s)
                s->abort();
    }

private:
    void serve(QTcpSocket* socket)
    {
        sockets_.append(socket);
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            buffer->remove(0, end + 4);
            Request request;
            request.path = lines.value(0).split(' ').value(1);
            for (const QByteArray& raw : lines.mid(1)) {
                const QByteArray line = raw.trimmed();
                const qsizetype colon = line.indexOf(':');
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "range")
                    request.range = value;
                else if (name == "if-range")
                    request.ifRange = value;
            }
            requests_.append(request);
            respond(socket, request);
        });
    }

    void respond(QTcpSocket* socket, const Request& request)
    {
        if (!files_.contains(request.path)) {
            send(socket, 404, "Not Found", {}, "not here", -1, false);
            return;
        }
        File& f = files_[request.path];
        if (f.status != 200) {
            send(socket, f.status, "Error", {}, "server trouble", -1, false);
            return;
        }
        qint64 from = 0;
        if (f.ranges && request.range.startsWith("bytes=") && (request.ifRange.isEmpty() || request.ifRange == f.etag)) {
            from = request.range.mid(6, request.range.indexOf('-') - 6).toLongLong();
            if (from >= f.body.size()) {
                send(socket, 416, "Range Not Satisfiable",
                     "Content-Range: bytes */" + QByteArray::number(f.body.size()) + "\r\n", {}, -1, false);
                return;
            }
        }
        QByteArray headers = "ETag: " + f.etag + "\r\nContent-Type: " + f.contentType + "\r\n";
        if (f.ranges)
            headers += "Accept-Ranges: bytes\r\n";
        if (from > 0)
            headers += "Content-Range: bytes " + QByteArray::number(from) + '-' + QByteArray::number(f.body.size() - 1)
                + '/' + QByteArray::number(f.body.size()) + "\r\n";
        const qint64 drop = f.dropAfter.isEmpty() ? -1 : f.dropAfter.takeFirst();
        const qint64 limit = drop >= 0 ? drop : f.stallAfter;
        send(socket, from > 0 ? 206 : 200, from > 0 ? "Partial Content" : "OK", headers, f.body.mid(from), limit,
             drop >= 0);
    }

    // Sends the status, the headers and `body` (its full length announced); with `limit` >= 0 only
    // that many body bytes go out, then the connection closes (`close`) or falls silent.
    static void send(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& headers,
                     const QByteArray& body, qint64 limit, bool close)
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + headers
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
        socket->write(head);
        socket->write(limit >= 0 ? body.left(limit) : body);
        if (limit >= 0 && close)
            socket->disconnectFromHost();
    }

    QTcpServer server_;
    QMap<QByteArray, File> files_;
    QList<Request> requests_;
    QList<QPointer<QTcpSocket>> sockets_;
};
