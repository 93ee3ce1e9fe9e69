// ConnectionGuard is the API server's listening socket. It sees every connection's bytes before
// Qt's HTTP parser does (which would otherwise buffer a request of any size), and answers what
// must never reach a handler: a body larger than the limit (413, from its Content-Length or the
// bytes received), headers larger than 64 KB (431), and a client that sends nothing for the idle
// time while a request is incomplete (the connection is closed). ApiServer tells it when a
// request was parsed (requestStarted) and when its answer is complete (requestDone).
#pragma once

#include <QTcpServer>

class QTcpSocket;

class ConnectionGuard : public QTcpServer {
    Q_OBJECT
public:
    ConnectionGuard(qint64 maxBodyBytes, int idleMs, QObject* parent = nullptr);

    // A request was read whole: its byte count restarts for the next one, and the idle timer
    // waits while it is answered.
    static void requestStarted(QTcpSocket* socket);
    // Its answer is complete and the connection stays open: the idle timer runs again.
    static void requestDone(QTcpSocket* socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void inspect(QTcpSocket* socket);
    void refuse(QTcpSocket* socket, int status, const QByteArray& message);

    qint64 maxBodyBytes_;
    int idleMs_;
};
