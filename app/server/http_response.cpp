#include "app/server/http_response.h"

#include <QJsonDocument>

namespace http_response {

namespace {

QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QString typeFor(int status)
{
    switch (status) {
    case 401: return QStringLiteral("authentication_error");
    case 404: return QStringLiteral("not_found_error");
    case 429: return QStringLiteral("rate_limit_error");
    default: return status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request_error");
    }
}

} // namespace

QByteArray statusLine(int status)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
}

QByteArray json(int status, const QJsonObject& body, bool keepAlive, const Headers& extra)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray out = statusLine(status);
    out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(bytes.size()) + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    for (const auto& [name, value] : extra)
        out += name + ": " + value + "\r\n";
    return out + "\r\n" + bytes;
}

QJsonObject errorBody(int status, const QString& message, const QString& param, const QString& type,
                      const QString& code)
{
    QJsonObject error{{QStringLiteral("message"), message},
                      {QStringLiteral("type"), type.isEmpty() ? typeFor(status) : type},
                      {QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param)},
                      {QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code)}};
    return QJsonObject{{QStringLiteral("error"), error}};
}

QByteArray streamHead()
{
    return statusLine(200) + "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
}

QByteArray event(const QByteArray& data)
{
    const QByteArray payload = "data: " + data + "\n\n";
    return QByteArray::number(payload.size(), 16) + "\r\n" + payload + "\r\n";
}

QByteArray streamEnd()
{
    return "0\r\n\r\n";
}

} // namespace http_response
