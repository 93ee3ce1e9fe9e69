// A state-tuning file used as the initial state and a RWKV-PEFT LoRA merged at load give the
// logits the official package gives with the same adapters (fixtures/adapters).
#include "fixtures.h"
#include "reference_data.h"

#include "core/error.h"
#include "model/model.h"

#include <QtTest>

using namespace rwkvtest;

class AdaptersTest : public QObject {
    Q_OBJECT

    static std::vector<float> runPrompt(const rwkv::Model& model, const std::vector<int32_t>& tokens)
    {
        const size_t V = size_t(model.info().vocab);
        std::vector<float> logits(tokens.size() * V);
        rwkv::State state = model.newState();
        model.forward(state, tokens, rwkv::LogitsMode::All, logits);
        return logits;
    }

private slots:
    void stateTuneFileMatchesReference()
    {
        RWKV_REQUIRE_FIXTURE("adapters/rand-rwkv7-L3-D128-V300.adapters.json");
        QJsonObject spec = readJson(fixture("adapters/rand-rwkv7-L3-D128-V300.adapters.json"));
        std::vector<int32_t> tokens = intArray(spec["tokens"]);
        QJsonObject tune = spec["state_tune"].toObject();
        rwkv::LoadOptions options;
        options.stateTunePath = fixture("adapters/" + tune["file"].toString()).toStdString();
        auto model = rwkv::Model::load(fixture("models/rand-rwkv7-L3-D128-V300.pth").toStdString(), options);
        std::vector<float> logits = runPrompt(*model, tokens);
        std::vector<float> ref = readFloats(fixture("adapters/" + tune["logits"].toString()));
        QCOMPARE(logits.size(), ref.size());
        ErrorStats err = compare(logits.data(), ref.data(), ref.size());
        qInfo("state-tune: max |dlogit| %.3g, mean %.3g", err.max, err.mean);
        QVERIFY2(err.max <= 2e-3, qPrintable(QString::number(err.max)));

        // Without the file the logits differ: the test would notice an ignored state.
        auto plain = rwkv::Model::load(fixture("models/rand-rwkv7-L3-D128-V300.pth").toStdString());
        std::vector<float> plainLogits = runPrompt(*plain, tokens);
        QVERIFY(compare(plainLogits.data(), ref.data(), ref.size()).max > 1e-2);
    }

    void loraMergeMatchesReference()
    {
        RWKV_REQUIRE_FIXTURE("adapters/rand-rwkv7-L3-D128-V300.adapters.json");
        QJsonObject spec = readJson(fixture("adapters/rand-rwkv7-L3-D128-V300.adapters.json"));
        std::vector<int32_t> tokens = intArray(spec["tokens"]);
        QJsonObject lora = spec["lora"].toObject();
        rwkv::LoadOptions options;
        options.loraPath = fixture("adapters/" + lora["file"].toString()).toStdString();
        options.loraAlpha = float(lora["alpha"].toDouble());
        auto model = rwkv::Model::load(fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString(), options);
        std::vector<float> logits = runPrompt(*model, tokens);
        std::vector<float> ref = readFloats(fixture("adapters/" + lora["logits"].toString()));
        QCOMPARE(logits.size(), ref.size());
        ErrorStats err = compare(logits.data(), ref.data(), ref.size());
        qInfo("lora: max |dlogit| %.3g, mean %.3g", err.max, err.mean);
        QVERIFY2(err.max <= 2e-3, qPrintable(QString::number(err.max)));

        auto plain = rwkv::Model::load(fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString());
        QVERIFY(plain->info().fingerprint != model->info().fingerprint);
    }

    void loraWithoutAlphaIsRefused()
    {
        RWKV_REQUIRE_FIXTURE("adapters/rand-rwkv7-L3-D128-V300.lora-r8-a16.pth");
        rwkv::LoadOptions options;
        options.loraPath = fixture("adapters/rand-rwkv7-L3-D128-V300.lora-r8-a16.pth").toStdString();
        try {
            rwkv::Model::load(fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString(), options);
            QFAIL("loaded a LoRA without alpha");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::InvalidArgument);
            QVERIFY(QString(e.what()).contains("alpha"));
        }
    }

    void adaptersForAnotherModelAreRefused()
    {
        RWKV_REQUIRE_FIXTURE("adapters/rand-rwkv7-L3-D128-V300.lora-r8-a16.pth");
        const std::string other = fixture("models/tiny-rwkv-7v0-834K.safetensors").toStdString();
        rwkv::LoadOptions lora;
        lora.loraPath = fixture("adapters/rand-rwkv7-L3-D128-V300.lora-r8-a16.pth").toStdString();
        lora.loraAlpha = 16;
        try {
            rwkv::Model::load(other, lora);
            QFAIL("a LoRA for another model was merged");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Mismatch);
            QVERIFY2(QString(e.what()).contains("another model"), e.what());
        }
        rwkv::LoadOptions tune;
        tune.stateTunePath = fixture("adapters/rand-rwkv7-L3-D128-V300.state-tune.pth").toStdString();
        try {
            rwkv::Model::load(other, tune);
            QFAIL("a state-tuning file for another model was applied");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Mismatch);
        }
    }
};

QTEST_GUILESS_MAIN(AdaptersTest)
#include "tst_adapters.moc"
