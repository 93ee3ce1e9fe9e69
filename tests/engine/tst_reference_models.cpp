// Every fixture model, in both file formats and both modes, computes what the official package
// computes: logits within 2e-3 at every position, the same 48-token greedy continuation, and the
// state after the prompt within 1e-3.
#include "fixtures.h"
#include "reference_data.h"

#include "core/error.h"
#include "model/model.h"

#include <QtTest>

using namespace rwkvtest;

class ReferenceModelsTest : public QObject {
    Q_OBJECT

private:
    static int argmax(const std::vector<float>& v)
    {
        return int(std::max_element(v.begin(), v.end()) - v.begin());
    }

private slots:
    void matchesOfficialPackage_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("extension");
        QTest::addColumn<bool>("sequence");
        QJsonObject index = readJson(fixture("reference/index.json"));
        if (index.isEmpty()) {
            QTest::newRow("fixtures-missing") << QString() << QString() << false;
            return;
        }
        for (const QString& name : index.keys())
            for (const char* ext : {".pth", ".safetensors"})
                for (bool sequence : {false, true})
                    QTest::newRow(qPrintable(name + ext + (sequence ? " sequence" : " serial")))
                        << name << QString(ext) << sequence;
    }

    void matchesOfficialPackage()
    {
        RWKV_REQUIRE_FIXTURE("reference/index.json");
        QFETCH(QString, name);
        QFETCH(QString, extension);
        QFETCH(bool, sequence);
        const QString modelPath = fixture("models/" + name + extension);
        if (!QFileInfo::exists(modelPath)) {
            if (underCi())
                QFAIL(qPrintable("missing " + modelPath));
            QSKIP("model file absent");
        }
        ReferenceRun ref = readReference(fixture("reference"), name);
        QVERIFY(!ref.tokens.empty());

        auto model = rwkv::Model::load(modelPath.toStdString());
        const size_t V = size_t(model->info().vocab);
        QCOMPARE(int(V), ref.vocab);
        const size_t T = ref.tokens.size();
        QCOMPARE(ref.logits.size(), T * V);

        rwkv::State state = model->newState();
        std::vector<float> logits(T * V);
        if (sequence) {
            model->forward(state, ref.tokens, rwkv::LogitsMode::All, logits);
        } else {
            for (size_t t = 0; t < T; ++t)
                model->forward(state, std::span<const int32_t>(&ref.tokens[t], 1), rwkv::LogitsMode::Last,
                               std::span<float>(logits.data() + t * V, V));
        }
        ErrorStats err = compare(logits.data(), ref.logits.data(), logits.size());
        qInfo("%s%s %s: max |dlogit| %.3g, mean %.3g", qPrintable(name), qPrintable(extension),
              sequence ? "sequence" : "serial", err.max, err.mean);
        QVERIFY2(err.max <= 2e-3, qPrintable(QString("max logit error %1").arg(err.max)));

        QCOMPARE(state.all().size(), ref.state.size());
        ErrorStats stateErr = compare(state.all().data(), ref.state.data(), ref.state.size());
        QVERIFY2(stateErr.max <= 1e-3, qPrintable(QString("max state error %1").arg(stateErr.max)));

        std::vector<float> last(logits.end() - std::ptrdiff_t(V), logits.end());
        std::vector<int32_t> greedy;
        for (size_t i = 0; i < ref.greedy.size(); ++i) {
            int32_t next = argmax(last);
            greedy.push_back(next);
            last = model->step(state, next);
        }
        QCOMPARE(greedy, ref.greedy);
    }

    void sequenceModeEqualsSerialMode()
    {
        RWKV_REQUIRE_FIXTURE("models/rand-rwkv7-L3-D128-V300.safetensors");
        auto model = rwkv::Model::load(fixture("models/rand-rwkv7-L3-D128-V300.safetensors").toStdString());
        // Longer than one internal chunk, so chunk boundaries are crossed too.
        std::vector<int32_t> tokens;
        for (int i = 0; i < 300; ++i)
            tokens.push_back((i * 37 + 11) % 300);
        rwkv::State a = model->newState(), b = model->newState();
        std::vector<float> seq = model->prefill(a, tokens);
        std::vector<float> ser;
        for (int32_t t : tokens)
            ser = model->step(b, t);
        ErrorStats err = compare(seq.data(), ser.data(), seq.size());
        QVERIFY2(err.max <= 1e-5, qPrintable(QString("sequence vs serial %1").arg(err.max)));
        ErrorStats stateErr = compare(a.all().data(), b.all().data(), a.all().size());
        QVERIFY(stateErr.max <= 1e-5);
    }
};

QTEST_GUILESS_MAIN(ReferenceModelsTest)
#include "tst_reference_models.moc"
