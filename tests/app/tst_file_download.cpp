// FileDownload against a real HTTP server on 127.0.0.1 (download_test_server.h): resume after
// drops, servers without Range, hashes, HTTP errors, a full disk, and a restart mid-file.
#include "app/models/file_download.h"
#include "download_test_server.h"

#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray payload(qsizetype bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    QRandomGenerator rng(7);
    for (qsizetype i = 0; i < bytes; ++i)
        data[i] = char(rng.bounded(256));
    return data;
}

QString sha256(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool waitFinished(FileDownload& d, int ms = 20000)
{
    return QTest::qWaitFor([&] { return !d.isActive(); }, ms);
}

} // namespace

class TestFileDownload : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(dir_.isValid());
        QVERIFY(server_.isListening());
        body_ = payload(3 * 1024 * 1024 + 17);
        server_.file("/m.pth").body = body_;
        target_ = dir_.filePath(QStringLiteral("models/m.pth"));
    }

    void downloadsVerifiesAndRenames()
    {
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), body_.size()});
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Finished);
        QCOMPARE(readAll(target_), body_);
        QVERIFY(!QFile::exists(FileDownload::partPath(target_)));
        QVERIFY(!QFile::exists(FileDownload::partPath(target_) + ".json"));
        QCOMPARE(d.actualSha256(), sha256(body_));
    }

    void resumesAfterRepeatedDrops()
    {
        server_.file("/m.pth").dropAfter = {700000, 500000, 900000};
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.setRetryPolicy(4, 10);
        QSignalSpy notices(&d, &FileDownload::notice);
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Finished);
        QCOMPARE(readAll(target_), body_);
        const auto& requests = server_.requests();
        QCOMPARE(requests.size(), 4);
        QCOMPARE(requests[0].range, QByteArray());
        QCOMPARE(requests[1].range, QByteArray("bytes=700000-"));
        QCOMPARE(requests[2].range, QByteArray("bytes=1200000-"));
        QCOMPARE(requests[3].range, QByteArray("bytes=2100000-"));
        QCOMPARE(requests[1].ifRange, QByteArray("\"v1\""));
        QCOMPARE(notices.size(), 3);
    }

    void givesUpWhenDropsNeverEnd()
    {
        server_.file("/m.pth").dropAfter = {0, 0, 0, 0, 0};
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.setRetryPolicy(2, 10);
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains("kept dropping"), qPrintable(d.errorString()));
        QVERIFY(!QFile::exists(target_));
    }

    void serverWithoutRangeStartsAgainWithNotice()
    {
        server_.file("/m.pth").ranges = false;
        server_.file("/m.pth").dropAfter = {1000000};
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.setRetryPolicy(3, 10);
        QSignalSpy notices(&d, &FileDownload::notice);
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Finished);
        QCOMPARE(readAll(target_), body_);
        bool restarted = false;
        for (const auto& n : notices)
            restarted |= n.at(0).toString().contains("starts again from the beginning");
        QVERIFY(restarted);
    }

    void changedFileOnServerStartsAgain()
    {
        // The part was fetched under ETag v1; the server now has v2, so If-Range yields the whole file.
        server_.file("/m.pth").dropAfter = {800000};
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.setRetryPolicy(0, 10);
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QCOMPARE(QFileInfo(FileDownload::partPath(target_)).size(), 800000);
        server_.file("/m.pth").etag = "\"v2\"";
        FileDownload again(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        again.start();
        QVERIFY(waitFinished(again));
        QCOMPARE(again.state(), FileDownload::State::Finished);
        QCOMPARE(readAll(target_), body_);
        QCOMPARE(server_.requests().last().range, QByteArray("bytes=800000-"));
        QCOMPARE(server_.requests().last().ifRange, QByteArray("\"v1\""));
    }

    void wrongHashIsRefusedAndRemoved()
    {
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, QString(64, QLatin1Char('a')), 0});
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains("sha256"), qPrintable(d.errorString()));
        QVERIFY(!QFile::exists(target_));
        QVERIFY(!QFile::exists(FileDownload::partPath(target_)));
    }

    void httpErrorsAreSentences_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("words");
        QTest::newRow("404") << 404 << "is not on";
        QTest::newRow("500") << 500 << "had a problem";
        QTest::newRow("403") << 403 << "refused";
    }

    void httpErrorsAreSentences()
    {
        QFETCH(int, status);
        QFETCH(QString, words);
        QString path = "/m.pth";
        if (status == 404)
            path = "/missing.pth";
        else
            server_.file("/m.pth").status = status;
        FileDownload d(network_, {QUrl(server_.url(path)), target_, sha256(body_), 0});
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains(words), qPrintable(d.errorString()));
        QVERIFY(!QFile::exists(target_));
    }

    void offlineIsASentence()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there now
        FileDownload d(network_, {QUrl(QStringLiteral("http://127.0.0.1:%1/m.pth").arg(port)), target_, sha256(body_), 0});
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains("Could not reach"), qPrintable(d.errorString()));
    }

    void brokenProxyIsASentence()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        QNetworkAccessManager viaProxy;
        viaProxy.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), port));
        FileDownload d(viaProxy, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains("proxy"), qPrintable(d.errorString()));
    }

    void fullDiskBeforeStarting()
    {
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), body_.size()});
        d.setFreeSpaceProbe([](const QString&) { return qint64(1 << 20); });
        d.start();
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains("Not enough disk space"), qPrintable(d.errorString()));
        QVERIFY(server_.requests().isEmpty()); // refused before any byte was asked for
    }

    void fullDiskWhileWriting()
    {
        // The part file is /dev/full: every write fails with ENOSPC, as on a full disk.
        if (!QFile::exists("/dev/full"))
            QSKIP("this system has no /dev/full");
        QDir().mkpath(dir_.filePath("models"));
        QVERIFY(QFile::link("/dev/full", FileDownload::partPath(target_)));
        QFile sidecar(FileDownload::partPath(target_) + ".json"); // so the download takes the part as its own
        QVERIFY(sidecar.open(QIODevice::WriteOnly));
        sidecar.write(QStringLiteral("{\"url\":\"%1\",\"sha256\":\"%2\"}").arg(server_.url("/m.pth"), sha256(body_)).toUtf8());
        sidecar.close();
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.start();
        QVERIFY(waitFinished(d));
        QCOMPARE(d.state(), FileDownload::State::Failed);
        QVERIFY2(d.errorString().contains("disk is full"), qPrintable(d.errorString()));
        QVERIFY(!QFile::exists(target_));
    }

    void restartMidFileResumesFromThePart()
    {
        server_.file("/m.pth").stallAfter = 1200000;
        {
            FileDownload first(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
            first.start();
            QVERIFY(QTest::qWaitFor([&] { return first.receivedBytes() == 1200000; }, 10000));
            // The app quits here: the object goes away with its part and sidecar on disk.
        }
        server_.dropAll();
        server_.file("/m.pth").stallAfter = -1;
        FileDownload second(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        second.start();
        QCOMPARE(second.state(), FileDownload::State::Checking); // re-reads the part's hash first
        QVERIFY(waitFinished(second));
        QCOMPARE(second.state(), FileDownload::State::Finished);
        QCOMPARE(server_.requests().last().range, QByteArray("bytes=1200000-"));
        QCOMPARE(readAll(target_), body_);
    }

    void pauseKeepsThePartAndCancelRemovesIt()
    {
        server_.file("/m.pth").stallAfter = 600000;
        FileDownload d(network_, {QUrl(server_.url("/m.pth")), target_, sha256(body_), 0});
        d.start();
        QVERIFY(QTest::qWaitFor([&] { return d.receivedBytes() == 600000; }, 10000));
        d.pause();
        QCOMPARE(d.state(), FileDownload::State::Paused);
        QCOMPARE(QFileInfo(FileDownload::partPath(target_)).size(), 600000);
        d.cancel();
        QCOMPARE(d.state(), FileDownload::State::Cancelled);
        QVERIFY(!QFile::exists(FileDownload::partPath(target_)));
        QVERIFY(!QFile::exists(target_));
    }

    void cleanup()
    {
        server_.reset();
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

private:
    QTemporaryDir dir_;
    DownloadTestServer server_;
    QNetworkAccessManager network_;
    QByteArray body_;
    QString target_;
};

QTEST_GUILESS_MAIN(TestFileDownload)
#include "tst_file_download.moc"
