// rwkv-cli with the Vulkan backend: `devices` lists what `--backend vulkan:N` takes, `generate
// --batch N` decodes several completions at once exactly as N single runs would, `bench` reports
// the backend and the GPU memory, and a device that cannot be used leaves a sentence on stderr.
#include "vulkan_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace rwkvtest;

namespace {
const char* kModel = "models/tiny-rwkv-7v0-834K.safetensors";

struct Run {
    int code = -1;
    QByteArray out, err;
};

Run cli(const QStringList& args, const QString& loader = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RWKV_VULKAN_VALIDATION", "1");
    if (!loader.isEmpty())
        env.insert("RWKV_VULKAN_LOADER", loader);
    p.setProcessEnvironment(env);
    p.start(binDir() + "/rwkv-cli", args);
    p.waitForFinished(600000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}
} // namespace

class VulkanCliTest : public QObject {
    Q_OBJECT

private slots:
    void devicesListsIndexNameTypeMemoryDriver()
    {
        RWKV_REQUIRE_VULKAN();
        Run r = cli({"devices"});
        QCOMPARE(r.code, 0);
        QJsonArray devices = QJsonDocument::fromJson(r.out).object()["devices"].toArray();
        QVERIFY(!devices.isEmpty());
        QJsonObject first = devices.first().toObject();
        QCOMPARE(first["index"].toInt(), 0);
        QVERIFY(!first["name"].toString().isEmpty());
        QVERIFY(QStringList({"discrete", "integrated", "virtual", "cpu", "other"}).contains(first["type"].toString()));
        QVERIFY(first["memory_mb"].toDouble() > 0);
        QVERIFY(!first["driver"].toString().isEmpty());
    }

    void batchedGenerateEqualsSingleRuns()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        const QStringList common = {"generate", fixture(kModel), "--prompt", "The cat", "--max-tokens", "12",
                                    "--backend", "vulkan", "--gpu-weights", "f32", "--top-p", "0.9"};
        Run batch = cli(common + QStringList{"--batch", "3", "--seed", "40"});
        QVERIFY2(batch.code == 0, batch.err.constData());
        QVERIFY2(!batch.err.contains("vulkan validation"), batch.err.constData());
        QJsonObject j = QJsonDocument::fromJson(batch.out).object();
        QVERIFY(j["backend"].toString().startsWith("vulkan: "));
        QJsonArray completions = j["completions"].toArray();
        QCOMPARE(completions.size(), 3);
        QSet<QString> distinct;
        for (int i = 0; i < 3; ++i) {
            Run single = cli(common + QStringList{"--seed", QString::number(40 + i)});
            QCOMPARE(single.code, 0);
            QJsonObject c = completions[i].toObject();
            QCOMPARE(c["tokens"].toArray().size(), 12);
            QString text = QString::fromUtf8(single.out);
            text.chop(1); // the newline generate ends with
            QCOMPARE(c["text"].toString(), text);
            distinct.insert(text);
        }
        QVERIFY(distinct.size() > 1); // the seeds differ, so do the completions
    }

    void greedyBatchEqualsGreedySingleRun()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        // Greedy: the ids are chosen on the GPU (Model::forwardBatchSample).
        const QStringList common = {"generate", fixture(kModel), "--prompt", "In the morning", "--max-tokens", "16",
                                    "--backend", "vulkan", "--gpu-weights", "f32", "--temperature", "0",
                                    "--frequency", "0"};
        Run batch = cli(common + QStringList{"--batch", "2"});
        QVERIFY2(batch.code == 0, batch.err.constData());
        Run single = cli(common);
        QCOMPARE(single.code, 0);
        QString text = QString::fromUtf8(single.out);
        text.chop(1);
        QJsonArray completions = QJsonDocument::fromJson(batch.out).object()["completions"].toArray();
        QCOMPARE(completions.size(), 2);
        for (const QJsonValue& c : completions)
            QCOMPARE(c.toObject()["text"].toString(), text);
    }

    void benchReportsBackendAndGpuMemory()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        Run r = cli({"bench", fixture(kModel), "--backend", "vulkan", "--prefill", "16", "--decode", "4"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(!r.err.contains("vulkan validation"), r.err.constData());
        QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QVERIFY(j["backend"].toString().startsWith("vulkan: "));
        QCOMPARE(j["weights"].toString(), QString("f16"));
        QVERIFY(j["gpu_memory_mb"].toDouble() > 0);
        for (const char* key : {"load_s", "prefill_tok_s", "decode_tok_s", "peak_rss_mb"})
            QVERIFY2(j[key].toDouble() > 0, key);
    }

    void unusableDeviceLeavesASentenceAndRunsOnCpu()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        Run r = cli({"info", fixture(kModel), "--backend", "vulkan:42"});
        QCOMPARE(r.code, 0);
        QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["backend"].toString(), QString("cpu"));
        QVERIFY(j["fallback_reason"].toString().startsWith("running on the CPU: "));
        QVERIFY2(r.err.contains("running on the CPU"), r.err.constData());
        Run bad = cli({"info", fixture(kModel), "--backend", "cuda"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("vulkan:N"));
    }

    void machineWithoutTheVulkanLoaderRunsOnTheCpu()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        if (!rwkv::vulkan::compiledIn())
            QSKIP("this build has no Vulkan backend");
        const QString missing = "/nonexistent/libvulkan.so.1";
        Run r = cli({"generate", fixture(kModel), "--prompt", "Hello", "--max-tokens", "4", "--backend", "vulkan"}, missing);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("the Vulkan loader (/nonexistent/libvulkan.so.1) is not installed"), r.err.constData());
        // "auto" says nothing on stderr (a machine without a GPU is the normal case) but keeps the reason.
        Run info = cli({"info", fixture(kModel), "--backend", "auto"}, missing);
        QVERIFY2(info.code == 0, info.err.constData());
        QJsonObject j = QJsonDocument::fromJson(info.out).object();
        QCOMPARE(j["backend"].toString(), QString("cpu"));
        QVERIFY2(j["fallback_reason"].toString().contains("Vulkan loader"), info.out.constData());
        Run devices = cli({"devices"}, missing);
        QVERIFY2(devices.err.contains("is not installed") || devices.out.contains("is not installed"),
                 (devices.out + devices.err).constData());
    }
};

QTEST_GUILESS_MAIN(VulkanCliTest)
#include "tst_vulkan_cli.moc"
