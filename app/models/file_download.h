// FileDownload fetches one file over HTTP(S) into FILE.part and, once its sha256 matches, renames
// it atomically to FILE. It resumes: a dropped connection is retried from the byte it reached
// (HTTP Range, with If-Range on the ETag so a changed file starts over), and a later run — of
// the app or of `rwkv-cli download` — continues the same FILE.part, whose URL, ETag and expected
// hash live beside it in FILE.part.json. Every failure ends in a sentence a user can act on, and
// a file that fails its hash is deleted. Lives on the thread that owns the network manager.
#pragma once

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

struct DownloadSpec {
    QUrl url;
    QString destination;      // the final file; the download goes to destination + ".part"
    QString sha256;           // lower-case hex; empty: not checked (only rwkv-cli allows that)
    qint64 expectedBytes = 0; // 0 = unknown; used for the disk-space check before starting
};

class FileDownload : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Checking, Running, Waiting, Paused, Finished, Failed, Cancelled };

    FileDownload(QNetworkAccessManager& network, const DownloadSpec& spec, QObject* parent = nullptr);
    ~FileDownload() override;

    // Starts or resumes (from FILE.part when it belongs to the same URL).
    void start();
    // Stops, keeping FILE.part for a later start().
    void pause();
    // Stops and deletes FILE.part.
    void cancel();

    State state() const { return state_; }
    bool isActive() const { return state_ == State::Checking || state_ == State::Running || state_ == State::Waiting; }
    const DownloadSpec& spec() const { return spec_; }
    qint64 receivedBytes() const { return received_; }
    qint64 totalBytes() const { return total_; } // 0 until the server said
    double bytesPerSecond() const { return speed_; }
    // Seconds left at the current speed, -1 when unknown.
    int secondsLeft() const;
    QString errorString() const { return error_; }
    QString actualSha256() const { return actualSha256_; }

    // Dropped connections are retried up to `attempts` times in a row without progress, waiting
    // `firstDelayMs`, then twice as long each time (capped at 30 s).
    void setRetryPolicy(int attempts, int firstDelayMs);
    // Free bytes on the filesystem holding `directory` (tests simulate a full disk with it).
    void setFreeSpaceProbe(std::function<qint64(const QString& directory)> probe);

    static QString partPath(const QString& destination) { return destination + QStringLiteral(".part"); }

signals:
    void progress(qint64 received, qint64 total);
    // Something the user should know that is not a failure ("The server cannot resume …").
    void notice(const QString& sentence);
    void stateChanged(FileDownload::State state);
    // Finished, Failed or Cancelled.
    void finished();

private:
    void setState(State state);
    void fail(const QString& sentence);
    void sendRequest();
    void onHeaders();
    void onData();
    void onReplyFinished();
    void restartFromZero(const QString& why);
    void scheduleRetry(const QString& why);
    void complete();
    bool enoughSpace(qint64 needed);
    void writeSidecar() const;
    void removePartFiles();
    void abortReply();

    QNetworkAccessManager& network_;
    DownloadSpec spec_;
    State state_ = State::Idle;
    QPointer<QNetworkReply> reply_;
    QFile part_;
    std::shared_ptr<QCryptographicHash> hash_; // replaced whole when a part is re-hashed on a worker
    bool accepting_ = false; // the reply's body is the file (200/206), not an error page
    QString etag_;
    qint64 received_ = 0;
    qint64 total_ = 0;
    qint64 requestOffset_ = 0;
    bool headersSeen_ = false;
    QString error_;
    QString actualSha256_;
    int retriesLeft_ = 6;
    int retryAttempts_ = 6;
    int firstRetryDelayMs_ = 1000;
    int retryDelayMs_ = 1000;
    std::function<qint64(const QString&)> freeSpace_;
    QElapsedTimer speedClock_;
    qint64 speedMark_ = 0;
    double speed_ = 0;
    QElapsedTimer progressClock_;
    int generation_ = 0; // invalidates a pending hash check or retry timer after pause/cancel
};
