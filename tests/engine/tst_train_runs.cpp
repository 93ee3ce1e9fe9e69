// Fine-tuning runs end to end on the fixture models: LoRA, state tuning and full training learn a
// text; a run killed with SIGKILL resumes to the same losses and files as an uninterrupted one;
// our LoRA file merged (by rwkv-cli merge and by an independent merge here) gives the logits of
// the engine's own LoRA loading; our state file loads as a state-tuning file; bad data and bad
// settings give sentences.
#include "fixtures.h"

#include "core/error.h"
#include "formats/tensor_file.h"
#include "model/model.h"
#include "model/random_checkpoint.h"
#include "tokenizer/tokenizer.h"
#include "train/lora_merge.h"
#include "train/trainer.h"
#include "train/v7_gradients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace rwkv::train;
using namespace rwkvtest;

namespace {

const char* kModel = "models/tiny-rwkv-7v0-834K.safetensors";
const char* kText = "Ada sailed north at dawn.";

std::vector<float> logitsOf(const rwkv::Model& model, const std::vector<int32_t>& tokens)
{
    std::vector<float> logits(tokens.size() * size_t(model.info().vocab));
    rwkv::State state = model.newState();
    model.forward(state, tokens, rwkv::LogitsMode::All, logits);
    return logits;
}

float maxDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    float worst = a.size() == b.size() ? 0.0f : INFINITY;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

} // namespace

class TrainRunsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString writeText(const QString& name, const QByteArray& text)
    {
        QFile f(dir_.filePath(name));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(text);
        return f.fileName();
    }

    SampleSplit textSamples(int ctx = 64)
    {
        auto bytes = rwkv::loadTokenizer("bytes");
        const std::string path = writeText("text.txt", kText).toStdString();
        return splitSamples(packSamples(readTrainingData({path}, *bytes), ctx), 0.0, 1);
    }

    static std::string greedy(const rwkv::Model& model, const std::string& prompt, size_t count)
    {
        rwkv::State state = model.newState();
        std::vector<int32_t> ids(prompt.begin(), prompt.end());
        std::vector<float> logits = model.prefill(state, ids);
        std::string out;
        for (size_t i = 0; i < count; ++i) {
            const int32_t next = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
            if (next == 0)
                break;
            out += char(next);
            logits = model.step(state, next);
        }
        return out;
    }

    struct Run {
        int code = -1;
        QByteArray out, err;
    };

    Run cli(const QStringList& args)
    {
        QProcess p;
        p.start(binDir() + "/rwkv-cli", args);
        p.waitForFinished(600000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    // The JSON objects a train run printed, one per line.
    static QList<QJsonObject> lines(const QByteArray& out)
    {
        QList<QJsonObject> all;
        for (const QByteArray& line : out.split('\n'))
            if (!line.trimmed().isEmpty())
                all << QJsonDocument::fromJson(line).object();
        return all;
    }

private slots:
    void loraLearnsATextUntilGreedyDecodingReproducesIt()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        TrainSettings s = TrainSettings::forMethod(TrainMethod::Lora);
        s.loraRank = 16;
        s.loraAlpha = 32;
        s.trainLayerNorms = true; // lets the tiny model's flat outputs sharpen
        s.lr = 1e-2;
        s.lrFinal = 1e-3;
        s.steps = 150;
        s.ctx = 64;
        Trainer trainer(fixture(kModel).toStdString(), textSamples(), s);
        const double before = trainer.validationLoss();
        double last = 0;
        while (!trainer.finished())
            last = trainer.step().loss;
        qInfo("LoRA: loss %.3f -> %.3f", before, last);
        QVERIFY(last < 0.25 * before);
        const std::string out = dir_.filePath("memo.pth").toStdString();
        const auto written = trainer.writeOutput(out);
        QCOMPARE(written.size(), size_t(2)); // the file and its .json with rank and alpha
        const QJsonObject sidecar = QJsonDocument::fromJson([&] {
            QFile f(QString::fromStdString(written[1]));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }()).object();
        QCOMPARE(sidecar["rank"].toInt(), 16);
        QCOMPARE(sidecar["alpha"].toDouble(), 32.0);
        // The RWKV-PEFT layout: lora_A [r, in], lora_B [out, r], no ".weight"; ln under base names.
        auto file = rwkv::TensorFile::open(out);
        const rwkv::TensorView* a = file->find("blocks.0.att.key.lora_A");
        const rwkv::TensorView* b = file->find("blocks.0.ffn.value.lora_B");
        QVERIFY(a && b);
        QCOMPARE(a->shape, (std::vector<int64_t>{16, 64}));
        QCOMPARE(b->shape, (std::vector<int64_t>{64, 16}));
        QVERIFY(file->find("blocks.3.ln1.weight"));
        QVERIFY(!file->find("blocks.0.att.key.weight"));

        rwkv::LoadOptions options;
        options.loraPath = out;
        options.loraAlpha = 32;
        auto tuned = rwkv::Model::load(fixture(kModel).toStdString(), options);
        const std::string text = kText;
        QCOMPARE(greedy(*tuned, text.substr(0, 1), text.size() - 1), text.substr(1));
    }

    void stateTuningLowersTheLoss()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        TrainSettings s = TrainSettings::forMethod(TrainMethod::State);
        s.steps = 60;
        s.ctx = 64;
        s.lr = 0.03; // this tiny model's state is small: RWKV-PEFT's rate of 1 overshoots it
        s.lrFinal = 0.03;
        Trainer trainer(fixture(kModel).toStdString(), textSamples(), s);
        const double before = trainer.validationLoss();
        while (!trainer.finished())
            trainer.step();
        const double after = trainer.validationLoss();
        qInfo("state tuning: loss %.3f -> %.3f", before, after);
        // A state reaches only what the recurrence carries, so the gain is modest; the run is
        // deterministic (a zero start, no sampling), so the margin holds on every run.
        QVERIFY(after < before - 0.05);

        // The file is the official [H, N, N] time_state of every layer, and loads as the initial
        // state: the engine's loss with it equals the trainer's.
        const std::string out = dir_.filePath("persona.pth").toStdString();
        trainer.writeOutput(out);
        auto file = rwkv::TensorFile::open(out);
        QCOMPARE(file->tensors().size(), size_t(12));
        QCOMPARE(file->find("blocks.11.att.time_state")->shape, (std::vector<int64_t>{1, 64, 64}));
        rwkv::LoadOptions options;
        options.stateTunePath = out;
        auto tuned = rwkv::Model::load(fixture(kModel).toStdString(), options);
        const auto sample = textSamples().train.front();
        const auto logits = logitsOf(*tuned, sample.tokens);
        double sum = 0;
        for (size_t t = 0; t < sample.tokens.size(); ++t) {
            const float* row = logits.data() + t * 256;
            double z = 0;
            const float top = *std::max_element(row, row + 256);
            for (int v = 0; v < 256; ++v)
                z += std::exp(double(row[v] - top));
            sum += std::log(z) + top - row[sample.targets[t]];
        }
        QVERIFY2(std::abs(sum / sample.tokens.size() - after) < 1e-3, qPrintable(QString::number(sum / sample.tokens.size())));
    }

    void fullTrainingMemorisesOnATinyModel()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        TrainSettings s = TrainSettings::forMethod(TrainMethod::Full);
        s.steps = 40;
        s.ctx = 64;
        s.lr = 3e-3;
        s.lrFinal = 3e-4;
        Trainer trainer(fixture(kModel).toStdString(), textSamples(), s);
        const double before = trainer.validationLoss();
        while (!trainer.finished())
            trainer.step();
        const double after = trainer.validationLoss();
        qInfo("full: loss %.3f -> %.3f", before, after);
        QVERIFY(after < 0.1 * before);
        const std::string out = dir_.filePath("full.safetensors").toStdString();
        trainer.writeOutput(out);
        auto model = rwkv::Model::load(out); // a whole model the engine loads
        const std::string text = kText;
        QCOMPARE(greedy(*model, text.substr(0, 1), text.size() - 1), text.substr(1));
    }

    void resumeAfterKillContinuesLikeAnUninterruptedRun()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        const QString data = writeText("story.txt", QByteArray(kText).repeated(6));
        const QStringList common{"train", fixture(kModel), "--data", data, "--method", "lora", "--ctx", "32",
                                 "--steps", "120", "--lr", "5e-3", "--seed", "9", "--threads", "2",
                                 "--lora-dropout", "0.05"}; // its masks too must come back the same
        // The same file name in two folders: a .pth names its archive after the file.
        QDir(dir_.path()).mkpath("whole");
        QDir(dir_.path()).mkpath("resumed");
        const Run whole = cli(common + QStringList{"--out", dir_.filePath("whole/lora.pth")});
        QVERIFY2(whole.code == 0, whole.err.constData());
        const QList<QJsonObject> expected = lines(whole.out);
        QCOMPARE(expected.last()["done"].toBool(), true);

        // Killed with SIGKILL once step 5 is printed (checkpoints every 2 steps, the first at step
        // 2); it may have gone a few steps further before the signal landed.
        const QString checkpoints = dir_.filePath("ckpt");
        QProcess p;
        p.start(binDir() + "/rwkv-cli", common + QStringList{"--out", dir_.filePath("resumed/lora.pth"), "--checkpoint-dir",
                                                             checkpoints, "--checkpoint-every", "2"});
        QVERIFY(p.waitForStarted(30000));
        QByteArray seen;
        while (!seen.contains("\"step\":5,") && p.state() == QProcess::Running) {
            p.waitForReadyRead(1000);
            seen += p.readAllStandardOutput();
        }
        p.kill();
        p.waitForFinished(30000);
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        QVERIFY(seen.contains("\"step\":5,"));

        const Run resumed = cli(common + QStringList{"--out", dir_.filePath("resumed/lora.pth"), "--resume", checkpoints});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        const QList<QJsonObject> after = lines(resumed.out);
        const int from = after.first()["from_step"].toInt();
        QVERIFY2(from >= 4 && from < 120 && from % 2 == 0, qPrintable(QString::number(from)));
        // The remaining steps again, with the losses of the uninterrupted run, bit for bit.
        int compared = 0;
        for (const QJsonObject& step : after) {
            if (!step.contains("step"))
                continue;
            const QJsonObject& same = expected[step["step"].toInt()]; // [0] is the start line
            QCOMPARE(step["step"].toInt(), same["step"].toInt());
            QCOMPARE(step["loss"].toDouble(), same["loss"].toDouble());
            ++compared;
        }
        QCOMPARE(compared, 120 - from);
        for (const char* name : {"lora.pth", "lora.json"}) {
            QFile a(dir_.filePath(QStringLiteral("whole/") + name)), b(dir_.filePath(QStringLiteral("resumed/") + name));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QVERIFY2(a.readAll() == b.readAll(), name);
        }
    }

    void mergedLoraGivesTheLogitsOfLoraLoading()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        const QString data = writeText("merge.txt", QByteArray(kText).repeated(3));
        const QString lora = dir_.filePath("merge-lora.pth");
        const Run train = cli({"train", fixture(kModel), "--data", data, "--method", "lora", "--steps", "4", "--lr",
                               "1e-2", "--rank", "4", "--alpha", "8", "--train-ln", "--out", lora});
        QVERIFY2(train.code == 0, train.err.constData());
        const QString merged = dir_.filePath("merged.safetensors");
        const Run merge = cli({"merge", fixture(kModel), "--lora", lora, "--lora-alpha", "8", "--out", merged});
        QVERIFY2(merge.code == 0, merge.err.constData());

        const std::vector<int32_t> tokens{65, 100, 97, 32, 115, 97, 105, 108, 101, 100};
        rwkv::LoadOptions options;
        options.loraPath = lora.toStdString();
        options.loraAlpha = 8;
        const auto withLora = logitsOf(*rwkv::Model::load(fixture(kModel).toStdString(), options), tokens);
        const auto fromMerged = logitsOf(*rwkv::Model::load(merged.toStdString()), tokens);
        const auto base = logitsOf(*rwkv::Model::load(fixture(kModel).toStdString()), tokens);
        qInfo("merged vs LoRA at load: %.3g; vs base: %.3g", maxDifference(withLora, fromMerged),
              maxDifference(base, fromMerged));
        QVERIFY(maxDifference(withLora, fromMerged) < 1e-4);
        QVERIFY(maxDifference(base, fromMerged) > 1e-3); // the adapter changed something

        // An independent merge of one matrix by the official rule: W + alpha/r · B A.
        auto baseFile = rwkv::TensorFile::open(fixture(kModel).toStdString());
        auto loraFile = rwkv::TensorFile::open(lora.toStdString());
        auto mergedFile = rwkv::TensorFile::open(merged.toStdString());
        const auto W = baseFile->find("blocks.2.att.value.weight")->toFloat();
        const auto A = loraFile->find("blocks.2.att.value.lora_A")->toFloat();
        const auto B = loraFile->find("blocks.2.att.value.lora_B")->toFloat();
        const auto M = mergedFile->find("blocks.2.att.value.weight")->toFloat();
        float worst = 0;
        for (int o = 0; o < 64; ++o)
            for (int i = 0; i < 64; ++i) {
                double w = W[size_t(o) * 64 + i];
                for (int k = 0; k < 4; ++k)
                    w += 8.0 / 4.0 * B[size_t(o) * 4 + k] * A[size_t(k) * 64 + i];
                worst = std::max(worst, float(std::abs(w - M[size_t(o) * 64 + i])));
            }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        QCOMPARE(mergedFile->find("blocks.1.ln2.weight")->toFloat(), loraFile->find("blocks.1.ln2.weight")->toFloat());
    }

    void badDataAndSettingsGetSentences()
    {
        auto bytes = rwkv::loadTokenizer("bytes");
        auto message = [&](const std::vector<std::string>& paths) -> QString {
            try {
                readTrainingData(paths, *bytes);
            } catch (const rwkv::Error& e) {
                return QString::fromStdString(e.what());
            }
            return {};
        };
        QVERIFY(message({writeText("empty.txt", "").toStdString()}).contains("no text to learn"));
        QVERIFY(message({writeText("photo.txt", QByteArray("\x89PNG\r\n\x1a\n\0\0", 10)).toStdString()})
                    .contains("photo.txt is not a text file"));
        QVERIFY(message({writeText("latin1.md", "caf\xe9").toStdString()}).contains("latin1.md is not UTF-8"));
        QVERIFY(message({writeText("chats.jsonl", "{\"text\": \"ok\"}\n{\"messages\": [\n").toStdString()})
                    .contains("chats.jsonl line 2 is not valid JSON"));
        QVERIFY(message({writeText("roles.jsonl", "{\"messages\": [{\"role\": \"bot\", \"content\": \"hi\"}]}\n").toStdString()})
                    .contains("unknown role"));
        QVERIFY(message({dir_.filePath("missing.txt").toStdString()}).contains("does not exist"));

        // Chat data learns only the assistant's turns.
        const auto docs = readTrainingData(
            {writeText("chat.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, "
                                     "{\"role\": \"assistant\", \"content\": \"Hello!\"}]}\n").toStdString()},
            *bytes);
        QCOMPARE(docs.size(), size_t(1));
        const std::string all(docs[0].tokens.begin(), docs[0].tokens.end());
        QCOMPARE(all, std::string("User: Hi\n\nAssistant: Hello!\n\n"));
        std::string learnt;
        for (size_t i = 0; i < all.size(); ++i)
            if (docs[0].learn[i])
                learnt += all[i];
        QCOMPARE(learnt, std::string(" Hello!\n\n"));

        TrainSettings s;
        s.loraRank = 0;
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, s.validate());
        s = TrainSettings{};
        s.ctx = 1;
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, s.validate());
        s = TrainSettings{};
        s.lr = -1;
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, s.validate());

        // Only RWKV-7 trains; older versions are refused with a sentence.
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-6v0-1m.safetensors");
        try {
            Trainer(fixture("models/tiny-rwkv-6v0-1m.safetensors").toStdString(), textSamples(), TrainSettings{});
            QFAIL("an RWKV-6 model was accepted");
        } catch (const rwkv::Error& e) {
            QVERIFY2(QString(e.what()).contains("training needs an RWKV-7 model"), e.what());
        }
        const Run r = cli({"train", fixture(kModel), "--data", dir_.filePath("empty.txt"), "--out", dir_.filePath("x.pth")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("no text to learn"));
    }
};

QTEST_GUILESS_MAIN(TrainRunsTest)
#include "tst_train_runs.moc"
