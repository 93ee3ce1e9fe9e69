// The model catalog, the fits-this-machine recommendation, the download queue (vocabulary first,
// verified files into the library, restarts) and `rwkv-cli download` / `catalog`, all against a
// real HTTP server on 127.0.0.1 (download_test_server.h), never the internet.
#include "app/inference/inference_service.h"
#include "app/models/catalog_service.h"
#include "app/models/download_queue.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "download_test_support.h"
#include "fixtures.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.pth");
const QString kVocab = QStringLiteral("tokenizer/rwkv_vocab_v20230424.txt");
constexpr qint64 kGiB = qint64(1) << 30;

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}


MachineProfile machine(qint64 ramGb, double bandwidth)
{
    MachineProfile m;
    m.ramBytes = ramGb * kGiB;
    m.bandwidthGBs = bandwidth;
    return m;
}

} // namespace

class TestModelDownloads : public QObject {
    Q_OBJECT
private slots:
    void shippedCatalogCoversTheModelsUsersWant()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        QStringList chatSizes;
        int world = 0, midi = 0, abc = 0;
        for (const CatalogEntry& e : catalog.entries()) {
            QVERIFY2(!e.license.isEmpty() && !e.about.isEmpty(), qPrintable(e.id));
            QVERIFY2(e.context > 0 || !e.isModel(), qPrintable(e.id));
            QVERIFY(ModelCatalog::downloadUrl(e, {}).isValid());
            if (e.purpose == "chat")
                chatSizes << e.name.section(' ', -1);
            world += e.family == "RWKV-7 World";
            midi += e.purpose == "music-midi";
            abc += e.purpose == "music-abc";
        }
        QCOMPARE(chatSizes, (QStringList{"0.1B", "0.4B", "1.5B", "2.9B", "7.2B"}));
        QVERIFY(world >= 4);
        QVERIFY(midi >= 1 && abc >= 1);
        const CatalogEntry* vocab = catalog.worldVocabulary();
        QVERIFY(vocab);
        QCOMPARE(vocab->sha256, QStringLiteral("e6dee3d4e31b4d5c40ac99508ac6c701ceef4bed681bf2167ce9a908552bca89"));
        QCOMPARE(vocab->file, QStringLiteral("rwkv_vocab_v20230424.txt"));
        // The mirror replaces the Hugging Face address, and only that.
        const CatalogEntry* g1 = catalog.find("rwkv7-g1-1.5b");
        QCOMPARE(ModelCatalog::downloadUrl(*g1, "https://hf-mirror.com/").toString(),
                 "https://hf-mirror.com/BlinkDL/rwkv7-g1/resolve/main/" + g1->file);
        QCOMPARE(ModelCatalog::downloadUrl(*vocab, "https://hf-mirror.com").toString(), vocab->url);
    }

    void malformedCatalogIsASentence()
    {
        QString error;
        QVERIFY(ModelCatalog::parse("{\"entries\": [{\"id\": \"x\"}]}", &error).entries().isEmpty());
        QVERIFY2(error.contains("Entry 1"), qPrintable(error));
        error.clear();
        QVERIFY(ModelCatalog::parse("not json", &error).entries().isEmpty());
        QVERIFY(!error.isEmpty());
        error.clear();
        QVERIFY(ModelCatalog::parseListing("{\"error\": \"Repository not found\"}", &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void recordedListingGivesNewestFilesAndTheirHashes()
    {
        QString error;
        const QList<ListedFile> files = ModelCatalog::parseListing(
            readAll(QStringLiteral(RWKV_SOURCE_DIR "/tests/app/data/hf_tree_rwkv7_g1.json")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), 8); // the directory entry is not a file
        ModelCatalog catalog = ModelCatalog::builtIn();
        QVERIFY(catalog.find("rwkv7-g1-0.1b")->sha256.isEmpty());
        catalog.applyListing("BlinkDL/rwkv7-g1", files);
        const CatalogEntry* small = catalog.find("rwkv7-g1-0.1b");
        QCOMPARE(small->file, QStringLiteral("rwkv7-g1a-0.1b-20250728-ctx4096.pth")); // newer than the catalog's
        QCOMPARE(small->sha256, QStringLiteral("2e4d7b3ca7f9b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4"));
        QCOMPARE(small->bytes, 382205592);
        QVERIFY(small->listed);
        // Files in sub-folders are not releases; the newest top-level one wins.
        QCOMPARE(catalog.find("rwkv7-g1-1.5b")->file, QStringLiteral("rwkv7-g1a2-1.5b-20251005-ctx8192.pth"));
        QCOMPARE(catalog.find("rwkv7-g1-2.9b")->sha256.left(8), QStringLiteral("6c8b1f7a"));
        // Entries the listing does not mention stay unverified: they will be resolved before download.
        QVERIFY(catalog.find("rwkv7-g-7.2b")->sha256.isEmpty());
        QVERIFY(!catalog.find("rwkv7-g-7.2b")->listed);
    }

    void catalogHashOutranksAListing()
    {
        const QString own(64, QLatin1Char('b'));
        QString error;
        ModelCatalog catalog = ModelCatalog::parse(
            QStringLiteral(R"({"entries":[{"id":"m","name":"M","repo":"r/m","file":"m.pth","sha256":"%1",
                "parameters":1000,"layers":1,"embd":8,"vocab":16,"arch":"7"}]})").arg(own).toUtf8(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        catalog.applyListing("r/m", {{"m.pth", 5, QString(64, QLatin1Char('c'))}});
        QCOMPARE(catalog.find("m")->sha256, own);
    }

    void recommendationFitsTheMachine_data()
    {
        QTest::addColumn<qint64>("ramGb");
        QTest::addColumn<double>("bandwidth");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("format");
        QTest::newRow("8 GB laptop") << qint64(8) << 60.0 << "rwkv7-g1-2.9b" << "int8";
        QTest::newRow("16 GB laptop") << qint64(16) << 60.0 << "rwkv7-g-7.2b" << "q4";
        QTest::newRow("32 GB desktop") << qint64(32) << 60.0 << "rwkv7-g-7.2b" << "q4";
        QTest::newRow("32 GB, fast memory") << qint64(32) << 120.0 << "rwkv7-g-7.2b" << "int8";
        QTest::newRow("16 GB, slow memory") << qint64(16) << 15.0 << "rwkv7-g1-1.5b" << "q4";
        QTest::newRow("4 GB netbook") << qint64(4) << 20.0 << "rwkv7-g1-2.9b" << "q4";
        QTest::newRow("4 GB, slow memory") << qint64(4) << 8.0 << "rwkv7-g1-0.4b" << "bf16";
    }

    void recommendationFitsTheMachine()
    {
        QFETCH(qint64, ramGb);
        QFETCH(double, bandwidth);
        QFETCH(QString, id);
        QFETCH(QString, format);
        const ModelCatalog catalog = ModelCatalog::builtIn();
        const MachineProfile m = machine(ramGb, bandwidth);
        const Recommendation pick = recommend(catalog, m);
        QCOMPARE(pick.entryId, id);
        QCOMPARE(pick.format, format);
        QVERIFY(pick.estimate.memoryBytes <= m.ramBytes / 2);
        QVERIFY(pick.estimate.tokensPerSecond >= 6);
        QVERIFY(pick.estimate.sentence(m).contains("tokens/s here with " + format));
        // A bigger model in any format would be too big or too slow.
        const qint64 picked = catalog.find(id)->parameters;
        for (const CatalogEntry& e : catalog.entries()) {
            if (e.purpose != "chat" || e.parameters <= picked)
                continue;
            for (const QString& f : downloadFormats()) {
                const FitEstimate fit = estimateFit(e, f, m);
                QVERIFY2(fit.fit != FitEstimate::Fit::Comfortable || fit.tokensPerSecond < 6 || (f == "q4" && e.parameters < 1e9),
                         qPrintable(e.id + " " + f));
            }
        }
    }

    void machineIsMeasuredOnceAndRemembered()
    {
        double measured = 0;
        {
            AppSettings settings(dir_.filePath("settings.ini"));
            settings.setComputeDevice("cpu");
            CatalogService service(settings, ModelCatalog::builtIn());
            QCOMPARE(service.machine().bandwidthGBs, 0.0);
            QVERIFY(service.machine().ramBytes > kGiB / 2);
            QSignalSpy ready(&service, &CatalogService::machineReady);
            service.measureMachine();
            QVERIFY(QTest::qWaitFor([&] { return ready.size() == 1; }, 30000));
            measured = service.machine().bandwidthGBs;
            QVERIFY(measured > 0.1);
            QCOMPARE(service.machine().gpuMemoryBytes, 0); // models run on the CPU here
            QCOMPARE(settings.measuredBandwidth(), measured);
        }
        AppSettings settings(dir_.filePath("settings.ini"));
        CatalogService service(settings, ModelCatalog::builtIn());
        QCOMPARE(service.machine().bandwidthGBs, measured); // known before measuring again
        QVERIFY(!service.recommendation().entryId.isEmpty());
    }

    void tooBigIsSaidPlainly()
    {
        const MachineProfile m = machine(8, 60);
        const FitEstimate fit = estimateFit(*ModelCatalog::builtIn().find("rwkv7-g-7.2b"), "bf16", m);
        QCOMPARE(fit.fit, FitEstimate::Fit::TooBig);
        QCOMPARE(fit.tokensPerSecond, 0.0);
        QVERIFY2(fit.sentence(m).startsWith("too big here with bf16"), qPrintable(fit.sentence(m)));
    }

    void queueFetchesVocabularyFirstVerifiesAndAddsTheModel()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_FIXTURE(kVocab);
        setUpServer();
        DownloadTestServices s(dir_.path(), testCatalog(server_, vocab_), server_.url(QString()));
        QSignalSpy downloaded(s.queue.get(), &DownloadQueue::modelDownloaded);
        QCOMPARE(s.queue->add("tiny", "int8"), QString());
        QCOMPARE(s.queue->rowCount(), 2); // the vocabulary came along, first
        QCOMPARE(s.queue->index(0).data(DownloadQueue::EntryIdRole).toString(), QStringLiteral("vocab"));
        QVERIFY(!s.queue->add("tiny").isEmpty()); // already queued: a sentence, not a second copy
        QVERIFY(QTest::qWaitFor([&] { return downloaded.size() == 1; }, 20000));
        const QString path = dir_.filePath("models/tiny-rwkv-7v0-834K.pth");
        QCOMPARE(downloaded.at(0).at(0).toString(), path);
        QCOMPARE(readAll(path), model_);
        QCOMPARE(readAll(vocabPath()), vocab_);
        // Order on the wire: the vocabulary, the model's listing (for its sha256), the model.
        QStringList paths;
        for (const auto& r : server_.requests())
            paths << QString::fromLatin1(r.path);
        QCOMPARE(paths, (QStringList{"/vocab.txt", "/api/models/test/tiny/tree/main",
                                     "/test/tiny/resolve/main/tiny-rwkv-7v0-834K.pth"}));
        const int row = s.library->rowOf(path);
        QVERIFY(row >= 0);
        QCOMPARE(s.library->index(row).data(ModelLibrary::WeightFormatRole).toString(), QStringLiteral("int8"));
        QCOMPARE(s.queue->index(1).data(DownloadQueue::StateRole).toString(), QStringLiteral("Done"));
        QVERIFY(QJsonDocument::fromJson(s.settings->pendingDownloads()).array().isEmpty());
        QVERIFY(s.queue->isDownloaded("tiny"));
        QVERIFY(!s.queue->add("tiny").isEmpty()); // already here
    }

    void queueRestartResumesWhereItStopped()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        setUpServer();
        QFile::copy(rwkvtest::fixture(kVocab), vocabPath()); // the vocabulary is already here
        server_.file(kTestModelPath).stallAfter = 2000000;
        {
            DownloadTestServices s(dir_.path(), testCatalog(server_, vocab_), server_.url(QString()));
            QCOMPARE(s.queue->add("tiny"), QString());
            QCOMPARE(s.queue->rowCount(), 1);
            QVERIFY(QTest::qWaitFor([&] {
                return s.queue->index(0).data(DownloadQueue::ProgressRole).toDouble() * model_.size() >= 2000000 - 1;
            }, 10000));
            QVERIFY(s.queue->summary().startsWith("Downloading Tiny test model"));
        } // the app quits mid-file
        server_.dropAll();
        server_.file(kTestModelPath).stallAfter = -1;
        DownloadTestServices again(dir_.path(), testCatalog(server_, vocab_), server_.url(QString()));
        QCOMPARE(again.queue->rowCount(), 1);
        QSignalSpy downloaded(again.queue.get(), &DownloadQueue::modelDownloaded);
        QVERIFY(QTest::qWaitFor([&] { return downloaded.size() == 1; }, 20000));
        QCOMPARE(server_.requests().last().range, QByteArray("bytes=2000000-"));
        QCOMPARE(readAll(dir_.filePath("models/tiny-rwkv-7v0-834K.pth")), model_);
    }

    void listingWithAnotherHashRefusesTheFile()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        setUpServer();
        QFile::copy(rwkvtest::fixture(kVocab), vocabPath());
        server_.file("/api/models/test/tiny/tree/main").body =
            listingFor("tiny-rwkv-7v0-834K.pth", model_, QString(64, QLatin1Char('d')));
        DownloadTestServices s(dir_.path(), testCatalog(server_, vocab_), server_.url(QString()));
        QSignalSpy failed(s.queue.get(), &DownloadQueue::failed);
        QCOMPARE(s.queue->add("tiny"), QString());
        QVERIFY(QTest::qWaitFor([&] { return failed.size() == 1; }, 20000));
        QVERIFY2(failed.at(0).at(0).toString().contains("sha256"), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!QFile::exists(dir_.filePath("models/tiny-rwkv-7v0-834K.pth")));
        QVERIFY(!QFile::exists(dir_.filePath("models/tiny-rwkv-7v0-834K.pth.part")));
        QCOMPARE(s.library->rowCount(), 0);
        QCOMPARE(s.queue->index(0).data(DownloadQueue::StateRole).toString(), QStringLiteral("Failed"));
        QVERIFY(s.queue->index(0).data(DownloadQueue::CanResumeRole).toBool());
    }

    void cliDownloadResumesVerifiesAndPrintsJson()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        setUpServer();
        const QString url = server_.url("/test/tiny/resolve/main/tiny-rwkv-7v0-834K.pth");
        server_.file(kTestModelPath).dropAfter = {1500000};
        const QString out = dir_.filePath("cli/model.pth");
        QProcess cli;
        QStringList lines = runCli(cli, {"download", url, "--out", out, "--sha256", sha256(model_)});
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(readAll(out), model_);
        const QJsonObject done = QJsonDocument::fromJson(lines.last().toUtf8()).object();
        QCOMPARE(done.value("event").toString(), QStringLiteral("done"));
        QCOMPARE(done.value("sha256").toString(), sha256(model_));
        QCOMPARE(qint64(done.value("bytes").toDouble()), model_.size());
        bool notice = false;
        for (const QString& line : lines)
            notice |= QJsonDocument::fromJson(line.toUtf8()).object().value("event").toString() == "notice";
        QVERIFY(notice); // the drop was reported, then resumed
        QCOMPARE(server_.requests().last().range, QByteArray("bytes=1500000-"));

        const QString bad = dir_.filePath("cli/bad.pth");
        lines = runCli(cli, {"download", url, "--out", bad, "--sha256", QString(64, QLatin1Char('0'))});
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(!QFile::exists(bad));
        QVERIFY(!QFile::exists(bad + ".part"));
        const QJsonObject error = QJsonDocument::fromJson(lines.last().toUtf8()).object();
        QCOMPARE(error.value("event").toString(), QStringLiteral("error"));
        QVERIFY(error.value("message").toString().contains("sha256"));
        QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains("sha256"));

        runCli(cli, {"download", "not a url", "--out", bad});
        QCOMPARE(cli.exitCode(), 2);
    }

    void cliCatalogEstimatesForAGivenMachine()
    {
        QProcess cli;
        const QStringList lines = runCli(cli, {"catalog", "--json", "--ram-gb", "16", "--bandwidth-gbs", "60"});
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject doc = QJsonDocument::fromJson(lines.join('\n').toUtf8()).object();
        const Recommendation pick = recommend(ModelCatalog::builtIn(), machine(16, 60));
        QCOMPARE(doc.value("recommended").toObject().value("id").toString(), pick.entryId);
        QCOMPARE(doc.value("recommended").toObject().value("format").toString(), pick.format);
        const QJsonArray entries = doc.value("entries").toArray();
        QCOMPARE(entries.size(), ModelCatalog::builtIn().entries().size());
        for (const QJsonValue& v : entries) {
            const QJsonObject e = v.toObject();
            if (e.value("purpose").toString() == "vocabulary")
                continue;
            const QJsonObject est = e.value("estimates").toObject();
            QCOMPARE(est.keys(), (QStringList{"bf16", "int8", "q4"}));
            QVERIFY(est.value("q4").toObject().value("memory_bytes").toDouble()
                    < est.value("bf16").toObject().value("memory_bytes").toDouble());
        }
        const QStringList text = runCli(cli, {"catalog", "--ram-gb", "8", "--bandwidth-gbs", "60"});
        QVERIFY(text.last().startsWith("Recommended here: RWKV-7 G1 2.9B with int8"));
    }

    void cleanup()
    {
        server_.reset();
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

private:
    QString vocabPath() const { return dir_.filePath("data/vocab.txt"); }

    void setUpServer()
    {
        model_ = readAll(rwkvtest::fixture(kModel));
        vocab_ = readAll(rwkvtest::fixture(kVocab));
        QVERIFY(model_.size() > 2000000);
        QDir().mkpath(dir_.filePath("data"));
        serveTestFiles(server_, model_, vocab_);
    }

    // Runs rwkv-cli to completion while this test's server keeps answering; returns stdout's lines.
    QStringList runCli(QProcess& cli, const QStringList& args)
    {
        cli.start(rwkvtest::binDir() + "/rwkv-cli", args);
        [&] { QVERIFY(cli.waitForStarted()); }();
        [&] { QVERIFY(QTest::qWaitFor([&] { return cli.state() == QProcess::NotRunning; }, 60000)); }();
        return QString::fromUtf8(cli.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    }

    QTemporaryDir dir_;
    DownloadTestServer server_;
    QByteArray model_;
    QByteArray vocab_;
};

QTEST_GUILESS_MAIN(TestModelDownloads)
#include "tst_model_downloads.moc"
