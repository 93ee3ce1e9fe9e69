// Would saved states survive being stored as 16-bit floats (half the bytes)? For a trained tiny
// model and random full-width models, a state after a prompt is rounded to bf16 and to f16, and the
// continuation from it is compared with the continuation from the exact float32 state: the logit
// error of the next step and how many of 256 greedy tokens agree. The numbers decide whether the
// store keeps states as float32 (it does: see the assertions and the closing note of the saved
// states work); this test keeps them measured.
#include "fixtures.h"

#include "model/model.h"
#include "model/random_checkpoint.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace {

float roundToBf16(float x)
{
    uint32_t u = std::bit_cast<uint32_t>(x);
    u += 0x7fff + ((u >> 16) & 1); // nearest, ties to even
    return std::bit_cast<float>(u & 0xffff0000u);
}

float roundToF16(float x)
{
    return float(_Float16(x));
}

struct Continuation {
    std::vector<float> firstLogits;
    std::vector<int32_t> tokens;
};

Continuation greedy(const rwkv::Model& model, rwkv::State state, int32_t first, int count)
{
    Continuation c;
    int32_t token = first;
    for (int i = 0; i < count; ++i) {
        std::vector<float> logits = model.step(state, token);
        if (i == 0)
            c.firstLogits = logits;
        token = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
        c.tokens.push_back(token);
    }
    return c;
}

struct Comparison {
    double maxLogitError = 0;
    int agreeingPrefix = 0; // greedy tokens equal before the first difference
};

Comparison compare(const Continuation& exact, const Continuation& rounded)
{
    Comparison r;
    for (size_t i = 0; i < exact.firstLogits.size(); ++i)
        r.maxLogitError = std::max(r.maxLogitError, double(std::fabs(exact.firstLogits[i] - rounded.firstLogits[i])));
    while (r.agreeingPrefix < int(exact.tokens.size()) && exact.tokens[r.agreeingPrefix] == rounded.tokens[r.agreeingPrefix])
        ++r.agreeingPrefix;
    return r;
}

rwkv::State rounded(const rwkv::State& state, float (*round)(float))
{
    rwkv::State copy = state;
    for (float& v : copy.all())
        v = round(v);
    return copy;
}

} // namespace

class StatePrecisionTest : public QObject {
    Q_OBJECT

    void measure(const rwkv::Model& model, const std::vector<int32_t>& prompt, const char* name,
                 Comparison* bf16Out, Comparison* f16Out)
    {
        rwkv::State state = model.newState();
        model.prefill(state, std::span(prompt).first(prompt.size() - 1));
        constexpr int kTokens = 256;
        const Continuation exact = greedy(model, state, prompt.back(), kTokens);
        const Continuation again = greedy(model, state, prompt.back(), kTokens);
        QCOMPARE(compare(exact, again).agreeingPrefix, kTokens); // float32 resumes bit-exact
        const Comparison bf16 = compare(exact, greedy(model, rounded(state, roundToBf16), prompt.back(), kTokens));
        const Comparison f16 = compare(exact, greedy(model, rounded(state, roundToF16), prompt.back(), kTokens));
        qInfo("%s: bf16 state: next-logit error %.2e, %d of %d greedy tokens agree; f16 state: %.2e, %d of %d",
              name, bf16.maxLogitError, bf16.agreeingPrefix, kTokens, f16.maxLogitError, f16.agreeingPrefix, kTokens);
        *bf16Out = bf16;
        *f16Out = f16;
    }

private slots:
    void trainedTinyModel()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        auto model = rwkv::Model::load(rwkvtest::fixture("models/tiny-rwkv-7v0-834K.safetensors").toStdString());
        const std::string text = "Once upon a time there was a little fox who lived at the edge of a great forest. "
                                 "Every morning the fox went down to the river to drink, and every evening it came "
                                 "back up the hill to watch the sun go down behind the trees.";
        std::vector<int32_t> prompt(text.begin(), text.end());
        Comparison bf16, f16;
        measure(*model, prompt, "tiny-rwkv-7v0-834K", &bf16, &f16);
        // f16 keeps 11 bits of mantissa, bf16 8: the f16 state is the closer of the two.
        QVERIFY(f16.maxLogitError <= bf16.maxLogitError);
        QVERIFY(bf16.maxLogitError > 0);
    }

    void randomFullWidthModel()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rand-L6-D768.safetensors").toStdString();
        rwkv::RandomModelSpec spec;
        spec.layers = 6;
        spec.embd = 768;
        spec.vocab = 4096; // the vocabulary does not touch the state; small keeps the test quick
        rwkv::writeRandomModel(path, spec);
        auto model = rwkv::Model::load(path);
        std::vector<int32_t> prompt;
        for (int i = 0; i < 200; ++i)
            prompt.push_back(int32_t((i * 2654435761u) % 4096));
        Comparison bf16, f16;
        measure(*model, prompt, "random L6/D768", &bf16, &f16);
        QVERIFY(f16.maxLogitError <= bf16.maxLogitError);
    }
};

QTEST_GUILESS_MAIN(StatePrecisionTest)
#include "tst_state_precision.moc"
