// rwkv::embed and rwkv::meanLogProbability on a real checkpoint: the hidden vector the model gives
// at the end token, its independence from what ran before, long texts by windows, the CPU and a
// Vulkan device agreeing, and the re-ranking score equal to scoring token by token.
#include "fixtures.h"
#include "vulkan_test_support.h"

#include "core/error.h"
#include "model/embedding.h"

#include <QtTest>

#include <cmath>
#include <numeric>

class TestEmbedding : public QObject {
    Q_OBJECT

    static std::shared_ptr<const rwkv::Model> load(const rwkv::LoadOptions& options = {})
    {
        return rwkv::Model::load(rwkvtest::fixture("models/tiny-rwkv-7v0-834K.safetensors").toStdString(), options);
    }

    static std::vector<int32_t> text(size_t n, int32_t seed)
    {
        std::vector<int32_t> t(n);
        for (size_t i = 0; i < n; ++i)
            t[i] = int32_t(32 + (size_t(seed) * 7 + i * 13) % 90);
        return t;
    }

    static double norm(const std::vector<float>& v)
    {
        return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    }

private slots:
    void hiddenModeGivesTheWidthAndAdvancesTheStateLikeOtherModes()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load();
        const auto tokens = text(40, 1);
        rwkv::State a = model->newState(), b = model->newState();
        std::vector<float> hidden(size_t(model->info().embd));
        model->forward(a, tokens, rwkv::LogitsMode::Hidden, hidden);
        model->forward(b, tokens, rwkv::LogitsMode::None, {});
        QVERIFY(a.all().size() == b.all().size());
        QVERIFY(std::equal(a.all().begin(), a.all().end(), b.all().begin()));
        QVERIFY(norm(std::vector<float>(hidden.begin(), hidden.end())) > 0.0);
        std::vector<float> tooSmall(size_t(model->info().embd) - 1);
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, model->forward(a, tokens, rwkv::LogitsMode::Hidden, tooSmall));
    }

    void vectorsAreUnitLengthAndIndependentOfWhatRanBefore()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load();
        const auto first = rwkv::embed(*model, text(50, 2));
        QCOMPARE(first.size(), size_t(model->info().embd));
        QVERIFY(std::abs(norm(first) - 1.0) < 1e-5);
        (void)rwkv::embed(*model, text(300, 3)); // something else in between
        const auto again = rwkv::embed(*model, text(50, 2));
        QVERIFY(first == again);
        const auto other = rwkv::embed(*model, text(50, 4));
        QVERIFY(rwkv::cosine(first, other) < 0.99999f);
        QVERIFY(std::abs(rwkv::cosine(first, first) - 1.0f) < 1e-5f);
        QCOMPARE(rwkv::embed(*model, {}).size(), size_t(model->info().embd));
    }

    void longTextsAreTheMeanOfTheirWindows()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load();
        const auto tokens = text(30, 5);
        rwkv::EmbedOptions whole;
        rwkv::EmbedOptions byTen;
        byTen.window = 10;
        const auto one = rwkv::embed(*model, tokens, whole);
        const auto windowed = rwkv::embed(*model, tokens, byTen);
        QVERIFY(std::abs(norm(windowed) - 1.0) < 1e-5);
        QVERIFY(one != windowed);

        // The mean of the three windows' raw end-token vectors, normalised.
        std::vector<double> sum(size_t(model->info().embd), 0.0);
        for (size_t w = 0; w < 3; ++w) {
            std::vector<int32_t> window(tokens.begin() + ptrdiff_t(w * 10), tokens.begin() + ptrdiff_t(w * 10 + 10));
            window.push_back(0);
            rwkv::State s = model->newState();
            std::vector<float> h(sum.size());
            model->forward(s, window, rwkv::LogitsMode::Hidden, h);
            for (size_t j = 0; j < h.size(); ++j)
                sum[j] += h[j];
        }
        const double n = std::sqrt(std::inner_product(sum.begin(), sum.end(), sum.begin(), 0.0));
        for (size_t j = 0; j < sum.size(); ++j)
            QVERIFY(std::abs(sum[j] / n - windowed[j]) < 1e-5);
    }

    void logProbabilityEqualsScoringTokenByToken()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = load();
        const auto context = text(25, 6);
        const auto question = text(8, 7);
        const double score = rwkv::meanLogProbability(*model, context, question);
        QVERIFY(score < 0.0);

        rwkv::State s = model->newState();
        std::vector<float> logits = model->prefill(s, context);
        double total = 0.0;
        for (int32_t t : question) {
            const float top = *std::max_element(logits.begin(), logits.end());
            double z = 0.0;
            for (float l : logits)
                z += std::exp(double(l) - top);
            total += double(logits[size_t(t)]) - top - std::log(z);
            logits = model->step(s, t);
        }
        QVERIFY(std::abs(score - total / double(question.size())) < 1e-4);
        QCOMPARE(rwkv::meanLogProbability(*model, context, {}), 0.0);
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, rwkv::meanLogProbability(*model, context, std::vector<int32_t>{1 << 20}));
    }

    void aVulkanDeviceGivesTheSameVector()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        RWKV_REQUIRE_VULKAN();
        auto cpu = load();
        auto gpu = rwkvtest::loadOnGpu(rwkvtest::fixture("models/tiny-rwkv-7v0-834K.safetensors"));
        const auto tokens = text(70, 8);
        const auto a = rwkv::embed(*cpu, tokens);
        const auto b = rwkv::embed(*gpu, tokens);
        QCOMPARE(a.size(), b.size());
        QVERIFY2(rwkv::cosine(a, b) > 0.9999f, qPrintable(QString::number(rwkv::cosine(a, b))));
    }
};

QTEST_APPLESS_MAIN(TestEmbedding)
#include "tst_embedding.moc"
