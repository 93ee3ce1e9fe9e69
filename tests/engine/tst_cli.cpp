// rwkv-cli as a script would use it: each subcommand's output, and clear failures for bad input.
#include "fixtures.h"
#include "reference_data.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace rwkvtest;

class CliTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    struct Run {
        int code = -1;
        QByteArray out, err;
    };

    Run cli(const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.start(binDir() + "/rwkv-cli", args);
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    static QString joinIds(const std::vector<int32_t>& ids)
    {
        QStringList s;
        for (int32_t i : ids)
            s << QString::number(i);
        return s.join(',');
    }

private slots:
    void infoPrintsModelFacts()
    {
        RWKV_REQUIRE_FIXTURE("models/rand-rwkv7-L3-D128-V300-bf16.pth");
        Run r = cli({"info", fixture("models/rand-rwkv7-L3-D128-V300-bf16.pth")});
        QCOMPARE(r.code, 0);
        QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["version"].toString(), QString("7"));
        QCOMPARE(j["layers"].toInt(), 3);
        QCOMPARE(j["width"].toInt(), 128);
        QCOMPARE(j["heads"].toInt(), 2);
        QCOMPARE(j["head_size"].toInt(), 64);
        QCOMPARE(j["vocab"].toInt(), 300);
        QCOMPARE(j["stored_dtype"].toString(), QString("bf16"));
        QVERIFY(j["parameters"].toDouble() > 500000);
    }

    void evalWritesReferenceLogitsInBothModes()
    {
        RWKV_REQUIRE_FIXTURE("reference/tiny-rwkv-5v2-730K.json");
        ReferenceRun ref = readReference(fixture("reference"), "tiny-rwkv-5v2-730K");
        for (const char* mode : {"serial", "sequence"}) {
            QString out = dir_.filePath(QString("logits-%1.f32").arg(mode));
            Run r = cli({"eval", fixture("models/tiny-rwkv-5v2-730K.pth"), "--tokens", joinIds(ref.tokens), "--mode",
                         mode, "--logits-out", out});
            QVERIFY2(r.code == 0, r.err.constData());
            std::vector<float> logits = readFloats(out);
            QCOMPARE(logits.size(), ref.logits.size());
            QVERIFY(compare(logits.data(), ref.logits.data(), logits.size()).max <= 2e-3);
        }
    }

    void stateOutThenStateInContinuesExactly()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-6v0-1m.safetensors");
        const QString model = fixture("models/tiny-rwkv-6v0-1m.safetensors");
        QString whole = dir_.filePath("whole.f32"), part = dir_.filePath("part.f32"), state = dir_.filePath("s.bin");
        QCOMPARE(cli({"eval", model, "--tokens", "72,101,108,108,111", "--logits-out", whole}).code, 0);
        QCOMPARE(cli({"eval", model, "--tokens", "72,101,108", "--state-out", state}).code, 0);
        QCOMPARE(cli({"eval", model, "--tokens", "108,111", "--state-in", state, "--logits-out", part}).code, 0);
        std::vector<float> a = readFloats(whole), b = readFloats(part);
        QCOMPARE(b.size() * 5 / 2, a.size());
        QCOMPARE(std::memcmp(a.data() + a.size() - b.size(), b.data(), b.size() * 4), 0);
        // A state never goes into another model.
        Run wrong = cli({"eval", fixture("models/tiny-rwkv-5v2-730K.safetensors"), "--tokens", "1", "--state-in", state});
        QVERIFY(wrong.code != 0);
        QVERIFY2(wrong.err.contains("another"), wrong.err.constData());
    }

    void evalWithAdaptersMatchesReference()
    {
        RWKV_REQUIRE_FIXTURE("adapters/rand-rwkv7-L3-D128-V300.adapters.json");
        QJsonObject spec = readJson(fixture("adapters/rand-rwkv7-L3-D128-V300.adapters.json"));
        QString tokens = joinIds(intArray(spec["tokens"]));
        QString out = dir_.filePath("lora.f32");
        Run r = cli({"eval", fixture("models/rand-rwkv7-L3-D128-V300.pth"), "--tokens", tokens, "--lora",
                     fixture("adapters/rand-rwkv7-L3-D128-V300.lora-r8-a16.pth"), "--lora-alpha", "16",
                     "--logits-out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        std::vector<float> ref = readFloats(fixture("adapters/rand-rwkv7-L3-D128-V300.lora-r8-a16.logits.f32"));
        std::vector<float> got = readFloats(out);
        QCOMPARE(got.size(), ref.size());
        QVERIFY(compare(got.data(), ref.data(), ref.size()).max <= 2e-3);
        out = dir_.filePath("tune.f32");
        r = cli({"eval", fixture("models/rand-rwkv7-L3-D128-V300.pth"), "--tokens", tokens, "--state-tune",
                 fixture("adapters/rand-rwkv7-L3-D128-V300.state-tune.pth"), "--logits-out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        ref = readFloats(fixture("adapters/rand-rwkv7-L3-D128-V300.state-tune.logits.f32"));
        got = readFloats(out);
        QVERIFY(compare(got.data(), ref.data(), ref.size()).max <= 2e-3);
    }

    void greedyGenerateGivesTheReferenceContinuation()
    {
        RWKV_REQUIRE_FIXTURE("reference/tiny-rwkv-4v0-660K.json");
        QJsonObject j = readJson(fixture("reference/tiny-rwkv-4v0-660K.json"));
        Run r = cli({"generate", fixture("models/tiny-rwkv-4v0-660K.pth"), "--prompt", j["prompt"].toString(),
                     "--temperature", "0", "--frequency", "0", "--max-tokens", "48"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out).chopped(1), j["greedy_text"].toString());
    }

    void seededSamplingIsRepeatable()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        QStringList args = {"generate", fixture("models/tiny-rwkv-7v0-834K.safetensors"), "--prompt", "Once upon",
                            "--seed", "42", "--max-tokens", "40", "--top-p", "0.9"};
        Run a = cli(args), b = cli(args);
        QCOMPARE(a.code, 0);
        QCOMPARE(a.out, b.out);
        args[5] = "43";
        QVERIFY(cli(args).out != a.out);
    }

    void tokenizeMatchesWorldVectors()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/world-vectors.json");
        QJsonObject j = readJson(fixture("tokenizer/world-vectors.json"));
        QString vocab = fixture("tokenizer/rwkv_vocab_v20230424.txt");
        QJsonObject first = j["cases"].toArray().at(0).toObject();
        Run r = cli({"tokenize", "--tokenizer", vocab, first["text"].toString()});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).array(), first["ids"].toArray());
        Run d = cli({"tokenize", "--tokenizer", vocab, "--decode", joinIds(intArray(first["ids"]))});
        QCOMPARE(QString::fromUtf8(d.out), first["text"].toString());
    }

    void makeRandomWritesLoadableModels()
    {
        QString out = dir_.filePath("r6.pth");
        Run r = cli({"make-random", "--version", "6", "--layers", "2", "--embd", "128", "--vocab", "512", out});
        QVERIFY2(r.code == 0, r.err.constData());
        Run info = cli({"info", out});
        QCOMPARE(info.code, 0);
        QJsonObject j = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(j["version"].toString(), QString("6"));
        QCOMPARE(j["vocab"].toInt(), 512);
    }

    void badInputFailsWithASentence()
    {
        QString junk = dir_.filePath("junk.pth");
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("PK\x03\x04 this is not a checkpoint");
        f.close();
        Run r = cli({"info", junk});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.startsWith("rwkv-cli info: "));
        QVERIFY(r.err.contains("junk.pth"));
        Run missing = cli({"info", dir_.filePath("nope.safetensors")});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("nope.safetensors"));
        Run option = cli({"eval", junk, "--frobnicate", "1"});
        QCOMPARE(option.code, 2);
        QVERIFY(option.err.contains("--frobnicate"));
        Run unknown = cli({"explode"});
        QCOMPARE(unknown.code, 2);
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        Run token = cli({"eval", fixture("models/tiny-rwkv-7v0-834K.safetensors"), "--tokens", "1,99999"});
        QCOMPARE(token.code, 2);
        QVERIFY(token.err.contains("99999"));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
