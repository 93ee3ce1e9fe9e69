// Training on frozen weights packed in a compute format (bf16, int8, q4 — QLoRA-style): the
// training forward pass gives the inference engine's loss for a model loaded in the same format;
// LoRA gradients through packed weights equal those through float weights holding the same
// values; a q4 base still learns a text; full training refuses a packed format with a sentence.
#include "fixtures.h"

#include "core/error.h"
#include "model/model.h"
#include "model/random_checkpoint.h"
#include "tokenizer/tokenizer.h"
#include "train/trainer.h"
#include "train/v7_gradients.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace rwkv::train;
using rwkv::WeightFormat;

namespace {

const std::vector<int32_t> kTokens{3, 17, 0, 36, 5, 5, 21, 9, 30, 2, 14, 1, 7, 33, 12, 8, 25, 19, 4, 28, 41, 6};

std::vector<int32_t> nextTokens()
{
    std::vector<int32_t> targets(kTokens.begin() + 1, kTokens.end());
    targets.push_back(kNoTarget);
    return targets;
}

double engineLoss(const std::string& path, WeightFormat format)
{
    rwkv::LoadOptions options;
    options.weights = format;
    options.headWeights = format;
    options.embeddingWeights = format;
    auto model = rwkv::Model::load(path, options);
    const int V = model->info().vocab;
    std::vector<float> logits(kTokens.size() * size_t(V));
    rwkv::State state = model->newState();
    model->forward(state, kTokens, rwkv::LogitsMode::All, logits);
    const auto targets = nextTokens();
    double sum = 0;
    for (size_t t = 0; t + 1 < kTokens.size(); ++t) {
        const float* row = logits.data() + t * size_t(V);
        const float top = *std::max_element(row, row + V);
        double z = 0;
        for (int v = 0; v < V; ++v)
            z += std::exp(double(row[v]) - top);
        sum += std::log(z) + top - row[targets[t]];
    }
    return sum;
}

// The float weights with every packed matrix replaced by its values as packed.
TrainWeights<float> unpacked(const std::string& path, const TrainWeights<float>& packed)
{
    TrainWeights<float> w = loadTrainWeights<float>(path);
    w.emb = packed.packedEmb.toFloats();
    w.head = packed.packedHead.toFloats();
    for (size_t i = 0; i < w.blocks.size(); ++i) {
        const PackedLayer& p = packed.blocks[i].packed;
        auto& L = w.blocks[i];
        L.Wr = p.Wr.toFloats(), L.Wk = p.Wk.toFloats(), L.Wv = p.Wv.toFloats(), L.Wo = p.Wo.toFloats();
        L.ffnK = p.ffnK.toFloats(), L.ffnV = p.ffnV.toFloats();
    }
    return w;
}

} // namespace

class TrainPackedWeightsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::string randomModel()
    {
        rwkv::RandomModelSpec spec;
        spec.arch = rwkv::Arch::V7;
        spec.layers = 2;
        spec.embd = 64; // a multiple of the 32-weight quantization group
        spec.headSize = 16;
        spec.vocab = 50;
        spec.ffnDim = 128;
        spec.dtype = rwkv::DType::F32;
        spec.seed = 5;
        const std::string path = dir_.filePath("random.safetensors").toStdString();
        rwkv::writeRandomModel(path, spec);
        return path;
    }

private slots:
    void packedForwardGivesTheEngineLossInTheSameFormat_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("bf16") << int(WeightFormat::BF16);
        QTest::newRow("int8") << int(WeightFormat::Q8);
        QTest::newRow("q4") << int(WeightFormat::Q4);
    }

    void packedForwardGivesTheEngineLossInTheSameFormat()
    {
        QFETCH(int, format);
        const auto f = WeightFormat(format);
        const std::string path = randomModel();
        const auto w = loadTrainWeights<float>(path, f);
        QVERIFY(w.head.empty() && w.emb.empty() && w.blocks[1].ffnK.empty());
        QCOMPARE(w.packedHead.format, f);
        QCOMPARE(w.blocks[1].packed.ffnK.format, f);
        const double expected = engineLoss(path, f);
        const LossSum loss = lossAndGradients(w, kTokens, nextTokens());
        const double floatLoss = lossAndGradients(loadTrainWeights<float>(path), kTokens, nextTokens()).sum;
        qInfo("%s: training %.6f, engine %.6f, float weights %.6f", rwkv::weightFormatName(f), loss.sum, expected,
              floatLoss);
        QVERIFY2(std::abs(loss.sum - expected) < 1e-4 * std::abs(expected), qPrintable(QString::number(loss.sum - expected)));
        if (f == WeightFormat::Q4) // the format is really in use: q4 rounding moves the loss
            QVERIFY(std::abs(loss.sum - floatLoss) > 1e-5 * std::abs(floatLoss));
    }

    void loraGradientsThroughPackedWeightsEqualFloatOnes_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("bf16") << int(WeightFormat::BF16) << 1e-4;
        // int8/q4 products quantize the activations as inference does: close, not equal.
        QTest::newRow("q4") << int(WeightFormat::Q4) << 0.1;
    }

    void loraGradientsThroughPackedWeightsEqualFloatOnes()
    {
        QFETCH(int, format);
        QFETCH(double, tolerance);
        const std::string path = randomModel();
        auto packed = loadTrainWeights<float>(path, WeightFormat(format));
        auto plain = unpacked(path, packed);
        for (auto* w : {&packed, &plain})
            addLora(*w, 4, 8.0, 3);
        // Non-zero B so that the gradient of A depends on the path through the frozen weights.
        for (auto* w : {&packed, &plain})
            for (auto& L : w->blocks)
                for (size_t i = 0; i < L.loraK.B.size(); ++i)
                    L.loraK.B[i] = 0.01f * float(int(i % 7) - 3);
        auto wanted = [](const std::string& name) { return name.find(".lora_") != std::string::npos; };
        TrainWeights<float> gPacked, gPlain;
        gPacked.shapeGradientsLike(packed, wanted);
        gPlain.shapeGradientsLike(plain, wanted);
        lossAndGradients(packed, kTokens, nextTokens(), &gPacked);
        lossAndGradients(plain, kTokens, nextTokens(), &gPlain);
        double worst = 0, norm = 0;
        std::vector<const Vec<float>*> a, b;
        gPacked.forEach([&](const std::string&, const Vec<float>& t, std::vector<int64_t>) { a.push_back(&t); });
        gPlain.forEach([&](const std::string&, const Vec<float>& t, std::vector<int64_t>) { b.push_back(&t); });
        QCOMPARE(a.size(), b.size());
        size_t compared = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i]->size(), b[i]->size());
            for (size_t j = 0; j < a[i]->size(); ++j) {
                worst = std::max(worst, double(std::abs((*a[i])[j] - (*b[i])[j])));
                norm = std::max(norm, double(std::abs((*b[i])[j])));
                ++compared;
            }
        }
        qInfo("%zu LoRA gradient elements, worst difference %.3g of largest %.3g", compared, worst, norm);
        QVERIFY(compared > 1000 && norm > 0);
        QVERIFY2(worst <= tolerance * norm, qPrintable(QString::number(worst / norm)));
    }

    void loraOnAQ4BaseLearnsAText()
    {
        const char* kModel = "models/tiny-rwkv-7v0-834K.safetensors";
        RWKV_REQUIRE_FIXTURE(kModel);
        QFile text(dir_.filePath("text.txt"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("Ada sailed north at dawn.");
        text.close();
        auto bytes = rwkv::loadTokenizer("bytes");
        TrainSettings s = TrainSettings::forMethod(TrainMethod::Lora);
        s.loraRank = 16;
        s.loraAlpha = 32;
        s.trainLayerNorms = true;
        s.lr = 1e-2;
        s.lrFinal = 1e-3;
        s.steps = 60;
        s.ctx = 64;
        s.frozenWeights = WeightFormat::Q4;
        Trainer trainer(rwkvtest::fixture(kModel).toStdString(),
                        splitSamples(packSamples(readTrainingData({text.fileName().toStdString()}, *bytes), 64), 0.0, 1),
                        s);
        const double before = trainer.validationLoss();
        double last = 0;
        while (!trainer.finished())
            last = trainer.step().loss;
        qInfo("q4 LoRA: loss %.3f -> %.3f", before, last);
        QVERIFY(last < 0.5 * before);
    }

    void fullTrainingRefusesAPackedFormat()
    {
        TrainSettings s = TrainSettings::forMethod(TrainMethod::Full);
        s.frozenWeights = WeightFormat::Q4;
        try {
            s.validate();
            QFAIL("full training accepted q4 weights");
        } catch (const rwkv::Error& e) {
            QVERIFY2(QString(e.what()).contains("full fine-tuning trains every weight in float32"), e.what());
        }
        const std::string path = randomModel();
        QProcess cli;
        cli.start(rwkvtest::binDir() + "/rwkv-cli",
                  {"train", QString::fromStdString(path), "--data", QString::fromStdString(path), "--method", "lora",
                   "--weights", "q5", "--out", dir_.filePath("x.pth")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY(cli.exitCode() != 0);
        QVERIFY2(cli.readAllStandardError().contains("unknown weight format 'q5'"), "no sentence for --weights q5");
    }
};

QTEST_GUILESS_MAIN(TrainPackedWeightsTest)
#include "tst_train_packed_weights.moc"
