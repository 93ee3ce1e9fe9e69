// The bytes of the API server's HTTP/1.1 answers: JSON bodies with OpenAI-style errors, and
// server-sent event streams in chunked transfer encoding. Written straight to the socket so a
// stream can go on after the request handler has returned.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace http_response {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// "429 Too Many Requests" and the like.
QByteArray statusLine(int status);
// A whole answer with a JSON body; `keepAlive` false adds "Connection: close".
QByteArray json(int status, const QJsonObject& body, bool keepAlive, const Headers& extra = {});
// {"error": {"message", "type", "param", "code"}}; type defaults by status (invalid_request_error,
// authentication_error, not_found_error, rate_limit_error, server_error).
QJsonObject errorBody(int status, const QString& message, const QString& param = {}, const QString& type = {},
                      const QString& code = {});

// The head of an event stream (the connection closes after it).
QByteArray streamHead();
// One "data: …" event as one chunk.
QByteArray event(const QByteArray& data);
// The terminating zero-length chunk.
QByteArray streamEnd();

} // namespace http_response
