#include "app/server/connection_guard.h"

#include "app/server/http_response.h"

#include <QTcpSocket>
#include <QTimer>

namespace {

constexpr qint64 kMaxHeaderBytes = 64 * 1024;
constexpr int kDrainMs = 1000; // how long a refused client may go on sending

// Per-connection counters, kept on the socket so they die with it.
struct Watch : QObject {
    using QObject::QObject;
    QByteArray head;          // the current request's first bytes, until its headers end
    qint64 received = 0;      // bytes of the current request seen so far
    bool headersChecked = false;
    QTimer idle;
};

const QString kWatchName = QStringLiteral("rwkv-connection-watch");

Watch* watchOf(QTcpSocket* socket)
{
    // Watch has no meta-object of its own, so it is found by name.
    return static_cast<Watch*>(socket->findChild<QObject*>(kWatchName, Qt::FindDirectChildrenOnly));
}

} // namespace

ConnectionGuard::ConnectionGuard(qint64 maxBodyBytes, int idleMs, QObject* parent)
    : QTcpServer(parent), maxBodyBytes_(maxBodyBytes), idleMs_(idleMs)
{
}

void ConnectionGuard::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto* watch = new Watch(socket);
    watch->setObjectName(kWatchName);
    watch->idle.setSingleShot(true);
    watch->idle.setInterval(idleMs_);
    connect(&watch->idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
    watch->idle.start();
    // Connected before the HTTP server's own handler, so this runs first on every read.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    addPendingConnection(socket);
}

void ConnectionGuard::requestStarted(QTcpSocket* socket)
{
    if (Watch* w = socket ? watchOf(socket) : nullptr) {
        w->head.clear();
        w->received = 0;
        w->headersChecked = false;
        w->idle.stop();
    }
}

void ConnectionGuard::requestDone(QTcpSocket* socket)
{
    if (Watch* w = socket ? watchOf(socket) : nullptr)
        w->idle.start();
}

void ConnectionGuard::inspect(QTcpSocket* socket)
{
    Watch* w = watchOf(socket);
    if (!w)
        return;
    const qint64 available = socket->bytesAvailable();
    w->received += available;
    if (w->idle.isActive() || w->received > 0)
        w->idle.start();
    if (!w->headersChecked) {
        w->head += socket->peek(std::min<qint64>(available, kMaxHeaderBytes));
        const qsizetype end = w->head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (w->head.size() >= kMaxHeaderBytes)
                refuse(socket, 431, "The request's headers are larger than 64 KB.");
            return;
        }
        w->headersChecked = true;
        const QByteArray headers = w->head.left(end).toLower();
        const qsizetype at = headers.indexOf("\ncontent-length:");
        if (at >= 0) {
            const qsizetype lineEnd = headers.indexOf('\n', at + 1);
            bool ok = false;
            const qint64 length = headers.mid(at + 16, lineEnd < 0 ? -1 : lineEnd - at - 16).trimmed().toLongLong(&ok);
            if (!ok || length < 0) {
                refuse(socket, 400, "The Content-Length header is not a number.");
                return;
            }
            if (length > maxBodyBytes_) {
                refuse(socket, 413, "The request body is larger than " + QByteArray::number(maxBodyBytes_ >> 20) + " MB.");
                return;
            }
        }
        w->head.clear();
    }
    if (w->received > maxBodyBytes_ + kMaxHeaderBytes)
        refuse(socket, 413, "The request body is larger than " + QByteArray::number(maxBodyBytes_ >> 20) + " MB.");
}

void ConnectionGuard::refuse(QTcpSocket* socket, int status, const QByteArray& message)
{
    // The HTTP server must not parse what follows: only this answer goes out. What the client
    // still sends is read and dropped for a moment before closing, because closing with unread
    // bytes resets the connection and the client would lose the answer.
    disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (Watch* w = watchOf(socket))
        w->idle.stop();
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    socket->write(http_response::json(status, http_response::errorBody(status, QString::fromUtf8(message)), false));
    QTimer::singleShot(kDrainMs, socket, [socket] { socket->disconnectFromHost(); });
}
