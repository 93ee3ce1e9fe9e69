// Batched decoding on the CPU (Model::forwardBatch for RWKV-7: one pass over the weights for all
// rows): with BatchRows::Invariant each row's logits and state are bit for bit what the same
// sequence gets when it decodes alone, whatever its neighbours (the server's "same text alone or
// beside 31 others" rests on it); they agree to rounding with token-by-token decoding, and a
// batch of one decodes exactly as step() by default.
#include "core/error.h"
#include "model/model.h"
#include "model/random_checkpoint.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

class TestBatchedDecoding : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path_;

    // A sequence with its own history: `n` tokens from `seed`.
    static std::vector<int32_t> history(int n, int seed, int vocab)
    {
        std::vector<int32_t> t(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            t[size_t(i)] = int32_t((seed * 31 + i * 17 + 3) % vocab);
        return t;
    }

    std::vector<rwkv::State> primed(const rwkv::Model& model, int count) const
    {
        std::vector<rwkv::State> states;
        for (int i = 0; i < count; ++i) {
            states.push_back(model.newState());
            model.forward(states.back(), history(5 + 3 * i, i, model.info().vocab), rwkv::LogitsMode::None, {});
        }
        return states;
    }

    static bool sameBits(std::span<const float> a, std::span<const float> b)
    {
        return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        // Odd sizes: 3 heads of 16, an FFN width that is not a multiple of any tile.
        rwkv::RandomModelSpec spec;
        spec.layers = 3;
        spec.embd = 48;
        spec.headSize = 16;
        spec.vocab = 300;
        spec.ffnDim = 100;
        spec.seed = 7;
        path_ = dir_.filePath("random-v7.safetensors").toStdString();
        rwkv::writeRandomModel(path_, spec);
    }

    void rowsDoNotDependOnTheirNeighbours_data()
    {
        QTest::addColumn<QString>("weights");
        QTest::newRow("f32") << "f32";
        QTest::newRow("bf16") << "bf16";
        QTest::newRow("int8") << "int8";
        QTest::newRow("q4") << "q4";
    }

    void rowsDoNotDependOnTheirNeighbours()
    {
        QFETCH(QString, weights);
        rwkv::LoadOptions options;
        options.weights = rwkv::parseWeightFormat(weights.toStdString());
        auto model = rwkv::Model::load(path_, options);
        const size_t V = size_t(model->info().vocab);
        const int B = 7;
        auto together = primed(*model, B);
        auto alone = primed(*model, B);
        std::vector<int32_t> tokens(B);
        for (int i = 0; i < B; ++i)
            tokens[size_t(i)] = int32_t(11 + 29 * i);

        std::vector<rwkv::State*> all;
        for (auto& s : together)
            all.push_back(&s);
        std::vector<float> batchLogits(B * V);
        for (int step = 0; step < 3; ++step)
            model->forwardBatch(all, tokens, batchLogits, rwkv::BatchRows::Invariant);

        for (int i = 0; i < B; ++i) {
            rwkv::State* one[] = {&alone[size_t(i)]};
            std::vector<float> logits(V);
            for (int step = 0; step < 3; ++step)
                model->forwardBatch(one, std::span(tokens).subspan(size_t(i), 1), logits, rwkv::BatchRows::Invariant);
            QVERIFY2(sameBits(logits, std::span(batchLogits).subspan(size_t(i) * V, V)),
                     qPrintable(QString("row %1's logits changed with its neighbours").arg(i)));
            QVERIFY(sameBits(alone[size_t(i)].all(), together[size_t(i)].all()));
        }
    }

    void batchAgreesWithTokenByTokenDecoding()
    {
        auto model = rwkv::Model::load(path_);
        const size_t V = size_t(model->info().vocab);
        const int B = 5;
        auto batched = primed(*model, B);
        auto serial = primed(*model, B);
        std::vector<rwkv::State*> all;
        for (auto& s : batched)
            all.push_back(&s);
        std::vector<int32_t> tokens = {1, 50, 299, 0, 7};
        std::vector<float> batchLogits(B * V);
        model->forwardBatch(all, tokens, batchLogits);
        double worst = 0, scale = 0;
        for (int i = 0; i < B; ++i) {
            const auto logits = model->step(serial[size_t(i)], tokens[size_t(i)]);
            for (size_t v = 0; v < V; ++v) {
                worst = std::max(worst, double(std::abs(logits[v] - batchLogits[size_t(i) * V + v])));
                scale = std::max(scale, double(std::abs(logits[v])));
            }
            QCOMPARE(batched[size_t(i)].tokensSeen(), serial[size_t(i)].tokensSeen());
        }
        QVERIFY2(scale > 0.1, "the logits carry signal");
        QVERIFY2(worst <= 1e-4 * std::max(1.0, scale), qPrintable(QString("largest difference %1").arg(worst)));
    }

    void aBatchOfOneDecodesExactlyAsStepUnlessRowsMustBeInvariant()
    {
        auto model = rwkv::Model::load(path_);
        const size_t V = size_t(model->info().vocab);
        auto batched = primed(*model, 1);
        auto serial = primed(*model, 1);
        rwkv::State* one[] = {&batched[0]};
        const int32_t token[] = {42};
        std::vector<float> logits(V);
        model->forwardBatch(one, token, logits);
        QVERIFY(sameBits(logits, model->step(serial[0], 42)));
        QVERIFY(sameBits(batched[0].all(), serial[0].all()));
    }

    void badBatchesAreRefusedWithASentence()
    {
        auto model = rwkv::Model::load(path_);
        const size_t V = size_t(model->info().vocab);
        rwkv::State a = model->newState();
        std::vector<float> logits(2 * V);
        rwkv::State* twice[] = {&a, &a};
        const int32_t tokens[] = {1, 2};
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, model->forwardBatch(twice, tokens, logits));
        rwkv::State b = model->newState();
        rwkv::State* two[] = {&a, &b};
        const int32_t outside[] = {1, int32_t(V)};
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, model->forwardBatch(two, outside, logits));
        std::vector<float> small(V);
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, model->forwardBatch(two, tokens, small));
    }
};

QTEST_APPLESS_MAIN(TestBatchedDecoding)
#include "tst_batched_decoding.moc"
