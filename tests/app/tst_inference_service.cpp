// InferenceService: loading in the background with clear errors, streaming, stop within one
// token, and several jobs sharing one model without changing each other's text.
#include "app/inference/inference_service.h"
#include "app/inference/inference_worker.h"

#include "fixtures.h"
#include "signal_wait.h"
#include "model/model.h"
#include "state/state.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");

GenerationRequest chatRequest(const QString& text, quint64 seed, int maxTokens = 24)
{
    GenerationRequest r;
    r.segments << QStringLiteral("User: ") + text + QStringLiteral("\n\n");
    r.replyPrefix = QStringLiteral("Assistant:");
    r.sampling.seed = seed;
    r.sampling.maxTokens = maxTokens;
    r.sampling.temperature = 1.0;
    r.sampling.topP = 0.3;
    return r;
}

std::vector<float> floatsOf(const QByteArray& blob, const rwkv::Model& model)
{
    const auto state = rwkv::State::deserialize(
        {reinterpret_cast<const uint8_t*>(blob.constData()), size_t(blob.size())}, model.info());
    return {state.all().begin(), state.all().end()};
}

} // namespace

class TestInferenceService : public QObject {
    Q_OBJECT

private:
    bool loadFixture(InferenceService& service)
    {
        QSignalSpy loaded(&service, &InferenceService::modelLoaded);
        service.loadModel(rwkvtest::fixture(kModel));
        return rwkvtest::waitForCount(loaded);
    }

    GenerationResult run(InferenceService& service, const GenerationRequest& request)
    {
        QSignalSpy finished(&service, &InferenceService::jobFinished);
        const quint64 id = service.submit(request);
        while (true) {
            for (const auto& args : finished)
                if (args.at(0).value<GenerationResult>().jobId == id)
                    return args.at(0).value<GenerationResult>();
            if (!rwkvtest::waitForCount(finished, finished.size() + 1))
                return {};
        }
    }

private slots:
    void loadsFixtureModelInBackgroundAndDescribesIt()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QSignalSpy progress(&service, &InferenceService::loadProgress);
        QSignalSpy loaded(&service, &InferenceService::modelLoaded);
        service.loadModel(rwkvtest::fixture(kModel));
        QVERIFY(service.isLoading());
        QVERIFY(rwkvtest::waitForCount(loaded));
        const auto summary = loaded.at(0).at(0).value<ModelSummary>();
        QCOMPARE(summary.arch, QStringLiteral("7"));
        QCOMPARE(summary.layers, 12);
        QCOMPARE(summary.vocab, 256);
        QCOMPARE(summary.tokenizer, QStringLiteral("bytes"));
        QVERIFY(summary.fingerprint != 0);
        QVERIFY(summary.ramBytes > summary.parameters * 4); // this fixture is stored as f32
        QVERIFY(service.hasModel());
        QVERIFY(!service.isLoading());
    }

    // By default a model runs where it is fastest; a CPU-only Vulkan driver (lavapipe, as here
    // and in CI) is never chosen, and the summary says where the model runs and why.
    void summarySaysWhereTheModelRuns()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QVERIFY(loadFixture(service));
        const ModelSummary summary = service.model();
        QVERIFY2(summary.runsOn == QStringLiteral("CPU") || summary.runsOn.startsWith(QStringLiteral("GPU: ")),
                 qPrintable(summary.runsOn));
        if (summary.runsOn == QStringLiteral("CPU") && !qEnvironmentVariableIsSet("RWKV_BACKEND"))
            QVERIFY(!summary.runsOnNote.startsWith(QStringLiteral("running on the CPU")));

        // Chosen explicitly, the CPU needs no explanation.
        InferenceService onCpu;
        onCpu.setComputeDevice(QStringLiteral("cpu"));
        QVERIFY(loadFixture(onCpu));
        QCOMPARE(onCpu.model().runsOn, QStringLiteral("CPU"));
        QVERIFY(onCpu.model().runsOnNote.isEmpty());
    }

    // Asked for the GPU (lavapipe here), chat replies are decoded there with the token chosen
    // on the device; the reply still streams and its state is saved.
    void repliesOnTheGpuWhenAskedFor()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        service.setComputeDevice(QStringLiteral("vulkan"));
        QVERIFY(loadFixture(service));
        const ModelSummary summary = service.model();
        if (!summary.runsOn.startsWith(QStringLiteral("GPU: ")))
            QSKIP(qPrintable(QStringLiteral("no usable Vulkan device: ") + summary.runsOnNote));
        const auto result = run(service, chatRequest(QStringLiteral("Tell me a story."), 7, 24));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.generatedTokens > 0);
        QVERIFY(!result.reply.isEmpty());
        QVERIFY(!result.replyState.isEmpty());
    }

    void weightsCanBeHeldAsInt8()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        // A copy in a temporary folder: the engine caches converted weights beside the model.
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("model.safetensors"));
        QVERIFY(QFile::copy(rwkvtest::fixture(kModel), copy));
        InferenceService service;
        QSignalSpy loaded(&service, &InferenceService::modelLoaded);
        service.loadModel(copy, {}, QStringLiteral("int8"));
        QVERIFY(rwkvtest::waitForCount(loaded));
        const auto summary = loaded.at(0).at(0).value<ModelSummary>();
        QCOMPARE(summary.weightFormat, QStringLiteral("int8"));
        ModelSummary asF32 = summary;
        estimateMemory(asF32, QStringLiteral("f32"));
        QVERIFY(summary.ramBytes < asF32.ramBytes);
        const auto result = run(service, chatRequest(QStringLiteral("hi"), 2, 8));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.generatedTokens > 0);
    }

    void unknownWeightFormatFailsWithSentence()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        service.loadModel(rwkvtest::fixture(kModel), {}, QStringLiteral("int3"));
        QVERIFY(rwkvtest::waitForCount(failed));
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("int3")), qPrintable(failed.at(0).at(0).toString()));
    }

    void missingFileFailsWithSentenceNamingIt()
    {
        InferenceService service;
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        service.loadModel(QStringLiteral("/nonexistent/folder/missing-model.pth"));
        QVERIFY(rwkvtest::waitForCount(failed));
        const QString sentence = failed.at(0).at(0).toString();
        QVERIFY2(sentence.contains(QStringLiteral("missing-model.pth")), qPrintable(sentence));
        QVERIFY(!service.hasModel());
    }

    void garbageFileFailsWithSentence()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.safetensors"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a checkpoint at all");
        f.close();
        InferenceService service;
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        service.loadModel(path);
        QVERIFY(rwkvtest::waitForCount(failed));
        const QString sentence = failed.at(0).at(0).toString();
        QVERIFY2(sentence.startsWith(QStringLiteral("Loading broken.safetensors failed: ")), qPrintable(sentence));
    }

    void cancelledLoadSaysSo()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        service.loadModel(rwkvtest::fixture(kModel));
        service.cancelLoad();
        QVERIFY(rwkvtest::waitForCount(failed));
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("cancelled")),
                 qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(!service.hasModel());
    }

    void aNewerLoadSupersedesAnUnfinishedOne()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_FIXTURE(QStringLiteral("models/tiny-rwkv-6v0-1m.safetensors"));
        InferenceService service;
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        QSignalSpy loaded(&service, &InferenceService::modelLoaded);
        service.loadModel(rwkvtest::fixture(kModel));
        service.loadModel(rwkvtest::fixture(QStringLiteral("models/tiny-rwkv-6v0-1m.safetensors")));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).value<ModelSummary>().arch, QStringLiteral("6"));
        QCOMPARE(failed.size(), 0); // the first one's cancellation is not reported as a failure
        QVERIFY(!service.isLoading());
    }

    void jobWithoutModelFailsWithSentence()
    {
        InferenceService service;
        const auto result = run(service, chatRequest(QStringLiteral("hi"), 1));
        QCOMPARE(result.finish, GenerationResult::Finish::Failed);
        QVERIFY(result.error.contains(QStringLiteral("No model is loaded")));
    }

    void choicesWithoutModelEachFailOnce()
    {
        InferenceService service;
        GenerationRequest request = chatRequest(QStringLiteral("hi"), 1);
        request.choices = 3;
        QSignalSpy finished(&service, &InferenceService::jobFinished);
        const QList<quint64> ids = service.submitChoices(request);
        QVERIFY(rwkvtest::waitForCount(finished, 3));
        QTest::qWait(100); // nothing more arrives
        QCOMPARE(finished.size(), 3);
        QSet<quint64> ended;
        for (const auto& args : finished) {
            const auto r = args.at(0).value<GenerationResult>();
            QVERIFY(r.error.contains(QStringLiteral("No model is loaded")));
            ended.insert(r.jobId);
        }
        QCOMPARE(ended, QSet<quint64>(ids.begin(), ids.end()));
    }

    void streamedDeltasSpellTheReply()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QVERIFY(loadFixture(service));
        QString streamed;
        connect(&service, &InferenceService::replyDelta, this,
                [&](quint64, const QString& text, int, double) { streamed += text; });
        const auto result = run(service, chatRequest(QStringLiteral("Tell me a story."), 7, 40));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.generatedTokens > 0);
        QCOMPARE(streamed, result.reply);
        QVERIFY(!result.reply.contains(QStringLiteral("\n\n")));
        QVERIFY(!result.replyState.isEmpty());
        QCOMPARE(result.segmentStates.size(), 1);
        QCOMPARE(result.promptTokens, int(QByteArray("User: Tell me a story.\n\nAssistant:").size()));
    }

    void stopEndsWithinOneToken()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        // The worker is driven on this thread so the stop lands at a known token.
        InferenceWorker worker;
        QSignalSpy loaded(&worker, &InferenceWorker::modelLoaded);
        worker.loadModel(rwkvtest::fixture(kModel), {}, {}, QStringLiteral("cpu"), std::make_shared<std::atomic<bool>>(false));
        QCOMPARE(loaded.size(), 1);
        auto stop = std::make_shared<std::atomic<bool>>(false);
        int tokensAtStop = -1;
        connect(&worker, &InferenceWorker::replyDelta, this, [&](quint64, const QString&, int tokens, double) {
            if (tokens >= 5 && tokensAtStop < 0) {
                tokensAtStop = tokens;
                stop->store(true);
            }
        });
        QSignalSpy finished(&worker, &InferenceWorker::jobFinished);
        auto request = chatRequest(QStringLiteral("Go on forever"), 3, 100000);
        request.stopStrings.clear(); // nothing else may end it
        worker.startJob(1, request, stop);
        QVERIFY(rwkvtest::waitForCount(finished));
        const auto result = finished.at(0).at(0).value<GenerationResult>();
        QCOMPARE(result.finish, GenerationResult::Finish::Stopped);
        QVERIFY(tokensAtStop >= 5);
        QCOMPARE(result.generatedTokens, tokensAtStop);
        QVERIFY(!result.replyState.isEmpty()); // a stopped reply is kept and can be continued
    }

    void twoJobsInterleavedGiveTheSameTextAsEachAlone()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QVERIFY(loadFixture(service));
        const auto a = chatRequest(QStringLiteral("What is the weather like?"), 11, 32);
        const auto b = chatRequest(QStringLiteral("Write a poem about the sea."), 22, 32);
        const auto aloneA = run(service, a);
        const auto aloneB = run(service, b);
        QVERIFY(aloneA.ok() && aloneB.ok());

        QList<quint64> order;
        connect(&service, &InferenceService::replyDelta, this,
                [&](quint64 id, const QString&, int, double) { order << id; });
        QSignalSpy finished(&service, &InferenceService::jobFinished);
        // Submitted in one step: separate submits could let A finish before B reaches the worker.
        const QList<quint64> ids = service.submitTogether({a, b});
        const quint64 idA = ids[0], idB = ids[1];
        QVERIFY(rwkvtest::waitForCount(finished, 2));
        QHash<quint64, GenerationResult> together;
        for (const auto& args : finished)
            together.insert(args.at(0).value<GenerationResult>().jobId, args.at(0).value<GenerationResult>());
        QCOMPARE(together[idA].reply, aloneA.reply);
        QCOMPARE(together[idB].reply, aloneB.reply);
        QCOMPARE(together[idA].replyState, aloneA.replyState);
        // They really ran together: B streamed before A's last delta.
        QVERIFY(order.contains(idA) && order.contains(idB));
        QVERIFY(order.indexOf(idB) < order.lastIndexOf(idA));
    }

    void choicesReadThePromptOnceAndEachEqualsItsSeedAlone()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QVERIFY(loadFixture(service));
        GenerationRequest request = chatRequest(QStringLiteral("Tell me about the sea."), 7, 40);
        request.choices = 4;
        QSignalSpy finished(&service, &InferenceService::jobFinished);
        const quint64 before = service.tokensEvaluated();
        const QList<quint64> ids = service.submitChoices(request);
        QCOMPARE(ids.size(), 4);
        QVERIFY(rwkvtest::waitForCount(finished, 4));
        QHash<quint64, GenerationResult> results;
        for (const auto& args : finished)
            results.insert(args.at(0).value<GenerationResult>().jobId, args.at(0).value<GenerationResult>());
        quint64 decoded = 0;
        QSet<QString> texts;
        for (int i = 0; i < 4; ++i) {
            const GenerationResult& r = results.value(ids[i]);
            QVERIFY2(r.ok(), qPrintable(r.error));
            QCOMPARE(r.choice, i);
            QCOMPARE(r.seed, quint64(7 + i));
            QCOMPARE(r.segmentStates.size(), i == 0 ? 1 : 0); // the shared prompt is reported once
            QVERIFY(r.generatedTokens > 0);
            decoded += quint64(r.generatedTokens + r.settleTokens);
            texts.insert(r.reply);
        }
        QVERIFY(texts.size() > 1); // different seeds, different answers
        // The prompt was read once for all four.
        QCOMPARE(service.tokensEvaluated() - before, quint64(results.value(ids[0]).promptTokens) + decoded);

        for (int i = 0; i < 4; ++i) {
            GenerationRequest alone = request;
            alone.choices = 1;
            alone.batchInvariant = true;
            alone.sampling.seed = results.value(ids[i]).seed;
            const GenerationResult a = run(service, alone);
            QVERIFY(a.ok());
            QCOMPARE(a.reply, results.value(ids[i]).reply);
            QCOMPARE(a.replyState, results.value(ids[i]).replyState);
        }
    }

    void choicesThatCannotStartAllFailWithTheSentence()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QVERIFY(loadFixture(service));
        GenerationRequest empty;
        empty.choices = 3;
        QSignalSpy finished(&service, &InferenceService::jobFinished);
        const QList<quint64> ids = service.submitChoices(empty);
        QVERIFY(rwkvtest::waitForCount(finished, 3));
        QSet<quint64> ended;
        for (const auto& args : finished) {
            const auto r = args.at(0).value<GenerationResult>();
            QVERIFY(!r.ok());
            QVERIFY(r.error.contains(QStringLiteral("no text to continue")));
            ended.insert(r.jobId);
        }
        QCOMPARE(ended, QSet<quint64>(ids.begin(), ids.end()));
        for (quint64 id : ids)
            QVERIFY(!service.isRunning(id));
    }

    void savedSegmentStateResumesLikeAFullPrefill()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        InferenceService service;
        QVERIFY(loadFixture(service));
        const auto model = rwkv::Model::load(rwkvtest::fixture(kModel).toStdString());

        GenerationRequest full = chatRequest(QStringLiteral("second"), 5);
        full.segments.prepend(QStringLiteral("User: first\n\nAssistant: ok\n\n"));
        full.sampling.temperature = 0; // greedy: plain ASCII from this tiny model, so text round-trips
        const auto fromScratch = run(service, full);
        QVERIFY(fromScratch.ok());
        QCOMPARE(fromScratch.segmentStates.size(), 2);

        GenerationRequest resumed = chatRequest(QStringLiteral("second"), 5);
        resumed.startState = fromScratch.segmentStates[0];
        resumed.sampling.temperature = 0;
        const quint64 before = service.tokensEvaluated();
        const auto fromState = run(service, resumed);
        QVERIFY(fromState.ok());
        QCOMPARE(fromState.promptTokens, int(QByteArray("User: second\n\nAssistant:").size()));
        QCOMPARE(fromState.settleTokens, 0); // the sampled bytes already spell the settled text
        QCOMPARE(service.tokensEvaluated() - before,
                 quint64(fromState.promptTokens + fromState.generatedTokens));
        QCOMPARE(fromState.reply, fromScratch.reply);

        // The reply's state equals prefilling its settled text after the same history.
        GenerationRequest prefill;
        prefill.generate = false;
        prefill.startState = fromScratch.segmentStates[1];
        prefill.segments << fromScratch.settledText;
        const auto check = run(service, prefill);
        QVERIFY(check.ok());
        const auto expected = floatsOf(check.segmentStates[0], *model);
        const auto actual = floatsOf(fromScratch.replyState, *model);
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i)
            QVERIFY2(std::abs(actual[i] - expected[i]) <= 1e-4f * (1 + std::abs(expected[i])),
                     qPrintable(QStringLiteral("state float %1 differs").arg(i)));
    }
};

QTEST_GUILESS_MAIN(TestInferenceService)
#include "tst_inference_service.moc"
