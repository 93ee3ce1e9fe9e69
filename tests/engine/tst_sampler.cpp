// Sampler: the RWKV sampling knobs in the documented order, with a seeded draw that gives the same
// tokens everywhere.
#include "core/error.h"
#include "sampling/sampler.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using rwkv::Sampler;
using rwkv::SamplerSettings;

namespace {

// Logits whose softmax is exactly `probabilities`.
std::vector<float> logitsOf(std::initializer_list<double> probabilities)
{
    std::vector<float> logits;
    for (double p : probabilities)
        logits.push_back(static_cast<float>(std::log(p)));
    return logits;
}

// How often each token comes out of `draws` samples (fresh copies of `logits` each time).
std::vector<double> frequencies(Sampler& sampler, const std::vector<float>& logits, int draws)
{
    std::vector<double> counts(logits.size(), 0.0);
    for (int i = 0; i < draws; ++i) {
        std::vector<float> row = logits;
        counts[sampler.sample(row)] += 1.0;
    }
    for (double& c : counts)
        c /= draws;
    return counts;
}

std::vector<int32_t> sequence(SamplerSettings settings, int length)
{
    Sampler sampler(std::move(settings));
    std::vector<int32_t> tokens;
    for (int i = 0; i < length; ++i) {
        std::vector<float> row(50);
        for (int j = 0; j < 50; ++j)
            row[j] = static_cast<float>(std::sin(j * 0.37 + i * 0.11));
        const int32_t t = sampler.sample(row);
        sampler.accept(t);
        tokens.push_back(t);
    }
    return tokens;
}

} // namespace

class SamplerTest : public QObject {
    Q_OBJECT

private slots:
    void sameSeedGivesTheSameTokens()
    {
        SamplerSettings s;
        s.seed = 42;
        s.topP = 0.9f;
        s.frequencyPenalty = 0.3f;
        s.penaltyDecay = 0.99f;
        QCOMPARE(sequence(s, 300), sequence(s, 300));
        SamplerSettings other = s;
        other.seed = 43;
        QVERIFY(sequence(s, 300) != sequence(other, 300));
    }

    void seededDrawsAreFixedAcrossPlatforms()
    {
        // mt19937_64 is fully specified by the standard and the double is built from its top 53
        // bits, so these exact tokens must come out with every compiler and standard library.
        SamplerSettings s;
        s.seed = 1234;
        Sampler sampler(s);
        const std::vector<float> logits = logitsOf({0.1, 0.2, 0.3, 0.4});
        std::vector<int32_t> tokens;
        for (int i = 0; i < 16; ++i) {
            std::vector<float> row = logits;
            tokens.push_back(sampler.sample(row));
        }
        QCOMPARE(tokens, (std::vector<int32_t>{3, 0, 3, 3, 1, 3, 3, 3, 0, 3, 3, 1, 2, 3, 1, 3}));
    }

    void temperatureZeroIsArgmax()
    {
        SamplerSettings s;
        s.temperature = 0.0f;
        Sampler sampler(s);
        std::vector<float> logits{0.1f, 2.0f, -1.0f, 2.0f, 1.9f};
        QCOMPARE(sampler.sample(logits), 1); // ties go to the lowest id
        QCOMPARE(Sampler::argmax(logits), 1);
    }

    void topKOfOneIsArgmax()
    {
        SamplerSettings s;
        s.topK = 1;
        for (uint64_t seed = 0; seed < 50; ++seed) {
            s.seed = seed;
            Sampler sampler(s);
            std::vector<float> logits = logitsOf({0.3, 0.25, 0.35, 0.1});
            QCOMPARE(sampler.sample(logits), 2);
        }
    }

    void tinyTopPIsArgmax()
    {
        SamplerSettings s;
        s.topP = 1e-6f;
        s.temperature = 2.0f;
        for (uint64_t seed = 0; seed < 50; ++seed) {
            s.seed = seed;
            Sampler sampler(s);
            std::vector<float> logits = logitsOf({0.3, 0.25, 0.35, 0.1});
            QCOMPARE(sampler.sample(logits), 2);
        }
    }

    void bannedTokensAreNeverSampled()
    {
        SamplerSettings s;
        s.bannedTokens = {0, 2, 1000};
        Sampler sampler(s);
        const std::vector<double> f = frequencies(sampler, logitsOf({0.9, 0.05, 0.04, 0.01}), 3000);
        QCOMPARE(f[0], 0.0);
        QCOMPARE(f[2], 0.0);
        QVERIFY(f[1] > 0.7);
    }

    void everyTokenBannedIsAnError()
    {
        SamplerSettings s;
        s.bannedTokens = {0, 1};
        Sampler sampler(s);
        std::vector<float> logits{1.0f, 2.0f};
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, sampler.sample(logits));
        std::vector<float> empty;
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, sampler.sample(empty));
        std::vector<float> nans{NAN, NAN};
        Sampler plain{SamplerSettings{}};
        QVERIFY_THROWS_EXCEPTION(rwkv::Error, plain.sample(nans));
    }

    void nanLogitsAreNeverSampled()
    {
        Sampler sampler{SamplerSettings{}};
        const std::vector<double> f = frequencies(sampler, {NAN, 0.0f, NAN}, 200);
        QCOMPARE(f[1], 1.0);
    }

    void logitBiasIsAddedBeforeSampling()
    {
        SamplerSettings s;
        s.logitBias = {{3, 100.0f}, {-4, 5.0f}, {99, 1.0f}};
        Sampler sampler(s);
        std::vector<float> logits = logitsOf({0.7, 0.1, 0.1, 0.1});
        QCOMPARE(sampler.sample(logits), 3);
        QCOMPARE(logits[3], static_cast<float>(std::log(0.1) + 100.0));
    }

    void penaltiesFollowTheFormula()
    {
        // logit -= presence + count * frequency for tokens seen: 1.0 - 0.1 - 2 * 0.2 = 0.5.
        SamplerSettings s;
        s.temperature = 0.0f;
        s.presencePenalty = 0.1f;
        s.frequencyPenalty = 0.2f;
        Sampler sampler(s);
        std::vector<float> fresh{1.0f, 0.8f, 0.0f};
        QCOMPARE(sampler.sample(fresh), 0);
        sampler.accept(0);
        sampler.accept(0);
        std::vector<float> logits{1.0f, 0.8f, 0.0f};
        QCOMPARE(sampler.sample(logits), 1);
        QCOMPARE(logits[0], 1.0f - (0.1f + 2.0f * 0.2f));
        QCOMPARE(logits[1], 0.8f);
        QCOMPARE(logits[2], 0.0f);

        sampler.resetPenalties();
        QCOMPARE(sampler.count(0), 0.0f);
        std::vector<float> again{1.0f, 0.8f, 0.0f};
        QCOMPARE(sampler.sample(again), 0);
    }

    void countsDecayEveryGeneratedToken()
    {
        SamplerSettings s;
        s.temperature = 0.0f;
        s.frequencyPenalty = 0.4f;
        s.penaltyDecay = 0.5f;
        Sampler decaying(s);
        decaying.accept(1);
        decaying.accept(0);
        QCOMPARE(decaying.count(1), 0.5f);
        QCOMPARE(decaying.count(0), 1.0f);
        decaying.accept(0);
        QCOMPARE(decaying.count(1), 0.25f);
        QCOMPARE(decaying.count(0), 1.5f);

        // Token 1 was generated longer ago, so with decay its penalty is smaller:
        // 1.0 - 1 * 0.4 = 0.6 against 0.9 - 0.5 * 0.4 = 0.7.
        Sampler fresh(s);
        fresh.accept(1);
        fresh.accept(0);
        std::vector<float> logits{1.0f, 0.9f};
        QCOMPARE(fresh.sample(logits), 1);
        s.penaltyDecay = 1.0f;
        Sampler noDecay(s);
        noDecay.accept(1);
        noDecay.accept(0);
        std::vector<float> same{1.0f, 0.9f};
        QCOMPARE(noDecay.sample(same), 0); // 0.6 against 0.5
    }

    void drawsFollowTheSoftmax()
    {
        SamplerSettings s;
        s.seed = 7;
        Sampler sampler(s);
        const std::vector<double> f = frequencies(sampler, logitsOf({0.5, 0.3, 0.2}), 20000);
        QVERIFY2(std::abs(f[0] - 0.5) < 0.02, qPrintable(QString::number(f[0])));
        QVERIFY2(std::abs(f[1] - 0.3) < 0.02, qPrintable(QString::number(f[1])));
        QVERIFY2(std::abs(f[2] - 0.2) < 0.02, qPrintable(QString::number(f[2])));
    }

    void temperatureFlattensTheDistribution()
    {
        // T = 2 turns p into sqrt(p) renormalized: 0.4155, 0.3218, 0.2628.
        SamplerSettings s;
        s.seed = 8;
        s.temperature = 2.0f;
        Sampler sampler(s);
        const std::vector<double> f = frequencies(sampler, logitsOf({0.5, 0.3, 0.2}), 20000);
        QVERIFY2(std::abs(f[0] - 0.4155) < 0.02, qPrintable(QString::number(f[0])));
        QVERIFY2(std::abs(f[2] - 0.2628) < 0.02, qPrintable(QString::number(f[2])));
    }

    void topPKeepsTheSmallestNucleus()
    {
        // 0.5 < 0.7 <= 0.5 + 0.3: tokens 0 and 1 remain, renormalized to 0.625 and 0.375.
        SamplerSettings s;
        s.seed = 9;
        s.topP = 0.7f;
        Sampler sampler(s);
        const std::vector<double> f = frequencies(sampler, logitsOf({0.5, 0.3, 0.2}), 20000);
        QCOMPARE(f[2], 0.0);
        QVERIFY2(std::abs(f[0] - 0.625) < 0.02, qPrintable(QString::number(f[0])));
    }

    void topKKeepsTheMostLikely()
    {
        SamplerSettings s;
        s.seed = 10;
        s.topK = 2;
        Sampler sampler(s);
        const std::vector<double> f = frequencies(sampler, logitsOf({0.2, 0.5, 0.3}), 20000);
        QCOMPARE(f[0], 0.0);
        QVERIFY2(std::abs(f[1] - 0.625) < 0.02, qPrintable(QString::number(f[1])));
    }

    void minPDropsTokensBelowAShareOfTheBest()
    {
        SamplerSettings s;
        s.seed = 11;
        s.minP = 0.5f; // keeps p >= 0.25
        Sampler sampler(s);
        const std::vector<double> f = frequencies(sampler, logitsOf({0.5, 0.3, 0.2}), 20000);
        QCOMPARE(f[2], 0.0);
        QVERIFY2(std::abs(f[0] - 0.625) < 0.02, qPrintable(QString::number(f[0])));

        s.minP = 0.7f; // keeps p >= 0.35: only the best
        Sampler strict(s);
        QCOMPARE(frequencies(strict, logitsOf({0.5, 0.3, 0.2}), 500)[0], 1.0);
    }

    void nucleusOverALargeVocabularyIsExact()
    {
        // 1000 tokens at weight 1 and 64536 at e^-5: total 1434.8, so top-p 0.5 needs 718 of the
        // equal tokens, taken by lowest id. This crosses the sampler's partial-sort widths.
        std::vector<float> logits(65536, 0.0f);
        for (int i = 0; i < 1000; ++i)
            logits[i] = 5.0f;
        SamplerSettings s;
        s.seed = 12;
        s.topP = 0.5f;
        Sampler sampler(s);
        int32_t highest = 0;
        for (int i = 0; i < 1000; ++i) {
            std::vector<float> row = logits;
            highest = std::max(highest, sampler.sample(row));
        }
        QCOMPARE(highest, 717); // draws from 0..717 only, and this seed reaches the last one
    }

    void nucleusMatchesAFullSortOnRandomRows()
    {
        // The sampler narrows top-p to the weight bands that reach the share before ordering
        // anything; a plain full sort of every token must pick the same ids, draw for draw.
        std::mt19937 gen(5);
        for (float topP : {0.1f, 0.3f, 0.7f, 0.95f}) {
            for (float temperature : {0.5f, 1.0f, 2.0f}) {
                SamplerSettings s;
                s.seed = 99;
                s.topP = topP;
                s.temperature = temperature;
                Sampler sampler(s);
                std::mt19937_64 draws(s.seed);
                for (int step = 0; step < 12; ++step) {
                    std::normal_distribution<float> spread(0.0f, 1.0f + float(step % 4));
                    std::vector<float> logits(65536);
                    for (float& l : logits)
                        l = spread(gen);
                    std::vector<float> row = logits;
                    const int32_t got = sampler.sample(row);
                    QCOMPARE(got, fullSortNucleus(logits, topP, temperature, draws));
                }
            }
        }
    }

private:
    // sample() for plain top-p, the obvious way: weights, one full sort, the cut, the draw.
    static int32_t fullSortNucleus(const std::vector<float>& logits, float topP, float temperature,
                                   std::mt19937_64& draws)
    {
        const float maxLogit = *std::max_element(logits.begin(), logits.end());
        const float invT = 1.0f / temperature;
        std::vector<std::pair<double, int32_t>> all;
        double total = 0.0;
        for (size_t i = 0; i < logits.size(); ++i) {
            const double w = std::exp((logits[i] - maxLogit) * invT);
            if (w > 0.0) {
                all.push_back({w, int32_t(i)});
                total += w;
            }
        }
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        const double target = double(topP) * total;
        double cumulative = 0.0;
        size_t keep = all.size();
        for (size_t i = 0; i < all.size(); ++i) {
            cumulative += all[i].first;
            if (cumulative >= target) {
                keep = i + 1;
                break;
            }
        }
        double kept = 0.0;
        for (size_t i = 0; i < keep; ++i)
            kept += all[i].first;
        const double u = double(draws() >> 11) * 0x1.0p-53 * kept;
        cumulative = 0.0;
        for (size_t i = 0; i < keep; ++i) {
            cumulative += all[i].first;
            if (u < cumulative)
                return all[i].second;
        }
        return all[keep - 1].second;
    }
};

QTEST_GUILESS_MAIN(SamplerTest)
#include "tst_sampler.moc"
