// FinetuneService on the fixture model: a run trains to the end off the GUI thread, keeps its
// curve and outputs in the database, pauses and resumes (also after the app restarts), cancels,
// measures an estimate, counts the data, and "chat with it now" loads the model with the result.
#include "app/app_services.h"
#include "app/chat/chat_service.h"
#include "app/finetune/finetune_run_store.h"
#include "app/finetune/finetune_service.h"
#include "app/inference/inference_service.h"
#include "app/settings/app_settings.h"

#include "fixtures.h"
#include "signal_wait.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");
}

class TestFinetuneService : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::unique_ptr<AppServices> open()
    {
        return std::make_unique<AppServices>(AppServices::Paths{dir_.filePath(QStringLiteral("settings.ini")),
                                                                dir_.filePath(QStringLiteral("studio.sqlite"))});
    }

    FinetuneRequest request(int steps)
    {
        QFile f(dir_.filePath(QStringLiteral("voice.txt")));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(QByteArray("Ada sailed north at dawn. The sea was calm and grey. ").repeated(4));
        f.close();
        FinetuneRequest r;
        r.baseModel = rwkvtest::fixture(kModel);
        r.data = {f.fileName()};
        r.steps = steps;
        r.ctx = 32;
        r.lr = 5e-3;
        r.lrFinal = 1e-3;
        r.sampleEvery = 3;
        r.samplePrompt = QStringLiteral("Ada");
        return r;
    }

private slots:
    void init()
    {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void runTrainsToTheEndKeepsItsCurveAndChatsWithTheResult()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        FinetuneService& f = s->finetune();
        QSignalSpy progress(&f, &FinetuneService::progress);
        QSignalSpy samples(&f, &FinetuneService::sampleReady);
        QSignalSpy finished(&f, &FinetuneService::runFinished);
        const qint64 id = f.start(request(6));
        QVERIFY(id > 0);
        QVERIFY(f.isRunning());
        QVERIFY(rwkvtest::waitForCount(finished));
        QCOMPARE(progress.size(), 6);
        const auto last = progress.last().at(0).value<FinetuneProgress>();
        QCOMPARE(last.step, 6);
        QCOMPARE(last.totalSteps, 6);
        QVERIFY(last.validationLoss.has_value());
        QVERIFY(last.tokensPerSecond > 0);
        QCOMPARE(samples.size(), 2); // steps 3 and 6
        QVERIFY(samples.last().at(2).toString().startsWith(QStringLiteral("Ada")));
        QVERIFY(!f.isRunning());

        // Kept in the database: status, curve and the files (the LoRA and its rank/alpha).
        auto store = FinetuneRunStore::open(dir_.filePath(QStringLiteral("studio.sqlite")));
        QVERIFY(store.ok());
        const FinetuneRun run = store.value().load(id).value();
        QCOMPARE(run.status, FinetuneRun::Status::Finished);
        QCOMPARE(run.curve.size(), 6);
        QCOMPARE(run.stepsDone, 6);
        QCOMPARE(run.outputs.size(), 2);
        QVERIFY(run.outputs[0].endsWith(QStringLiteral("lora.pth")) && QFile::exists(run.outputs[0]));
        QVERIFY(run.outputs[1].endsWith(QStringLiteral("lora.json")) && QFile::exists(run.outputs[1]));
        QCOMPARE(FinetuneRequest::fromJson(run.settings).steps, 6);
        // Trained on bf16 base weights (the default); runs saved before the choice existed read as f32.
        QCOMPARE(FinetuneRequest::fromJson(run.settings).baseWeights, QStringLiteral("bf16"));
        QCOMPARE(FinetuneRequest::fromJson(QJsonObject{}).baseWeights, QStringLiteral("f32"));

        QSignalSpy loaded(&s->inference(), &InferenceService::modelLoaded);
        QVERIFY(f.chatWith(id));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QCOMPARE(s->inference().model().adapter, QStringLiteral("lora.pth"));
        s->chat().newConversation();
        QSignalSpy replied(&s->chat(), &ChatService::replyFinished);
        QVERIFY(s->chat().send(QStringLiteral("Where did Ada sail?")));
        QVERIFY(rwkvtest::waitForCount(replied));
        QVERIFY(replied.at(0).at(1).toBool());

        const QStringList copies = f.exportOutputs(id, dir_.filePath(QStringLiteral("exported")));
        QCOMPARE(copies.size(), 2);
        QVERIFY(QFile::exists(copies[0]));
    }

    void pausedRunResumesAfterARestartAndFinishes()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        qint64 id = 0;
        int pausedAt = 0;
        {
            auto s = open();
            FinetuneService& f = s->finetune();
            FinetuneRequest r = request(200); // long enough that the pause always lands before the end
            r.method = FinetuneRequest::Method::State;
            r.lr = 0.1;
            r.lrFinal = 0.01;
            r.sampleEvery = 0;
            QSignalSpy progress(&f, &FinetuneService::progress);
            QSignalSpy paused(&f, &FinetuneService::runPaused);
            id = f.start(r);
            QVERIFY(rwkvtest::waitForCount(progress));
            f.pause();
            QVERIFY(rwkvtest::waitForCount(paused));
            pausedAt = f.run(id)->stepsDone;
            QVERIFY(pausedAt >= 1 && pausedAt < 200);
            QCOMPARE(f.run(id)->status, FinetuneRun::Status::Paused);
        }
        auto s = open(); // the app restarted
        FinetuneService& f = s->finetune();
        QCOMPARE(f.runs().size(), 1);
        QCOMPARE(f.runs().first().status, FinetuneRun::Status::Paused);
        QSignalSpy progress(&f, &FinetuneService::progress);
        QSignalSpy finished(&f, &FinetuneService::runFinished);
        QVERIFY(f.resume(id));
        QVERIFY(rwkvtest::waitForCount(finished));
        QCOMPARE(progress.first().at(0).value<FinetuneProgress>().step, pausedAt + 1); // continued, not restarted
        const FinetuneRun run = *f.run(id);
        QCOMPARE(run.status, FinetuneRun::Status::Finished);
        QCOMPARE(run.curve.size(), 200);
        QVERIFY(run.outputs.first().endsWith(QStringLiteral("state.pth")));

        QSignalSpy loaded(&s->inference(), &InferenceService::modelLoaded);
        QVERIFY(f.chatWith(id));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QCOMPARE(s->inference().model().adapter, QStringLiteral("state.pth"));
    }

    void cancelStopsARunAndOneRunAtATime()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        FinetuneService& f = s->finetune();
        QSignalSpy progress(&f, &FinetuneService::progress);
        QSignalSpy cancelled(&f, &FinetuneService::runCancelled);
        QSignalSpy errors(&f, &FinetuneService::errorOccurred);
        const qint64 id = f.start(request(400));
        QCOMPARE(f.start(request(5)), qint64(0));
        QCOMPARE(errors.size(), 1);
        QVERIFY(rwkvtest::waitForCount(progress));
        f.cancel();
        QVERIFY(rwkvtest::waitForCount(cancelled));
        QCOMPARE(f.run(id)->status, FinetuneRun::Status::Cancelled);
        QVERIFY(f.run(id)->stepsDone < 400);
        QVERIFY(!f.chatWith(id)); // nothing to chat with
    }

    void dataIsCountedAndTheEstimateIsMeasured()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        FinetuneService& f = s->finetune();
        QSignalSpy inspected(&f, &FinetuneService::dataInspected);
        f.inspectData(request(4));
        QVERIFY(rwkvtest::waitForCount(inspected));
        QCOMPARE(inspected.at(0).at(0).toLongLong(), qint64(4 * 53)); // one token a byte; the end token is only a target
        QCOMPARE(inspected.at(0).at(1).toInt(), 7);                    // 212 inputs in samples of 32
        QVERIFY(inspected.at(0).at(2).toString().isEmpty());

        QSignalSpy estimated(&f, &FinetuneService::estimated);
        f.estimate(request(50));
        QVERIFY(rwkvtest::waitForCount(estimated));
        QVERIFY2(estimated.at(0).at(3).toString().isEmpty(), qPrintable(estimated.at(0).at(3).toString()));
        QVERIFY(estimated.at(0).at(0).toDouble() > 0);
        QVERIFY(estimated.at(0).at(1).toLongLong() > 3'000'000); // at least the model's weights
        QCOMPARE(estimated.at(0).at(2).toInt(), 50);

        // Bad data: a sentence naming the file, and a failed run keeps the app going.
        QFile bad(dir_.filePath(QStringLiteral("scan.txt")));
        bad.open(QIODevice::WriteOnly);
        bad.write(QByteArray("\x00\x01\x02binary", 9));
        bad.close();
        FinetuneRequest r = request(3);
        r.data = {bad.fileName()};
        inspected.clear();
        f.inspectData(r);
        QVERIFY(rwkvtest::waitForCount(inspected));
        QVERIFY(inspected.at(0).at(2).toString().contains(QStringLiteral("scan.txt")));
        QSignalSpy failed(&f, &FinetuneService::runFailed);
        QVERIFY(f.start(r) > 0);
        QVERIFY(rwkvtest::waitForCount(failed));
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("scan.txt is not a text file")));
        QVERIFY(!f.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestFinetuneService)
#include "tst_finetune_service.moc"
