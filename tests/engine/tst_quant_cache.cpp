// The quantized-weights cache: a second load in the same format maps the cached copy (same
// results, file present), and a changed model or damaged cache is never used.
#include "model/model.h"
#include "model/quant_cache.h"
#include "model/random_checkpoint.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

class QuantCacheTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::vector<float> logitsOf(const std::string& path, rwkv::WeightFormat format)
    {
        rwkv::LoadOptions options;
        options.weights = format;
        options.useWeightCache = true;
        auto model = rwkv::Model::load(path, options);
        rwkv::State state = model->newState();
        return model->prefill(state, std::vector<int32_t>{1, 2, 3, 4});
    }

private slots:
    void secondLoadUsesTheCacheWithIdenticalResults()
    {
        rwkv::RandomModelSpec spec;
        spec.layers = 2;
        spec.embd = 128;
        spec.vocab = 500;
        const std::string path = dir_.filePath("m.safetensors").toStdString();
        rwkv::writeRandomModel(path, spec);
        for (auto format : {rwkv::WeightFormat::Q8, rwkv::WeightFormat::Q4, rwkv::WeightFormat::F16}) {
            const std::string cachePath = rwkv::QuantCache::pathFor(path, format);
            QVERIFY(!QFile::exists(QString::fromStdString(cachePath)));
            std::vector<float> first = logitsOf(path, format);
            QVERIFY(QFile::exists(QString::fromStdString(cachePath)));
            rwkv::QuantCache cache(path, format);
            QVERIFY(cache.valid());
            QVERIFY(cache.find("blocks.0.att.key.weight", 128, 128, format).has_value());
            std::vector<float> second = logitsOf(path, format);
            QCOMPARE(second, first);
        }
    }

    void changedModelMakesTheCacheStale()
    {
        rwkv::RandomModelSpec spec;
        spec.layers = 1;
        spec.embd = 64;
        spec.vocab = 300;
        const std::string path = dir_.filePath("n.safetensors").toStdString();
        rwkv::writeRandomModel(path, spec);
        std::vector<float> before = logitsOf(path, rwkv::WeightFormat::Q8);
        QVERIFY(rwkv::QuantCache(path, rwkv::WeightFormat::Q8).valid());
        const auto written = std::filesystem::last_write_time(path);
        spec.seed = 99; // same shapes, other weights: a stale cache would give the old logits
        rwkv::writeRandomModel(path, spec);
        // Rewritten within one tick of the file system's clock the time could stay the same;
        // an editor or a download always leaves a later one.
        std::filesystem::last_write_time(path, written + std::chrono::seconds(1));
        QVERIFY(!rwkv::QuantCache(path, rwkv::WeightFormat::Q8).valid());
        std::vector<float> after = logitsOf(path, rwkv::WeightFormat::Q8);
        QVERIFY(after != before);
        QVERIFY(rwkv::QuantCache(path, rwkv::WeightFormat::Q8).valid()); // rebuilt
    }

    void damagedCacheIsIgnored()
    {
        rwkv::RandomModelSpec spec;
        spec.layers = 1;
        spec.embd = 64;
        spec.vocab = 300;
        const std::string path = dir_.filePath("d.safetensors").toStdString();
        rwkv::writeRandomModel(path, spec);
        std::vector<float> good = logitsOf(path, rwkv::WeightFormat::Q4);
        const QString cachePath = QString::fromStdString(rwkv::QuantCache::pathFor(path, rwkv::WeightFormat::Q4));
        QFile f(cachePath);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 3); // truncated
        f.close();
        QVERIFY(!rwkv::QuantCache(path, rwkv::WeightFormat::Q4).valid());
        QCOMPARE(logitsOf(path, rwkv::WeightFormat::Q4), good);
    }
};

QTEST_GUILESS_MAIN(QuantCacheTest)
#include "tst_quant_cache.moc"
