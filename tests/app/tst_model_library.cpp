// ModelLibrary: model files are described without loading them, remembered between runs, and
// files that are not models are refused with a sentence.
#include "app/inference/inference_service.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"

#include "fixtures.h"
#include "signal_wait.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kV6 = QStringLiteral("models/tiny-rwkv-6v0-1m.pth");
}

class TestModelLibrary : public QObject {
    Q_OBJECT
private slots:
    void addedFileIsDescribedWithoutLoadingAndRemembered()
    {
        RWKV_REQUIRE_FIXTURE(kV6);
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("settings.ini"));
        const QString path = rwkvtest::fixture(kV6);
        {
            AppSettings settings(ini);
            InferenceService inference;
            ModelLibrary library(settings, inference);
            QSignalSpy inspected(&library, &ModelLibrary::inspected);
            QVERIFY(library.addFiles({path}).isEmpty());
            QVERIFY(rwkvtest::waitForCount(inspected));
            const auto summary = library.index(0).data(ModelLibrary::SummaryRole).value<ModelSummary>();
            QCOMPARE(summary.arch, QStringLiteral("6"));
            QCOMPARE(summary.layers, 12);
            QCOMPARE(summary.embd, 64);
            QCOMPARE(summary.heads, 8);
            QCOMPARE(summary.vocab, 256);
            QCOMPARE(summary.fileSize, QFileInfo(path).size());
            QVERIFY(summary.ramBytes >= summary.parameters * 4);
            QCOMPARE(library.index(0).data(ModelLibrary::StatusRole).toString(), QStringLiteral("Not loaded"));
            QCOMPARE(inference.hasModel(), false);
            QCOMPARE(library.addFiles({path}).size(), 1); // no duplicates
            library.setWeightFormat(0, QStringLiteral("int8"));
            const auto int8 = library.index(0).data(ModelLibrary::SummaryRole).value<ModelSummary>();
            QVERIFY(int8.ramBytes < summary.ramBytes);
        }
        AppSettings settings(ini);
        InferenceService inference;
        ModelLibrary library(settings, inference);
        QCOMPARE(library.rowCount(), 1);
        QCOMPARE(library.pathAt(0), QFileInfo(path).absoluteFilePath());
        QCOMPARE(library.index(0).data(ModelLibrary::WeightFormatRole).toString(), QStringLiteral("int8"));
    }

    void filesThatAreNotModelsAreRefusedWithASentence()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        InferenceService inference;
        ModelLibrary library(settings, inference);
        const QStringList problems =
            library.addFiles({dir.filePath(QStringLiteral("notes.txt")), dir.filePath(QStringLiteral("gone.pth"))});
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems[0].contains(QStringLiteral("notes.txt is not a model file")));
        QVERIFY(problems[1].contains(QStringLiteral("does not exist")));
        QCOMPARE(library.rowCount(), 0);
    }

    void unreadableModelShowsItsErrorInTheList()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.pth"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("PK\x03\x04 truncated");
        f.close();
        AppSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        InferenceService inference;
        ModelLibrary library(settings, inference);
        QSignalSpy inspected(&library, &ModelLibrary::inspected);
        QVERIFY(library.addFiles({path}).isEmpty());
        QVERIFY(rwkvtest::waitForCount(inspected));
        const QString error = library.index(0).data(ModelLibrary::ErrorRole).toString();
        QVERIFY2(error.startsWith(QStringLiteral("Reading broken.pth failed: ")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestModelLibrary)
#include "tst_model_library.moc"
