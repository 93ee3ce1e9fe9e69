// States stay on the GPU between calls: decoding moves no state over the bus per token, yet a
// State still behaves as a plain value. Every test compares against the same model driven with a
// full round trip per token (reading the state on the CPU after every step, which brings it back
// and lets the device copy go: the old upload/download path), and counts the transfers.
#include "vulkan_test_support.h"

using namespace rwkvtest;

namespace {
const char* kModel = "models/rand-rwkv7-L3-D128-V300.safetensors";

int32_t tokenAt(int step, int salt)
{
    return (step * 53 + salt * 31 + 7) % 300;
}

rwkv::StateTransfers transfers(const std::shared_ptr<const rwkv::Model>& m)
{
    return dynamic_cast<const rwkv::GpuModel&>(*m).stateTransfers();
}

// One step the old way: upload, run, download (the CPU write access lets the device copy go).
std::vector<float> roundTripStep(const rwkv::Model& m, rwkv::State& s, int32_t token)
{
    std::vector<float> logits = m.step(s, token);
    (void)s.all();
    return logits;
}
} // namespace

class VulkanResidentStateTest : public QObject {
    Q_OBJECT

    size_t validationBefore_ = 0;

private slots:
    void initTestCase() { enableVulkanValidation(); }
    void init() { validationBefore_ = rwkv::vulkan::validationErrors().size(); }
    void cleanup() { RWKV_VERIFY_NO_VALIDATION_ERRORS(validationBefore_); }

    void decodingStaysOnTheDeviceWithIdenticalLogits()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        const int kSteps = 40;
        rwkv::State resident = gpu->newState();
        std::vector<std::vector<float>> residentLogits;
        const rwkv::StateTransfers before = transfers(gpu);
        for (int i = 0; i < kSteps; ++i)
            residentLogits.push_back(gpu->step(resident, tokenAt(i, 1)));
        const rwkv::StateTransfers during = transfers(gpu);
        QCOMPARE(during.uploads - before.uploads, uint64_t(1)); // the fresh state, once
        QCOMPARE(during.downloads - before.downloads, uint64_t(0));

        rwkv::State roundTrip = gpu->newState();
        for (int i = 0; i < kSteps; ++i)
            QCOMPARE(roundTripStep(*gpu, roundTrip, tokenAt(i, 1)), residentLogits[size_t(i)]);
        const rwkv::StateTransfers after = transfers(gpu);
        QCOMPARE(after.uploads - during.uploads, uint64_t(kSteps));
        QCOMPARE(after.downloads - during.downloads, uint64_t(kSteps));
        QVERIFY(resident == roundTrip); // one download, to compare
        QCOMPARE(transfers(gpu).downloads - after.downloads, uint64_t(1));
    }

    void serializingMidGenerationThenContinuingGivesTheSameResults()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        rwkv::State a = gpu->newState();
        gpu->prefill(a, std::vector<int32_t>{5, 6, 7, 8, 9});
        for (int i = 0; i < 10; ++i)
            gpu->step(a, tokenAt(i, 2));
        const rwkv::StateTransfers before = transfers(gpu);
        std::vector<uint8_t> blob = a.serialize();
        QCOMPARE(transfers(gpu).downloads - before.downloads, uint64_t(1));
        rwkv::State restored = rwkv::State::deserialize(blob, gpu->info());
        const rwkv::StateTransfers mid = transfers(gpu);
        for (int i = 10; i < 20; ++i)
            QCOMPARE(gpu->step(a, tokenAt(i, 2)), gpu->step(restored, tokenAt(i, 2)));
        // `a` stayed resident through the serialization; the restored state was uploaded once.
        QCOMPARE(transfers(gpu).uploads - mid.uploads, uint64_t(1));
        QVERIFY(a == restored);
    }

    void copyingMidGenerationForks()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        rwkv::State a = gpu->newState(), reference = gpu->newState();
        for (int i = 0; i < 8; ++i)
            QCOMPARE(gpu->step(a, tokenAt(i, 3)), roundTripStep(*gpu, reference, tokenAt(i, 3)));
        rwkv::State b = a; // a fork: b continues differently
        rwkv::State referenceB = reference;
        for (int i = 8; i < 16; ++i) {
            QCOMPARE(gpu->step(a, tokenAt(i, 3)), roundTripStep(*gpu, reference, tokenAt(i, 3)));
            QCOMPARE(gpu->step(b, tokenAt(i, 4)), roundTripStep(*gpu, referenceB, tokenAt(i, 4)));
        }
        QVERIFY(a == reference);
        QVERIFY(b == referenceB);
        QVERIFY(!(a == b));
    }

    void interleavedStatesKeepTheirOwnSlots()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        rwkv::State a = gpu->newState(), b = gpu->newState();
        rwkv::State ra = gpu->newState(), rb = gpu->newState();
        const rwkv::StateTransfers before = transfers(gpu);
        std::vector<std::vector<float>> la, lb;
        for (int i = 0; i < 12; ++i) {
            la.push_back(gpu->step(a, tokenAt(i, 5)));
            lb.push_back(gpu->step(b, tokenAt(i, 6)));
        }
        const rwkv::StateTransfers after = transfers(gpu);
        QCOMPARE(after.uploads - before.uploads, uint64_t(2));
        QCOMPARE(after.downloads - before.downloads, uint64_t(0));
        for (int i = 0; i < 12; ++i) {
            QCOMPARE(roundTripStep(*gpu, ra, tokenAt(i, 5)), la[size_t(i)]);
            QCOMPARE(roundTripStep(*gpu, rb, tokenAt(i, 6)), lb[size_t(i)]);
        }
        // Batches in changing order: the states are swapped between slots on the device.
        const rwkv::StateTransfers batchBefore = transfers(gpu);
        const size_t V = size_t(gpu->info().vocab);
        for (int i = 0; i < 6; ++i) {
            std::vector<rwkv::State*> order = i % 2 ? std::vector<rwkv::State*>{&b, &a} : std::vector<rwkv::State*>{&a, &b};
            std::vector<int32_t> tokens = {tokenAt(i, 7), tokenAt(i, 8)};
            std::vector<float> logits(2 * V);
            gpu->forwardBatch(order, tokens, logits);
            rwkv::State& r0 = i % 2 ? rb : ra;
            rwkv::State& r1 = i % 2 ? ra : rb;
            QCOMPARE(roundTripStep(*gpu, r0, tokens[0]), std::vector<float>(logits.begin(), logits.begin() + std::ptrdiff_t(V)));
            QCOMPARE(roundTripStep(*gpu, r1, tokens[1]), std::vector<float>(logits.begin() + std::ptrdiff_t(V), logits.end()));
        }
        QVERIFY(transfers(gpu).deviceMoves > batchBefore.deviceMoves);
        QVERIFY(a == ra);
        QVERIFY(b == rb);
    }

    void moreStatesThanSlotsEvictsTheLeastRecentlyUsed()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        qputenv("RWKV_VULKAN_STATE_SLOTS", "2");
        auto gpu = loadOnGpu(fixture(kModel));
        auto reference = loadOnGpu(fixture(kModel));
        qunsetenv("RWKV_VULKAN_STATE_SLOTS");
        const int N = 3;
        std::vector<rwkv::State> states, refs;
        for (int s = 0; s < N; ++s) {
            states.push_back(gpu->newState());
            refs.push_back(reference->newState());
        }
        for (int i = 0; i < 6; ++i)
            for (int s = 0; s < N; ++s)
                QCOMPARE(gpu->step(states[size_t(s)], tokenAt(i, s)), roundTripStep(*reference, refs[size_t(s)], tokenAt(i, s)));
        QVERIFY(transfers(gpu).downloads > 0); // evictions
        // A batch larger than the slots runs in passes of two.
        const size_t V = size_t(gpu->info().vocab);
        std::vector<rwkv::State*> all;
        for (rwkv::State& s : states)
            all.push_back(&s);
        std::vector<int32_t> tokens = {1, 2, 3};
        std::vector<float> logits(N * V);
        gpu->forwardBatch(all, tokens, logits);
        for (int s = 0; s < N; ++s)
            QCOMPARE(roundTripStep(*reference, refs[size_t(s)], tokens[size_t(s)]),
                     std::vector<float>(logits.begin() + std::ptrdiff_t(s * V), logits.begin() + std::ptrdiff_t((s + 1) * V)));
        for (int s = 0; s < N; ++s)
            QVERIFY(states[size_t(s)] == refs[size_t(s)]);
    }

    void stateMovesFromTheGpuToTheCpuModel()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        auto cpu = rwkv::Model::load(fixture(kModel).toStdString());
        rwkv::State s = gpu->newState();
        for (int i = 0; i < 10; ++i)
            gpu->step(s, tokenAt(i, 9));
        QVERIFY(s.deviceCopy());
        rwkv::State plain = s; // values on the CPU
        QCOMPARE(cpu->step(s, 42), cpu->step(plain, 42));
        QVERIFY(!s.deviceCopy()); // the CPU model wrote it: the device copy is gone
        QVERIFY(s == plain);
        // And back to the GPU: uploaded again, continuing alike.
        QCOMPARE(gpu->step(s, 43), gpu->step(plain, 43));
    }

    void statesOutliveTheirModel()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        rwkv::State s, reference;
        {
            auto gpu = loadOnGpu(fixture(kModel));
            s = gpu->newState();
            reference = gpu->newState();
            for (int i = 0; i < 5; ++i) {
                gpu->step(s, tokenAt(i, 10));
                roundTripStep(*gpu, reference, tokenAt(i, 10));
            }
        }
        QVERIFY(s == reference);
    }
};

QTEST_GUILESS_MAIN(VulkanResidentStateTest)
#include "tst_vulkan_resident_state.moc"
