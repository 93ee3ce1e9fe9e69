// The Vulkan backend as the app meets it: the backend is chosen at load and falls back to the CPU
// with a sentence instead of failing; states are plain values that move between CPU and GPU models;
// long prompts cross the pass boundaries like token-by-token decoding; many states decode in one
// batch exactly as they would one by one.
#include "reference_data.h"
#include "vulkan_test_support.h"

#include <atomic>

using namespace rwkvtest;

namespace {
const char* kModel = "models/rand-rwkv7-L3-D128-V300.safetensors";

std::vector<int32_t> sampleTokens(int n, int salt)
{
    std::vector<int32_t> t;
    for (int i = 0; i < n; ++i)
        t.push_back((i * 37 + salt * 101 + 11) % 300);
    return t;
}

double maxDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() ? compare(a.data(), b.data(), a.size()).max : 1e30;
}
} // namespace

class VulkanBackendTest : public QObject {
    Q_OBJECT

    size_t validationBefore_ = 0;

    static rwkv::LoadOptions backend(const char* spec)
    {
        rwkv::LoadOptions o;
        o.backend = spec;
        return o;
    }

private slots:
    void initTestCase() { enableVulkanValidation(); }
    void init() { validationBefore_ = rwkv::vulkan::validationErrors().size(); }
    void cleanup() { RWKV_VERIFY_NO_VALIDATION_ERRORS(validationBefore_); }

    void unknownBackendIsRefusedWithTheChoices()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        for (const char* spec : {"metal", "vulkan:", "vulkan:x", "vulkan:-1"}) {
            try {
                rwkv::Model::load(fixture(kModel).toStdString(), backend(spec));
                QFAIL(qPrintable(QString("accepted backend ") + spec));
            } catch (const rwkv::Error& e) {
                QCOMPARE(e.code(), rwkv::ErrorCode::InvalidArgument);
                QVERIFY2(QString(e.what()).contains("cpu, auto, vulkan or vulkan:N"), e.what());
            }
        }
        QCOMPARE(rwkv::parseBackend("vulkan:1").device, 1);
        QVERIFY(rwkv::parseBackend("cpu").kind == rwkv::BackendRequest::Kind::Cpu);
    }

    void cpuIsTheDefaultAndSaysNothing()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto model = rwkv::Model::load(fixture(kModel).toStdString());
        QCOMPARE(QString::fromStdString(model->info().backend), QString("cpu"));
        QVERIFY(model->info().fallbackReason.empty());
    }

    void missingDeviceFallsBackToCpuWithSentence()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto model = rwkv::Model::load(fixture(kModel).toStdString(), backend("vulkan:99"));
        QCOMPARE(QString::fromStdString(model->info().backend), QString("cpu"));
        QString why = QString::fromStdString(model->info().fallbackReason);
        QVERIFY2(why.startsWith("running on the CPU: "), qPrintable(why));
        if (rwkv::vulkan::compiledIn() && vulkanUnavailableReason().isEmpty())
            QVERIFY2(why.contains("no Vulkan device 99"), qPrintable(why));
        // And it works: the CPU model gives its usual logits.
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        rwkv::State a = model->newState(), b = cpu->newState();
        QCOMPARE(model->step(a, 5), cpu->step(b, 5));
    }

    void disabledVulkanFallsBackToCpuWithSentence()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        qputenv("RWKV_VULKAN_DISABLE", "1");
        auto model = rwkv::Model::load(fixture(kModel).toStdString(), backend("vulkan"));
        qunsetenv("RWKV_VULKAN_DISABLE");
        QCOMPARE(QString::fromStdString(model->info().backend), QString("cpu"));
        QString why = QString::fromStdString(model->info().fallbackReason);
        QVERIFY2(why.contains(rwkv::vulkan::compiledIn() ? "RWKV_VULKAN_DISABLE" : "no Vulkan support"),
                 qPrintable(why));
    }

    void missingVulkanLoaderFallsBackToCpuWithSentence()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        if (!rwkv::vulkan::compiledIn())
            QSKIP("this build has no Vulkan backend");
        // As on a machine without libvulkan.so.1: the engine does not link it, so it starts.
        qputenv("RWKV_VULKAN_LOADER", "/nonexistent/libvulkan.so.1");
        auto model = rwkv::Model::load(fixture(kModel).toStdString(), backend("auto"));
        QString listing;
        try {
            rwkv::vulkan::listDevices();
        } catch (const rwkv::Error& e) {
            listing = QString::fromStdString(e.what());
        }
        qunsetenv("RWKV_VULKAN_LOADER");
        QCOMPARE(QString::fromStdString(model->info().backend), QString("cpu"));
        QString why = QString::fromStdString(model->info().fallbackReason);
        QVERIFY2(why.startsWith("running on the CPU: the Vulkan loader (/nonexistent/libvulkan.so.1) is not installed"),
                 qPrintable(why));
        QVERIFY2(listing.contains("is not installed"), qPrintable(listing));
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        rwkv::State a = model->newState(), b = cpu->newState();
        QCOMPARE(model->step(a, 5), cpu->step(b, 5));
    }

    void modelTooLargeForTheGpuFallsBackToCpuWithSentence()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        qputenv("RWKV_VULKAN_MEMORY_LIMIT_MB", "1");
        auto model = rwkv::Model::load(fixture(kModel).toStdString(), backend("vulkan"));
        qunsetenv("RWKV_VULKAN_MEMORY_LIMIT_MB");
        QCOMPARE(QString::fromStdString(model->info().backend), QString("cpu"));
        QString why = QString::fromStdString(model->info().fallbackReason);
        QVERIFY2(why.contains("does not fit in the 1 MB of GPU memory"), qPrintable(why));
        rwkv::State s = model->newState();
        QCOMPARE(model->step(s, 3).size(), size_t(model->info().vocab));
    }

    void autoTakesOnlyARealGpu()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        bool realGpu = false;
        for (const auto& d : rwkv::vulkan::listDevices())
            realGpu = realGpu || d.type == "discrete" || d.type == "integrated" || d.type == "virtual";
        auto model = rwkv::Model::load(fixture(kModel).toStdString(), backend("auto"));
        QString chosen = QString::fromStdString(model->info().backend);
        if (realGpu) {
            QVERIFY2(chosen.startsWith("vulkan: "), qPrintable(chosen));
        } else {
            QCOMPARE(chosen, QString("cpu"));
            QVERIFY2(QString::fromStdString(model->info().fallbackReason).contains("CPU emulation"),
                     model->info().fallbackReason.c_str());
        }
    }

    void gpuModelReportsDeviceAndMemory()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto model = loadOnGpu(fixture(kModel));
        const rwkv::ModelInfo& info = model->info();
        QString name = QString::fromStdString(rwkv::vulkan::listDevices().front().name);
        QVERIFY2(QString::fromStdString(info.backend).startsWith("vulkan: "), info.backend.c_str());
        QVERIFY(info.fallbackReason.empty());
        // At least the float32 weights of the head and the embedding-sized buffers.
        QVERIFY(info.deviceMemoryBytes > uint64_t(info.vocab) * uint64_t(info.embd) * 4);
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        QCOMPARE(info.fingerprint, cpu->info().fingerprint);
        QVERIFY(!name.isEmpty());
    }

    void statesMoveBetweenCpuAndGpuModels()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        std::vector<int32_t> prompt = sampleTokens(40, 1);
        rwkv::State onCpu = cpu->newState();
        cpu->prefill(onCpu, prompt);
        // A saved conversation restored into the GPU model continues like the CPU one.
        rwkv::State restored = rwkv::State::deserialize(onCpu.serialize(), gpu->info());
        std::vector<float> g = gpu->step(restored, 7);
        std::vector<float> c = cpu->step(onCpu, 7);
        QVERIFY2(maxDiff(g, c) <= 1e-4, qPrintable(QString::number(maxDiff(g, c))));
        QVERIFY(compare(restored.all().data(), onCpu.all().data(), onCpu.all().size()).max <= 1e-4);
        QCOMPARE(restored.tokensSeen(), onCpu.tokensSeen());
        // And back: the GPU state serialises for the CPU model.
        rwkv::State back = rwkv::State::deserialize(restored.serialize(), cpu->info());
        QVERIFY(maxDiff(cpu->step(back, 9), gpu->step(restored, 9)) <= 1e-4);
    }

    void foreignStateIsRefused()
    {
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-7v0-834K.safetensors");
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        auto other = rwkv::Model::load(fixture("models/tiny-rwkv-7v0-834K.safetensors").toStdString());
        rwkv::State foreign = other->newState();
        try {
            gpu->step(foreign, 1);
            QFAIL("accepted a state of another model");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Mismatch);
        }
        rwkv::State s = gpu->newState();
        try {
            gpu->step(s, 300);
            QFAIL("accepted a token outside the vocabulary");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::InvalidArgument);
        }
    }

    void longPromptCrossesPassesLikeSerialDecoding()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        std::vector<int32_t> tokens = sampleTokens(150, 2); // more than two 64-token passes
        rwkv::State a = gpu->newState(), b = gpu->newState();
        size_t progressCalls = 0;
        rwkv::RunControl control;
        control.progress = [&](size_t, size_t) { ++progressCalls; };
        std::vector<float> seq = gpu->prefill(a, tokens, control);
        std::vector<float> ser;
        for (int32_t t : tokens)
            ser = gpu->step(b, t);
        QVERIFY2(maxDiff(seq, ser) <= 1e-5, qPrintable(QString::number(maxDiff(seq, ser))));
        QVERIFY(compare(a.all().data(), b.all().data(), a.all().size()).max <= 1e-5);
        QCOMPARE(a.tokensSeen(), uint64_t(150));
        QVERIFY(progressCalls >= 3);
        QCOMPARE(gpu->tokensEvaluated(), uint64_t(300));
    }

    void cancelStopsAPrefill()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        std::atomic<bool> cancel{true};
        rwkv::RunControl control;
        control.cancel = &cancel;
        rwkv::State s = gpu->newState();
        try {
            gpu->prefill(s, sampleTokens(100, 3), control);
            QFAIL("not cancelled");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Cancelled);
        }
    }

    void batchedDecodeEqualsOneByOne()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        for (rwkv::GpuWeights weights : {rwkv::GpuWeights::F32, rwkv::GpuWeights::F16}) {
            auto gpu = loadOnGpu(fixture(kModel), weights);
            const size_t V = size_t(gpu->info().vocab);
            const int B = 5;
            std::vector<rwkv::State> batch, single;
            for (int b = 0; b < B; ++b) {
                rwkv::State s = gpu->newState();
                gpu->prefill(s, sampleTokens(10 + 7 * b, b)); // different histories
                batch.push_back(s);
                single.push_back(s);
            }
            std::vector<rwkv::State*> pointers;
            for (rwkv::State& s : batch)
                pointers.push_back(&s);
            std::vector<int32_t> next = {1, 50, 299, 7, 1};
            for (int step = 0; step < 3; ++step) {
                std::vector<float> logits(B * V);
                gpu->forwardBatch(pointers, next, logits);
                for (int b = 0; b < B; ++b) {
                    std::vector<float> one = gpu->step(single[size_t(b)], next[size_t(b)]);
                    std::vector<float> fromBatch(logits.begin() + std::ptrdiff_t(b * V),
                                                 logits.begin() + std::ptrdiff_t((b + 1) * V));
                    QVERIFY2(maxDiff(one, fromBatch) <= 1e-6, qPrintable(QString::number(maxDiff(one, fromBatch))));
                    QVERIFY(batch[size_t(b)] == single[size_t(b)] ||
                            compare(batch[size_t(b)].all().data(), single[size_t(b)].all().data(),
                                    single[size_t(b)].all().size()).max <= 1e-6);
                    next[size_t(b)] = int32_t(std::max_element(one.begin(), one.end()) - one.begin());
                }
            }
            // The same state twice in one batch has no meaning: refused.
            rwkv::State* twice[] = {&batch[0], &batch[0]};
            int32_t tokens[] = {1, 2};
            std::vector<float> logits(2 * V);
            QVERIFY_THROWS_EXCEPTION(rwkv::Error, gpu->forwardBatch(twice, tokens, logits));
        }
    }

    void greedyIdsChosenOnTheGpuMatchTheLogits()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        const size_t V = size_t(gpu->info().vocab);
        const int B = 4;
        std::vector<rwkv::State> onGpu, withLogits, onCpu;
        for (int b = 0; b < B; ++b) {
            rwkv::State s = gpu->newState();
            gpu->prefill(s, sampleTokens(5 + 3 * b, b + 7));
            onGpu.push_back(s);
            withLogits.push_back(s);
            onCpu.push_back(s);
        }
        std::vector<int32_t> next = {3, 30, 130, 230};
        std::vector<int32_t> cpuNext = next;
        for (int step = 0; step < 6; ++step) {
            std::vector<rwkv::State*> a, b, c;
            for (int i = 0; i < B; ++i) {
                a.push_back(&onGpu[size_t(i)]);
                b.push_back(&withLogits[size_t(i)]);
                c.push_back(&onCpu[size_t(i)]);
            }
            std::vector<int32_t> ids(B), cpuIds(B);
            gpu->forwardBatchArgmax(a, next, ids);
            std::vector<float> logits(B * V);
            gpu->forwardBatch(b, next, logits);
            cpu->forwardBatchArgmax(c, cpuNext, cpuIds); // the CPU's default: argmax of its logits
            for (int i = 0; i < B; ++i) {
                std::span<const float> row(logits.data() + size_t(i) * V, V);
                QCOMPARE(ids[size_t(i)], int32_t(std::max_element(row.begin(), row.end()) - row.begin()));
                QVERIFY(onGpu[size_t(i)] == withLogits[size_t(i)]);
            }
            QCOMPARE(ids, cpuIds); // greedy decoding agrees across backends
            next = ids;
            cpuNext = cpuIds;
        }
    }

    // The CPU's batch runs its products for all rows at once (engine_tst_batched_decoding proves
    // each row independent of the others); token by token it agrees to rounding.
    void cpuBatchAgreesWithOneByOne()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        const size_t V = size_t(cpu->info().vocab);
        rwkv::State a = cpu->newState(), b = cpu->newState(), c = cpu->newState();
        rwkv::State* states[] = {&a, &b};
        int32_t tokens[] = {3, 4};
        std::vector<float> logits(2 * V);
        cpu->forwardBatch(states, tokens, logits);
        std::vector<float> one = cpu->step(c, 4);
        for (size_t v = 0; v < V; ++v)
            QVERIFY(std::abs(logits[V + v] - one[v]) <= 1e-4f * std::max(1.0f, std::abs(one[v])));
        QCOMPARE(b.tokensSeen(), c.tokensSeen());
        const auto sb = b.all(), sc = c.all();
        for (size_t i = 0; i < sb.size(); ++i)
            QVERIFY(std::abs(sb[i] - sc[i]) <= 1e-4f * std::max(1.0f, std::abs(sc[i])));
    }
};

QTEST_GUILESS_MAIN(VulkanBackendTest)
#include "tst_vulkan_backend.moc"
