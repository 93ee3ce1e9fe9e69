// Training gradients of RWKV-7 against central finite differences, in double precision, on small
// random models with several heads and odd sizes: every kind of tensor (LoRA A and B of each
// target, layer norms, time_state, each full-model tensor including the low-rank w/a/v/g
// matrices), and the WKV-7 recurrence alone over several chunks with a carried state. The
// training forward pass is also checked against the inference engine's logits.
#include "model/model.h"
#include "model/random_checkpoint.h"
#include "train/v7_gradients.h"
#include "train/v7_weights.h"
#include "train/wkv7_backward.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace rwkv::train;

namespace {

struct Check {
    double worst = 0; // largest |analytic - numeric| / (1e-4 + |numeric|) seen
    std::string where;
    int checked = 0;
};

void record(Check& c, const std::string& name, double analytic, double numeric)
{
    const double err = std::abs(analytic - numeric) / (1e-4 + std::abs(numeric));
    ++c.checked;
    if (err > c.worst) {
        c.worst = err;
        c.where = name + ": analytic " + std::to_string(analytic) + ", numeric " + std::to_string(numeric);
    }
}

} // namespace

class TrainGradientsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // A 2-layer model, 3 heads of 8 (D 24), vocabulary 37, ffn 40; float32 so values are exact.
    std::string smallModel()
    {
        rwkv::RandomModelSpec spec;
        spec.arch = rwkv::Arch::V7;
        spec.layers = 2;
        spec.embd = 24;
        spec.headSize = 8;
        spec.vocab = 37;
        spec.ffnDim = 40;
        spec.dtype = rwkv::DType::F32;
        spec.seed = 11;
        const std::string path = dir_.filePath("small.safetensors").toStdString();
        rwkv::writeRandomModel(path, spec);
        return path;
    }

    static void randomize(Vec<double>& t, std::mt19937_64& rng, double scale)
    {
        std::normal_distribution<double> n(0.0, scale);
        for (double& x : t)
            x = n(rng);
    }

private slots:
    void trainingForwardMatchesTheInferenceEngine()
    {
        const std::string path = smallModel();
        auto model = rwkv::Model::load(path);
        const auto w = loadTrainWeights<double>(path);
        const std::vector<int32_t> tokens{3, 17, 0, 36, 5, 5, 21, 9, 30, 2, 14, 1, 7, 33, 12, 8, 25, 19, 4, 28};
        std::vector<int32_t> targets(tokens.begin() + 1, tokens.end());
        targets.push_back(rwkv::train::kNoTarget);
        // The same loss from the engine's logits.
        const int V = model->info().vocab;
        std::vector<float> logits(tokens.size() * size_t(V));
        rwkv::State state = model->newState();
        model->forward(state, tokens, rwkv::LogitsMode::All, logits);
        double expected = 0;
        for (size_t t = 0; t + 1 < tokens.size(); ++t) {
            const float* row = logits.data() + t * size_t(V);
            double sum = 0;
            const float top = *std::max_element(row, row + V);
            for (int v = 0; v < V; ++v)
                sum += std::exp(double(row[v]) - top);
            expected += std::log(sum) + top - row[targets[t]];
        }
        const LossSum loss = lossAndGradients(w, tokens, targets);
        QCOMPARE(loss.count, int(tokens.size()) - 1);
        qInfo("loss %.9f, engine %.9f", loss.sum, expected);
        QVERIFY2(std::abs(loss.sum - expected) < 1e-4 * std::abs(expected), qPrintable(QString::number(loss.sum - expected)));
    }

    void everyGradientMatchesFiniteDifferences()
    {
        auto w = loadTrainWeights<double>(smallModel());
        addLora(w, 3, 5.0, 7);
        addTimeState(w);
        std::mt19937_64 rng(5);
        // Non-zero B and time_state, so every gradient path carries signal.
        w.forEach([&](const std::string& name, Vec<double>& t, std::vector<int64_t>) {
            if (name.ends_with(".lora_B") || name.ends_with("time_state"))
                randomize(t, rng, 0.3);
        });
        // 21 tokens: two WKV chunks; targets with one ignored position.
        std::vector<int32_t> tokens(21), targets(21);
        std::uniform_int_distribution<int> id(0, w.vocab - 1);
        for (size_t i = 0; i < tokens.size(); ++i)
            tokens[i] = id(rng);
        for (size_t i = 0; i < tokens.size(); ++i)
            targets[i] = i + 1 < tokens.size() ? tokens[i + 1] : id(rng);
        targets[6] = kNoTarget;

        TrainWeights<double> g;
        g.shapeGradientsLike(w, [](const std::string&) { return true; });
        lossAndGradients(w, tokens, targets, &g, 1.0);

        std::vector<std::pair<std::string, const Vec<double>*>> gradients;
        g.forEach([&](const std::string& name, const Vec<double>& t, std::vector<int64_t>) { gradients.emplace_back(name, &t); });
        Check check;
        size_t index = 0;
        int tensors = 0;
        w.forEach([&](const std::string& name, Vec<double>& t, std::vector<int64_t>) {
            const Vec<double>& grad = *gradients[index++].second;
            if (t.empty())
                return;
            QCOMPARE(grad.size(), t.size());
            ++tensors;
            // The largest-gradient element and two random ones of every tensor.
            std::vector<size_t> picks{size_t(std::max_element(grad.begin(), grad.end(),
                                                               [](double a, double b) { return std::abs(a) < std::abs(b); }) -
                                             grad.begin())};
            std::uniform_int_distribution<size_t> at(0, t.size() - 1);
            picks.push_back(at(rng));
            picks.push_back(at(rng));
            for (size_t i : picks) {
                const double keep = t[i], h = 1e-5 * std::max(1.0, std::abs(keep));
                t[i] = keep + h;
                const double up = lossAndGradients(w, tokens, targets).sum;
                t[i] = keep - h;
                const double down = lossAndGradients(w, tokens, targets).sum;
                t[i] = keep;
                record(check, name + "[" + std::to_string(i) + "]", grad[i], (up - down) / (2 * h));
            }
        });
        qInfo("%d tensors, %d elements: worst relative error %.3g (%s)", tensors, check.checked, check.worst,
              check.where.c_str());
        QVERIFY(tensors > 60); // everything: 2 layers of ~36 tensors plus LoRA and states
        QVERIFY2(check.worst < 2e-5, check.where.c_str());
    }

    void loraDropoutGradientsMatchFiniteDifferencesForTheirMask()
    {
        auto w = loadTrainWeights<double>(smallModel());
        addLora(w, 3, 5.0, 7);
        std::mt19937_64 rng(9);
        w.forEach([&](const std::string& name, Vec<double>& t, std::vector<int64_t>) {
            if (name.ends_with(".lora_B"))
                randomize(t, rng, 0.3);
        });
        std::vector<int32_t> tokens(19), targets(19);
        std::uniform_int_distribution<int> id(0, w.vocab - 1);
        for (size_t i = 0; i < tokens.size(); ++i)
            tokens[i] = id(rng);
        for (size_t i = 0; i < tokens.size(); ++i)
            targets[i] = i + 1 < tokens.size() ? tokens[i + 1] : id(rng);
        const LoraDropout dropout{0.3, 1234};
        // The mask changes the loss; the same mask gives the same loss again.
        const double plain = lossAndGradients(w, tokens, targets).sum;
        const double dropped = lossAndGradients<double>(w, tokens, targets, nullptr, 1.0, dropout).sum;
        QVERIFY(std::abs(plain - dropped) > 1e-6);
        QCOMPARE(lossAndGradients<double>(w, tokens, targets, nullptr, 1.0, dropout).sum, dropped);

        auto wanted = [](const std::string& name) {
            return name.find(".lora_") != std::string::npos || name.ends_with("ln1.weight") || name.ends_with(".x_k");
        };
        TrainWeights<double> g;
        g.shapeGradientsLike(w, wanted);
        lossAndGradients(w, tokens, targets, &g, 1.0, dropout);
        std::vector<const Vec<double>*> grads;
        g.forEach([&](const std::string&, const Vec<double>& t, std::vector<int64_t>) { grads.push_back(&t); });
        Check check;
        size_t index = 0;
        w.forEach([&](const std::string& name, Vec<double>& t, std::vector<int64_t>) {
            const Vec<double>& grad = *grads[index++];
            if (t.empty() || !wanted(name))
                return;
            std::uniform_int_distribution<size_t> at(0, t.size() - 1);
            for (int n = 0; n < 3; ++n) {
                const size_t i = at(rng);
                const double keep = t[i], h = 1e-5 * std::max(1.0, std::abs(keep));
                t[i] = keep + h;
                const double up = lossAndGradients<double>(w, tokens, targets, nullptr, 1.0, dropout).sum;
                t[i] = keep - h;
                const double down = lossAndGradients<double>(w, tokens, targets, nullptr, 1.0, dropout).sum;
                t[i] = keep;
                record(check, name + "[" + std::to_string(i) + "]", grad[i], (up - down) / (2 * h));
            }
        });
        qInfo("LoRA dropout 0.3: %d elements, worst relative error %.3g (%s)", check.checked, check.worst,
              check.where.c_str());
        QVERIFY(check.checked >= 60);
        QVERIFY2(check.worst < 2e-5, check.where.c_str());
    }

    void loraDropoutDropsItsShareAndScalesTheRest()
    {
        const LoraDropout d{0.2, 77};
        int zero = 0, n = 0;
        for (int t = 0; t < 200; ++t)
            for (int i = 0; i < 500; ++i, ++n) {
                const double f = d.factor(3, 1, t, i);
                QVERIFY(f == 0.0 || std::abs(f - 1.25) < 1e-12);
                zero += f == 0.0;
            }
        QVERIFY2(std::abs(double(zero) / n - 0.2) < 0.01, qPrintable(QString::number(double(zero) / n)));
        // Another seed, layer or matrix draws another mask.
        int differs[3] = {};
        for (int i = 0; i < 1000; ++i) {
            differs[0] += LoraDropout{0.2, 78}.factor(3, 1, 0, i) != d.factor(3, 1, 0, i);
            differs[1] += d.factor(4, 1, 0, i) != d.factor(3, 1, 0, i);
            differs[2] += d.factor(3, 2, 0, i) != d.factor(3, 1, 0, i);
        }
        for (int k : differs)
            QVERIFY2(k > 200, qPrintable(QString::number(k)));
    }

    void wkvBackwardOverSeveralChunksWithACarriedState()
    {
        const int T = 37, H = 2, N = 5, D = H * N; // three chunks, the last one partial
        std::mt19937_64 rng(3);
        std::uniform_real_distribution<double> u(-1, 1), decay(0.3, 0.99);
        std::vector<double> r(size_t(T) * D), w(r.size()), k(r.size()), v(r.size()), a(r.size()), b(r.size());
        std::vector<double> S0(size_t(H) * N * N), c(r.size());
        for (auto* t : {&r, &k, &v, &S0, &c})
            for (double& x : *t)
                x = u(rng);
        for (double& x : w)
            x = decay(rng);
        // a = -kk and b = kk·rate as the model makes them: keeps the recurrence stable.
        for (int t = 0; t < T; ++t)
            for (int h = 0; h < H; ++h) {
                double norm = 0;
                std::vector<double> kk(static_cast<size_t>(N));
                for (double& x : kk) {
                    x = u(rng);
                    norm += x * x;
                }
                for (int j = 0; j < N; ++j) {
                    const size_t i = size_t(t) * D + size_t(h) * N + j;
                    a[i] = -kk[j] / std::sqrt(norm);
                    b[i] = -a[i] * (0.5 + 0.5 * u(rng));
                }
            }
        auto loss = [&] {
            std::vector<double> y(r.size()), cp;
            wkv7Forward(Wkv7Inputs<double>{r.data(), w.data(), k.data(), v.data(), a.data(), b.data(), T, H, N}, S0.data(),
                        y.data(), cp);
            double s = 0;
            for (size_t i = 0; i < y.size(); ++i)
                s += c[i] * y[i];
            return s;
        };
        std::vector<double> y(r.size()), cp;
        const Wkv7Inputs<double> in{r.data(), w.data(), k.data(), v.data(), a.data(), b.data(), T, H, N};
        wkv7Forward(in, S0.data(), y.data(), cp);
        QCOMPARE(cp.size(), size_t(3) * H * N * N);
        std::vector<double> dr(r.size()), dw(r.size()), dk(r.size()), dv(r.size()), da(r.size()), db(r.size()),
            dS0(S0.size());
        wkv7Backward(in, cp, c.data(), dr.data(), dw.data(), dk.data(), dv.data(), da.data(), db.data(), dS0.data());
        Check check;
        const std::pair<const char*, std::pair<std::vector<double>*, std::vector<double>*>> all[] = {
            {"r", {&r, &dr}}, {"w", {&w, &dw}}, {"k", {&k, &dk}}, {"v", {&v, &dv}},
            {"a", {&a, &da}}, {"b", {&b, &db}}, {"S0", {&S0, &dS0}}};
        for (const auto& [name, pair] : all) {
            auto& [x, dx] = pair;
            for (size_t i = 0; i < x->size(); i += 3) { // the first, middle and last chunks
                const double keep = (*x)[i], h = 1e-6;
                (*x)[i] = keep + h;
                const double up = loss();
                (*x)[i] = keep - h;
                const double down = loss();
                (*x)[i] = keep;
                record(check, std::string(name) + "[" + std::to_string(i) + "]", (*dx)[i], (up - down) / (2 * h));
            }
        }
        qInfo("WKV-7: %d elements, worst relative error %.3g (%s)", check.checked, check.worst, check.where.c_str());
        QVERIFY2(check.worst < 2e-5, check.where.c_str());
    }
};

QTEST_GUILESS_MAIN(TrainGradientsTest)
#include "tst_train_gradients.moc"
