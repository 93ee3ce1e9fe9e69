#include "app/models/file_download.h"

#include "app/inference/model_summary.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <memory>

namespace {

constexpr qint64 kSpaceMargin = 16 << 20; // the filesystem needs some room of its own
constexpr int kStallTimeoutMs = 30000;
constexpr int kMaxRetryDelayMs = 30000;

QString sidecarPath(const QString& destination) { return FileDownload::partPath(destination) + QStringLiteral(".json"); }

// The sha256 state after the first `bytes` of `path` (run on a worker: parts can be gigabytes).
std::shared_ptr<QCryptographicHash> hashPrefix(const QString& path, qint64 bytes)
{
    auto hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    QByteArray buffer(4 << 20, Qt::Uninitialized);
    qint64 left = bytes;
    while (left > 0) {
        const qint64 n = file.read(buffer.data(), std::min<qint64>(left, buffer.size()));
        if (n <= 0)
            return nullptr;
        hash->addData(QByteArrayView(buffer.constData(), n));
        left -= n;
    }
    return hash;
}

QString httpSentence(int status, const QString& file, const QString& host)
{
    if (status == 404)
        return QObject::tr("%1 is not on %2 (404). The catalog may be out of date: refresh it, or check the "
                           "address.").arg(file, host);
    if (status == 401 || status == 403)
        return QObject::tr("%1 refused to send %2 (%3). The file may need a login, or the mirror does not "
                           "allow it.").arg(host, file).arg(status);
    if (status == 429)
        return QObject::tr("%1 is limiting downloads right now (429). Try again in a few minutes.").arg(host);
    if (status >= 500)
        return QObject::tr("%1 had a problem sending %2 (error %3). Try again later, or choose a mirror in "
                           "Settings.").arg(host, file).arg(status);
    return QObject::tr("%1 answered %2 for %3.").arg(host).arg(status).arg(file);
}

} // namespace

FileDownload::FileDownload(QNetworkAccessManager& network, const DownloadSpec& spec, QObject* parent)
    : QObject(parent), network_(network), spec_(spec),
      hash_(std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256))
{
    spec_.sha256 = spec_.sha256.toLower();
}

FileDownload::~FileDownload()
{
    ++generation_;
    abortReply();
    if (part_.isOpen()) {
        part_.close();
        writeSidecar();
    }
}

void FileDownload::setRetryPolicy(int attempts, int firstDelayMs)
{
    retryAttempts_ = retriesLeft_ = attempts;
    firstRetryDelayMs_ = retryDelayMs_ = firstDelayMs;
}

void FileDownload::setFreeSpaceProbe(std::function<qint64(const QString&)> probe) { freeSpace_ = std::move(probe); }

int FileDownload::secondsLeft() const
{
    if (total_ <= 0 || speed_ <= 0)
        return -1;
    return int((total_ - received_) / speed_);
}

void FileDownload::setState(State state)
{
    if (state_ == state)
        return;
    state_ = state;
    emit stateChanged(state);
}

void FileDownload::start()
{
    if (isActive() || state_ == State::Finished)
        return;
    ++generation_;
    error_.clear();
    retriesLeft_ = retryAttempts_;
    retryDelayMs_ = firstRetryDelayMs_;
    const QFileInfo target(spec_.destination);
    if (!QDir().mkpath(target.absolutePath())) {
        fail(tr("Could not create the folder %1. Choose another models folder in Settings.").arg(target.absolutePath()));
        return;
    }
    // Resume only a part that this very download left behind.
    const QString part = partPath(spec_.destination);
    QFile sidecar(sidecarPath(spec_.destination));
    const QJsonObject meta = sidecar.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(sidecar.readAll()).object()
                                                               : QJsonObject();
    const bool ours = QFileInfo::exists(part) && meta.value(QStringLiteral("url")).toString() == spec_.url.toString()
        && meta.value(QStringLiteral("sha256")).toString() == spec_.sha256;
    if (!ours)
        removePartFiles();
    received_ = ours ? QFileInfo(part).size() : 0;
    etag_ = ours ? meta.value(QStringLiteral("etag")).toString() : QString();
    total_ = ours ? qint64(meta.value(QStringLiteral("bytes")).toDouble()) : 0;
    const qint64 expected = total_ > 0 ? total_ : spec_.expectedBytes;
    if (expected > 0 && !enoughSpace(expected - received_))
        return;
    hash_ = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    if (received_ == 0) {
        sendRequest();
        return;
    }
    setState(State::Checking);
    emit progress(received_, total_);
    auto* watcher = new QFutureWatcher<std::shared_ptr<QCryptographicHash>>(this);
    const int generation = generation_;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != generation_)
            return; // paused or cancelled meanwhile
        auto hash = watcher->result();
        if (!hash) {
            restartFromZero(tr("The partly downloaded %1 could not be read, so it starts again.")
                                .arg(QFileInfo(spec_.destination).fileName()));
            return;
        }
        hash_ = std::move(hash);
        sendRequest();
    });
    watcher->setFuture(QtConcurrent::run(hashPrefix, part, received_));
}

void FileDownload::sendRequest()
{
    part_.setFileName(partPath(spec_.destination));
    if (!part_.open(QIODevice::WriteOnly | QIODevice::Append)) {
        fail(tr("Could not write %1: %2.").arg(part_.fileName(), part_.errorString()));
        return;
    }
    QNetworkRequest request(spec_.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(kStallTimeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("RWKV-Studio"));
    // Model files are already compressed as much as they will be; a gzip body would break Range.
    request.setRawHeader("Accept-Encoding", "identity");
    if (received_ > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(received_) + '-');
        if (!etag_.isEmpty())
            request.setRawHeader("If-Range", etag_.toUtf8());
    }
    requestOffset_ = received_;
    accepting_ = false;
    speedClock_.start();
    speedMark_ = received_;
    progressClock_.start();
    reply_ = network_.get(request);
    connect(reply_, &QNetworkReply::metaDataChanged, this, &FileDownload::onHeaders);
    connect(reply_, &QNetworkReply::readyRead, this, &FileDownload::onData);
    connect(reply_, &QNetworkReply::finished, this, &FileDownload::onReplyFinished);
    setState(State::Running);
}

void FileDownload::onHeaders()
{
    const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return; // redirects are followed; errors are judged when the reply finishes
    const QString name = QFileInfo(spec_.destination).fileName();
    const qint64 length = reply_->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    if (status == 206) {
        static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$"));
        const auto m = range.match(QString::fromLatin1(reply_->rawHeader("Content-Range")).trimmed());
        if (!m.hasMatch() || m.captured(1).toLongLong() != requestOffset_) {
            restartFromZero(tr("The server sent a different part of %1 than asked, so it starts again from the "
                               "beginning.").arg(name));
            return;
        }
        total_ = m.captured(3) == QLatin1String("*") ? requestOffset_ + length : m.captured(3).toLongLong();
    } else {
        if (requestOffset_ > 0) {
            // No Range support, or the file changed since the part was fetched (If-Range failed).
            emit notice(tr("The server could not resume %1 where it stopped, so it starts again from the "
                           "beginning.").arg(name));
            part_.resize(0);
            hash_ = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
            received_ = requestOffset_ = speedMark_ = 0;
        }
        total_ = length > 0 ? length : 0;
    }
    etag_ = QString::fromLatin1(reply_->rawHeader("ETag"));
    if (spec_.expectedBytes > 0 && total_ > 0 && total_ != spec_.expectedBytes) {
        fail(tr("%1 on the server is %2, not the %3 the catalog lists: it is not the file that was asked for. "
                "Refresh the catalog and try again.").arg(name, formatBytes(total_), formatBytes(spec_.expectedBytes)));
        return;
    }
    writeSidecar();
    if (total_ > 0 && !enoughSpace(total_ - received_))
        return;
    accepting_ = true;
    emit progress(received_, total_);
}

void FileDownload::onData()
{
    if (!reply_)
        return;
    const QByteArray data = reply_->readAll();
    if (!accepting_ || data.isEmpty())
        return;
    const qint64 written = part_.write(data);
    if (written != data.size()) {
        const bool full = part_.error() == QFileDevice::ResourceError || part_.error() == QFileDevice::WriteError;
        const QString reason = part_.errorString();
        part_.resize(received_); // keep exactly the bytes the hash has seen
        fail(full ? tr("The disk is full: %1 could not be written (%2). What was downloaded is kept; free some "
                       "space and press Resume.").arg(QFileInfo(spec_.destination).fileName(), reason)
                  : tr("Could not write %1: %2.").arg(part_.fileName(), reason));
        return;
    }
    hash_->addData(data);
    received_ += data.size();
    if (speedClock_.elapsed() >= 1000) {
        const double now = double(received_ - speedMark_) * 1000.0 / double(speedClock_.restart());
        speed_ = speed_ > 0 ? 0.7 * speed_ + 0.3 * now : now;
        speedMark_ = received_;
    }
    if (progressClock_.elapsed() >= 100) {
        progressClock_.restart();
        emit progress(received_, total_);
    }
}

void FileDownload::onReplyFinished()
{
    QNetworkReply* reply = reply_;
    if (!reply)
        return;
    onData(); // whatever arrived with the end
    reply_ = nullptr;
    reply->deleteLater();
    if (state_ != State::Running)
        return; // failed while writing
    part_.close();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QString name = QFileInfo(spec_.destination).fileName();
    const QString host = reply->url().host().isEmpty() ? spec_.url.host() : reply->url().host();
    if (received_ > requestOffset_) { // progress: the retry budget starts afresh
        retriesLeft_ = retryAttempts_;
        retryDelayMs_ = firstRetryDelayMs_;
    }
    emit progress(received_, total_);
    if (status == 416) {
        if (total_ > 0 && received_ == total_) {
            complete();
            return;
        }
        restartFromZero(tr("The server no longer has the part of %1 that was missing, so it starts again.").arg(name));
        return;
    }
    if (status >= 400) {
        fail(httpSentence(status, name, host));
        return;
    }
    switch (error) {
    case QNetworkReply::NoError:
        if (total_ > 0 && received_ < total_)
            scheduleRetry(tr("the connection ended early"));
        else
            complete();
        return;
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ConnectionRefusedError:
        if (received_ > 0 && retriesLeft_ > 0) { // mid-download: the network may come back
            scheduleRetry(reply->errorString());
            return;
        }
        fail(tr("Could not reach %1. Check the internet connection (and the proxy in Settings → Downloads).").arg(host));
        return;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        fail(tr("The proxy did not let the download through (%1). Check the proxy settings of this computer, or "
                "turn off \"Use the system proxy\" in Settings → Downloads.").arg(reply->errorString()));
        return;
    case QNetworkReply::SslHandshakeFailedError:
        fail(tr("A secure connection to %1 could not be made (%2). The network may be intercepting it.")
                 .arg(host, reply->errorString()));
        return;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the stall timeout
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProtocolFailure:
        scheduleRetry(reply->errorString());
        return;
    default:
        fail(tr("Downloading %1 failed: %2").arg(name, reply->errorString()));
        return;
    }
}

void FileDownload::scheduleRetry(const QString& why)
{
    const QString name = QFileInfo(spec_.destination).fileName();
    if (retriesLeft_ <= 0) {
        fail(tr("The connection kept dropping while downloading %1 (%2). The %3 downloaded so far are kept: press "
                "Resume to go on.").arg(name, why, formatBytes(received_)));
        return;
    }
    --retriesLeft_;
    const int delay = retryDelayMs_;
    retryDelayMs_ = std::min(retryDelayMs_ * 2, kMaxRetryDelayMs);
    setState(State::Waiting);
    emit notice(tr("The connection dropped at %1 of %2 (%3); resuming in %4 s.")
                    .arg(formatBytes(received_), total_ > 0 ? formatBytes(total_) : tr("an unknown size"), why)
                    .arg(std::max(1, delay / 1000)));
    const int generation = generation_;
    QTimer::singleShot(delay, this, [this, generation] {
        if (generation == generation_ && state_ == State::Waiting)
            sendRequest();
    });
}

void FileDownload::restartFromZero(const QString& why)
{
    abortReply();
    part_.close();
    emit notice(why);
    if (retriesLeft_-- <= 0) {
        fail(why);
        return;
    }
    QFile::remove(partPath(spec_.destination));
    hash_ = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    received_ = 0;
    total_ = 0;
    etag_.clear();
    sendRequest();
}

void FileDownload::complete()
{
    const QString name = QFileInfo(spec_.destination).fileName();
    actualSha256_ = QString::fromLatin1(hash_->result().toHex());
    if (!spec_.sha256.isEmpty() && actualSha256_ != spec_.sha256) {
        removePartFiles();
        fail(tr("%1 is not the published file: its sha256 is %2, not %3. The download was damaged or the file "
                "changed on the server; it was deleted. Refresh the catalog and try again.")
                 .arg(name, actualSha256_, spec_.sha256));
        return;
    }
    // rename(2) replaces atomically: FILE is either absent or whole, never half written.
    const QByteArray from = QFile::encodeName(partPath(spec_.destination));
    const QByteArray to = QFile::encodeName(spec_.destination);
    if (std::rename(from.constData(), to.constData()) != 0) {
        fail(tr("%1 was downloaded but could not be moved into place: %2.").arg(name, qt_error_string(errno)));
        return;
    }
    QFile::remove(sidecarPath(spec_.destination));
    speed_ = 0;
    setState(State::Finished);
    emit finished();
}

bool FileDownload::enoughSpace(qint64 needed)
{
    const QString dir = QFileInfo(spec_.destination).absolutePath();
    const qint64 free = freeSpace_ ? freeSpace_(dir) : QStorageInfo(dir).bytesAvailable();
    if (free < 0 || free >= needed + kSpaceMargin)
        return true;
    fail(tr("Not enough disk space for %1: it needs %2 more and %3 has %4 free. Free some space, or choose "
            "another models folder in Settings → Downloads.")
             .arg(QFileInfo(spec_.destination).fileName(), formatBytes(needed), dir, formatBytes(free)));
    return false;
}

void FileDownload::writeSidecar() const
{
    QFile sidecar(sidecarPath(spec_.destination));
    if (!sidecar.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return; // only costs a restart from zero next time
    sidecar.write(QJsonDocument(QJsonObject{{QStringLiteral("url"), spec_.url.toString()},
                                            {QStringLiteral("etag"), etag_},
                                            {QStringLiteral("sha256"), spec_.sha256},
                                            {QStringLiteral("bytes"), double(total_)}})
                      .toJson(QJsonDocument::Compact));
}

void FileDownload::removePartFiles()
{
    QFile::remove(partPath(spec_.destination));
    QFile::remove(sidecarPath(spec_.destination));
}

void FileDownload::abortReply()
{
    accepting_ = false;
    if (!reply_)
        return;
    QNetworkReply* reply = reply_;
    reply_ = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void FileDownload::fail(const QString& sentence)
{
    ++generation_;
    abortReply();
    if (part_.isOpen())
        part_.close();
    error_ = sentence;
    speed_ = 0;
    setState(State::Failed);
    emit finished();
}

void FileDownload::pause()
{
    if (!isActive())
        return;
    ++generation_;
    abortReply();
    if (part_.isOpen())
        part_.close();
    writeSidecar();
    speed_ = 0;
    setState(State::Paused);
}

void FileDownload::cancel()
{
    if (state_ == State::Finished || state_ == State::Cancelled)
        return;
    ++generation_;
    abortReply();
    if (part_.isOpen())
        part_.close();
    removePartFiles();
    speed_ = 0;
    setState(State::Cancelled);
    emit finished();
}
