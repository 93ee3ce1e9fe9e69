// `rwkv-cli rag`, the scripting contract of the Documents issue: `rag index` prints one JSON
// object per file with exactly file, pages, chunks and pages_without_text; `rag query` prints a
// JSON array of {file, page, score, text}, best first; mistakes exit with status 2.
#include "test_pdfs.h"

#include "fixtures.h"

#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestRagCli : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QByteArray out, err;
    };

    static Run rag(const QStringList& args)
    {
        QProcess p;
        p.start(rwkvtest::binDir() + "/rwkv-cli", QStringList{"rag"} + args);
        p.waitForFinished(300000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

private slots:
    void indexAndQueryPrintTheContractedJson()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        const QString model = rwkvtest::fixture("models/tiny-rwkv-7v0-834K.safetensors");
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("docs"));
        testpdf::write(dir.filePath("docs/harbour.pdf"), {QStringLiteral("The harbour master keeps a blue lantern."),
                                                         testpdf::kImagePage,
                                                         QStringLiteral("Ships leave the harbour at dawn.")});
        testpdf::writeEncrypted(dir.filePath("docs/locked.pdf"));
        const QString db = dir.filePath("rag.sqlite");

        const Run index = rag({"index", dir.filePath("docs"), "--db", db, "--model", model});
        QCOMPARE(index.code, 1); // one file failed
        QVERIFY2(index.err.contains("locked.pdf is password-protected"), index.err.constData());
        const QList<QByteArray> lines = index.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject harbour = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(harbour.keys(), (QStringList{"chunks", "file", "pages", "pages_without_text"}));
        QCOMPARE(harbour["file"].toString(), QStringLiteral("harbour.pdf"));
        QCOMPARE(harbour["pages"].toInt(), 3);
        QCOMPARE(harbour["chunks"].toInt(), 2);
        QCOMPARE(harbour["pages_without_text"].toArray(), QJsonArray{2});
        const QJsonObject locked = QJsonDocument::fromJson(lines[1]).object();
        QCOMPARE(locked["file"].toString(), QStringLiteral("locked.pdf"));
        QCOMPARE(locked["chunks"].toInt(), 0);

        const Run query = rag({"query", "--db", db, "--model", model, "--top", "1", "ships at dawn"});
        QCOMPARE(query.code, 0);
        const QJsonArray hits = QJsonDocument::fromJson(query.out).array();
        QCOMPARE(hits.size(), 1);
        const QJsonObject hit = hits[0].toObject();
        QCOMPARE(hit.keys(), (QStringList{"file", "page", "score", "text"}));
        QCOMPARE(hit["file"].toString(), QStringLiteral("harbour.pdf"));
        QCOMPARE(hit["page"].toInt(), 3);
        QVERIFY(hit["text"].toString().contains(QStringLiteral("dawn")));
        QVERIFY(hit["score"].toDouble() > 0.0);
    }

    void mistakesAreUsageErrors()
    {
        QCOMPARE(rag({}).code, 2);
        QCOMPARE(rag({"shuffle"}).code, 2);
        const Run badNumber = rag({"query", "--db", "x.sqlite", "--model", "m", "--top", "many", "q"});
        QCOMPARE(badNumber.code, 2);
        QVERIFY(badNumber.err.contains("--top needs a whole number"));
        QCOMPARE(rag({"query", "--db", "x.sqlite", "--model", "m", "--colour", "red", "q"}).code, 2);
        const Run noQuestion = rag({"query", "--db", "x.sqlite", "--model", "m"});
        QCOMPARE(noQuestion.code, 2);
        QVERIFY(noQuestion.err.contains("needs one question"));
    }
};

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv); // QPdfWriter needs fonts
    TestRagCli test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_rag_cli.moc"
