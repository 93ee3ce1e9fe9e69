// Model::load reads every dimension from shapes, accepts both file formats of every version, and
// refuses what it cannot run (unknown variants, missing tensors, wrong shapes) with a sentence.
#include "fixtures.h"

#include "core/error.h"
#include "formats/checkpoint_writer.h"
#include "formats/tensor_file.h"
#include "model/model.h"
#include "model/random_checkpoint.h"

#include <QTemporaryDir>
#include <QtTest>

class ModelLoadingTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::string path(const char* name) { return dir_.filePath(name).toStdString(); }

    // Rewrites `src` to `dst` with `edit` applied to its list of tensors.
    void rewrite(const std::string& src, const std::string& dst,
                 const std::function<void(std::vector<rwkv::TensorView>&)>& edit)
    {
        auto file = rwkv::TensorFile::open(src);
        std::vector<rwkv::TensorView> tensors = file->tensors();
        edit(tensors);
        rwkv::writeSafetensors(dst, tensors);
    }

    QString loadError(const std::string& p, rwkv::ErrorCode expected)
    {
        try {
            rwkv::Model::load(p);
        } catch (const rwkv::Error& e) {
            if (e.code() != expected)
                return QString("wrong code %1: %2").arg(rwkv::errorCodeName(e.code())).arg(e.what());
            return QString::fromStdString(e.what());
        }
        return "loaded";
    }

private slots:
    void randomModelsOfEveryVersionRunInBothFormats_data()
    {
        QTest::addColumn<int>("arch");
        QTest::newRow("v4") << int(rwkv::Arch::V4);
        QTest::newRow("v5.2") << int(rwkv::Arch::V5_2);
        QTest::newRow("v6") << int(rwkv::Arch::V6);
        QTest::newRow("v7") << int(rwkv::Arch::V7);
    }

    void randomModelsOfEveryVersionRunInBothFormats()
    {
        QFETCH(int, arch);
        rwkv::RandomModelSpec spec;
        spec.arch = rwkv::Arch(arch);
        spec.layers = 2;
        spec.embd = 128;
        spec.vocab = 1000;
        spec.seed = 7;
        writeRandomModel(path("r.pth"), spec);
        writeRandomModel(path("r.safetensors"), spec);
        auto a = rwkv::Model::load(path("r.pth"));
        auto b = rwkv::Model::load(path("r.safetensors"));
        QCOMPARE(int(a->info().arch), arch);
        QCOMPARE(a->info().layers, 2);
        QCOMPARE(a->info().embd, 128);
        QCOMPARE(a->info().vocab, 1000);
        QCOMPARE(a->info().fingerprint, b->info().fingerprint);
        std::vector<int32_t> tokens = {1, 500, 999, 3, 42};
        rwkv::State sa = a->newState(), sb = b->newState();
        std::vector<float> la = a->prefill(sa, tokens);
        std::vector<float> lb;
        for (int32_t t : tokens)
            lb = b->step(sb, t);
        for (size_t i = 0; i < la.size(); ++i)
            QVERIFY(std::abs(la[i] - lb[i]) <= 1e-4f);
        // Realistic scales: logits are finite and not all equal.
        float lo = *std::min_element(la.begin(), la.end()), hi = *std::max_element(la.begin(), la.end());
        QVERIFY(std::isfinite(lo) && std::isfinite(hi) && hi - lo > 0.1f);
    }

    void sameSeedGivesTheSameFile()
    {
        rwkv::RandomModelSpec spec;
        spec.layers = 1;
        spec.embd = 64;
        spec.vocab = 300;
        writeRandomModel(path("s1.safetensors"), spec);
        writeRandomModel(path("s2.safetensors"), spec);
        spec.seed = 2;
        writeRandomModel(path("s3.safetensors"), spec);
        auto f1 = rwkv::Model::load(path("s1.safetensors"))->info().fingerprint;
        QCOMPARE(rwkv::Model::load(path("s2.safetensors"))->info().fingerprint, f1);
        QVERIFY(rwkv::Model::load(path("s3.safetensors"))->info().fingerprint != f1);
    }

    void deepEmbedVariantIsNamedAndRefused()
    {
        RWKV_REQUIRE_FIXTURE("models/rand-rwkv7-L3-D128-V300.safetensors");
        std::vector<float> zeros(300 * 128, 0.0f);
        rewrite(rwkvtest::fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString(), path("7a.safetensors"),
                [&](auto& tensors) {
                    rwkv::TensorView t;
                    t.name = "blocks.0.ffn.s_emb.weight";
                    t.dtype = rwkv::DType::F32;
                    t.shape = {300, 128};
                    t.data = reinterpret_cast<const std::byte*>(zeros.data());
                    tensors.push_back(t);
                });
        QString message = loadError(path("7a.safetensors"), rwkv::ErrorCode::Unsupported);
        QVERIFY2(message.contains("DeepEmbed"), qPrintable(message));
    }

    void unknownTensorsAreRefused()
    {
        RWKV_REQUIRE_FIXTURE("models/rand-rwkv7-L3-D128-V300.safetensors");
        std::vector<float> zeros(128, 0.0f);
        rewrite(rwkvtest::fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString(), path("7x.safetensors"),
                [&](auto& tensors) {
                    rwkv::TensorView t;
                    t.name = "blocks.1.att.mystery";
                    t.dtype = rwkv::DType::F32;
                    t.shape = {128};
                    t.data = reinterpret_cast<const std::byte*>(zeros.data());
                    tensors.push_back(t);
                });
        QString message = loadError(path("7x.safetensors"), rwkv::ErrorCode::Unsupported);
        QVERIFY2(message.contains("blocks.1.att.mystery") && message.contains("variant"), qPrintable(message));
    }

    void missingTensorIsNamed()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-6v0-1m.safetensors");
        rewrite(rwkvtest::fixture("models/tiny-rwkv-6v0-1m.safetensors").toStdString(), path("missing.safetensors"),
                [](auto& tensors) {
                    std::erase_if(tensors, [](const rwkv::TensorView& t) { return t.name == "blocks.3.att.gate.weight"; });
                });
        QString message = loadError(path("missing.safetensors"), rwkv::ErrorCode::Unsupported);
        QVERIFY2(message.contains("blocks.3.att.gate.weight"), qPrintable(message));
    }

    void wrongShapeIsNamed()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-4v0-660K.safetensors");
        rewrite(rwkvtest::fixture("models/tiny-rwkv-4v0-660K.safetensors").toStdString(), path("shape.safetensors"),
                [](auto& tensors) {
                    for (auto& t : tensors)
                        if (t.name == "blocks.2.att.key.weight")
                            t.shape = {64, 256}; // same element count, wrong orientation
                });
        QString message = loadError(path("shape.safetensors"), rwkv::ErrorCode::Mismatch);
        QVERIFY2(message.contains("blocks.2.att.key.weight") && message.contains("[64, 256]"), qPrintable(message));
    }

    void notAnRwkvCheckpointIsRefused()
    {
        std::vector<float> w(16, 1.0f);
        rwkv::TensorView t;
        t.name = "model.layers.0.weight";
        t.dtype = rwkv::DType::F32;
        t.shape = {4, 4};
        t.data = reinterpret_cast<const std::byte*>(w.data());
        rwkv::writeSafetensors(path("llama.safetensors"), std::vector<rwkv::TensorView>{t});
        QString message = loadError(path("llama.safetensors"), rwkv::ErrorCode::Unsupported);
        QVERIFY2(message.contains("emb.weight"), qPrintable(message));
    }

    void loadReportsProgressAndCanBeCancelled()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.pth");
        std::vector<float> seen;
        rwkv::LoadOptions options;
        options.progress = [&](float f) {
            seen.push_back(f);
            return true;
        };
        rwkv::Model::load(rwkvtest::fixture("models/tiny-rwkv-7v0-834K.pth").toStdString(), options);
        QVERIFY(seen.size() > 10);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0f);
        options.progress = [](float f) { return f < 0.5f; };
        try {
            rwkv::Model::load(rwkvtest::fixture("models/tiny-rwkv-7v0-834K.pth").toStdString(), options);
            QFAIL("load ignored cancel");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(ModelLoadingTest)
#include "tst_model_loading.moc"
