// The shipped presets are data (resources/presets/presets.json): they load, keep RWKV-Runner's
// chat and writing defaults, and a damaged presets file is reported and falls back, never crashes.
#include "app/finetune/finetune_request.h"
#include "app/settings/preset_library.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestPresets : public QObject {
    Q_OBJECT

private slots:
    void shippedPresetsLoadWithRunnersDefaults()
    {
        presets::setSource({});
        QString error;
        QVERIFY2(presets::loaded(&error), qPrintable(error));

        const SamplingParams chat = SamplingParams::chatDefaults();
        QCOMPARE(chat.temperature, 1.0);
        QCOMPARE(chat.topP, 0.3);
        QCOMPARE(chat.presencePenalty, 0.0);
        QCOMPARE(chat.frequencyPenalty, 1.0);
        QCOMPARE(chat.penaltyDecay, 0.996);
        QCOMPARE(chat.maxTokens, 500);
        const SamplingParams write = SamplingParams::writerDefaults();
        QCOMPARE(write.topP, 0.5);
        QCOMPARE(write.presencePenalty, 0.4);
        QCOMPARE(write.frequencyPenalty, 0.4);
        QCOMPARE(write.maxTokens, 200);

        const auto writing = presets::writing();
        QCOMPARE(writing.size(), 3);
        QCOMPARE(writing[0].name, QStringLiteral("Writer"));
        QCOMPARE(writing[0].sampling, write);
        QCOMPARE(writing[1].name, QStringLiteral("Focused"));
        QCOMPARE(writing[1].sampling.temperature, 0.8);
        QCOMPARE(writing[1].sampling.topP, 0.3);
        QCOMPARE(writing[1].sampling.maxTokens, 200); // the rest comes from the writing defaults
        QCOMPARE(writing[2].sampling.temperature, 1.3);

        const auto personas = presets::personas();
        QCOMPARE(personas.size(), 3);
        QCOMPARE(personas[0].name, QStringLiteral("Assistant"));
        QVERIFY(personas[0].systemText.isEmpty());
        QCOMPARE(personas[2].examples.size(), 1);
        QVERIFY(personas[2].examples[0].second.contains(QStringLiteral("prime number")));

        const FinetuneRequest persona = FinetuneRequest::personaDefaults();
        QCOMPARE(persona.method, FinetuneRequest::Method::State);
        QCOMPARE(persona.lr, 1.0);
        QCOMPARE(persona.lrFinal, 0.01);
        QCOMPARE(persona.baseWeights, FinetuneRequest{}.baseWeights);
        const FinetuneRequest style = FinetuneRequest::styleDefaults();
        QCOMPARE(style.method, FinetuneRequest::Method::Lora);
        QCOMPARE(style.toJson(), FinetuneRequest{}.toJson());
    }

    void aDamagedPresetsFileIsReportedAndFallsBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("presets.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"sampling\": {\"chat\": ");
        f.close();
        presets::setSource(path);
        QString error;
        QVERIFY(!presets::loaded(&error));
        QVERIFY2(error.contains(QStringLiteral("not valid JSON")), qPrintable(error));
        QCOMPARE(SamplingParams::chatDefaults(), SamplingParams{});
        QCOMPARE(presets::personas().size(), 1); // a chat can still start
        QVERIFY(presets::writing().isEmpty());
        presets::setSource(dir.filePath(QStringLiteral("missing.json")));
        QVERIFY(!presets::loaded(&error));
        QVERIFY(error.contains(QStringLiteral("could not be read")));
        presets::setSource({});
        QVERIFY(presets::loaded());
    }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
