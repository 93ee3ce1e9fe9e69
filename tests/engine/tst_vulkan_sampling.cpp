// Sampling on the GPU (Model::forwardBatchSample on a Vulkan model): with the same settings, seed
// and penalty history it chooses what the CPU Sampler chooses from the same model's logits, token
// after token, for every knob; a batch chooses what each sequence would choose alone; a row with
// every token banned is an error, not a crash; and a device without double precision falls back
// to the CPU sampler with the same results.
#include "vulkan_test_support.h"

#include "sampling/sampler.h"

#include <set>

using namespace rwkvtest;

namespace {
const char* kModel = "models/rand-rwkv7-L3-D128-V300.safetensors";

std::vector<int32_t> promptTokens(int n, int salt)
{
    std::vector<int32_t> t;
    for (int i = 0; i < n; ++i)
        t.push_back((i * 41 + salt * 97 + 5) % 300);
    return t;
}

struct Case {
    const char* name;
    rwkv::SamplerSettings settings;
};

std::vector<Case> cases()
{
    std::vector<Case> c;
    rwkv::SamplerSettings s;
    s.temperature = 0.0f;
    c.push_back({"greedy", s});
    s = {};
    s.temperature = 1.0f;
    c.push_back({"plain temperature", s});
    s.temperature = 0.8f;
    s.topP = 0.7f;
    c.push_back({"temperature + top-p", s});
    s = {};
    s.temperature = 1.3f;
    s.topK = 12;
    c.push_back({"top-k", s});
    s.topP = 0.9f;
    c.push_back({"top-k + top-p", s});
    s = {};
    s.temperature = 1.0f;
    s.minP = 0.05f;
    c.push_back({"min-p", s});
    s = {};
    s.temperature = 1.0f;
    s.topP = 0.85f;
    s.presencePenalty = 0.4f;
    s.frequencyPenalty = 0.3f;
    s.penaltyDecay = 0.97f;
    s.logitBias = {{7, 2.5f}, {42, -1.0f}, {299, 0.75f}, {5000, 3.0f}};
    s.bannedTokens = {0, 13, 77, -4};
    c.push_back({"penalties, bias and bans", s});
    s.temperature = 0.0f;
    c.push_back({"greedy with penalties", s});
    return c;
}
} // namespace

class VulkanSamplingTest : public QObject {
    Q_OBJECT

    size_t validationBefore_ = 0;

private slots:
    void initTestCase() { enableVulkanValidation(); }
    void init() { validationBefore_ = rwkv::vulkan::validationErrors().size(); }
    void cleanup() { RWKV_VERIFY_NO_VALIDATION_ERRORS(validationBefore_); }

    void gpuChoiceEqualsCpuSamplerOverManySteps()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        const size_t V = size_t(gpu->info().vocab);
        const int kSteps = 64;
        uint64_t seed = 11;
        for (const Case& c : cases()) {
            rwkv::SamplerSettings settings = c.settings;
            settings.seed = seed++;
            rwkv::State onGpu = gpu->newState();
            gpu->prefill(onGpu, promptTokens(9, int(seed)));
            rwkv::State withLogits = onGpu;
            rwkv::Sampler gpuSampler(settings), cpuSampler(settings);
            int32_t token = 1;
            std::vector<int32_t> gpuIds, cpuIds;
            for (int step = 0; step < kSteps; ++step) {
                rwkv::State* a[] = {&onGpu};
                rwkv::Sampler* samplers[] = {&gpuSampler};
                int32_t chosen = -1;
                gpu->forwardBatchSample(a, std::span<const int32_t>(&token, 1), samplers, std::span<int32_t>(&chosen, 1));
                rwkv::State* b[] = {&withLogits};
                std::vector<float> logits(V);
                gpu->forwardBatch(b, std::span<const int32_t>(&token, 1), logits);
                const int32_t expected = cpuSampler.sample(logits);
                gpuIds.push_back(chosen);
                cpuIds.push_back(expected);
                if (chosen != expected)
                    break;
                gpuSampler.accept(chosen);
                cpuSampler.accept(expected);
                token = chosen;
            }
            QVERIFY2(gpuIds == cpuIds, c.name);
            QVERIFY2(onGpu == withLogits, c.name);
            // Not a degenerate run: sampling with a temperature visits several tokens.
            if (settings.temperature > 0)
                QVERIFY2(std::set<int32_t>(gpuIds.begin(), gpuIds.end()).size() > 3, c.name);
        }
    }

    void batchedSamplingEqualsOneByOne()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel), rwkv::GpuWeights::F16);
        std::vector<Case> all = cases();
        const size_t B = all.size();
        std::vector<rwkv::State> batch, single;
        std::vector<rwkv::Sampler> batchSamplers, singleSamplers;
        for (size_t i = 0; i < B; ++i) {
            rwkv::State s = gpu->newState();
            gpu->prefill(s, promptTokens(4 + int(i), int(i)));
            batch.push_back(s);
            single.push_back(s);
            rwkv::SamplerSettings settings = all[i].settings;
            settings.seed = 100 + i;
            batchSamplers.emplace_back(settings);
            singleSamplers.emplace_back(settings);
        }
        std::vector<int32_t> tokens(B, 3);
        for (int step = 0; step < 24; ++step) {
            std::vector<rwkv::State*> states;
            std::vector<rwkv::Sampler*> samplers;
            for (size_t i = 0; i < B; ++i) {
                states.push_back(&batch[i]);
                samplers.push_back(&batchSamplers[i]);
            }
            std::vector<int32_t> ids(B);
            gpu->forwardBatchSample(states, tokens, samplers, ids);
            for (size_t i = 0; i < B; ++i) {
                rwkv::State* one[] = {&single[i]};
                rwkv::Sampler* sampler[] = {&singleSamplers[i]};
                int32_t id = -1;
                gpu->forwardBatchSample(one, std::span<const int32_t>(&tokens[i], 1), sampler, std::span<int32_t>(&id, 1));
                QCOMPARE(ids[i], id);
                batchSamplers[i].accept(id);
                singleSamplers[i].accept(id);
            }
            tokens = ids;
        }
    }

    void everyTokenBannedIsAnError()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        auto gpu = loadOnGpu(fixture(kModel));
        rwkv::SamplerSettings settings;
        for (int32_t id = 0; id < gpu->info().vocab; ++id)
            settings.bannedTokens.insert(id);
        for (float temperature : {0.0f, 1.0f}) {
            settings.temperature = temperature;
            rwkv::Sampler sampler(settings);
            rwkv::State s = gpu->newState();
            rwkv::State* states[] = {&s};
            rwkv::Sampler* samplers[] = {&sampler};
            int32_t token = 5, id = 0;
            QVERIFY_THROWS_EXCEPTION(rwkv::Error, gpu->forwardBatchSample(states, std::span<const int32_t>(&token, 1),
                                                                          samplers, std::span<int32_t>(&id, 1)));
        }
    }

    void deviceWithoutDoublesSamplesOnTheCpuAlike()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_VULKAN();
        rwkv::SamplerSettings settings;
        settings.temperature = 0.9f;
        settings.topP = 0.8f;
        settings.frequencyPenalty = 0.5f;
        settings.seed = 7;
        std::vector<int32_t> runs[2];
        for (int run = 0; run < 2; ++run) {
            if (run == 1)
                qputenv("RWKV_VULKAN_NO_FLOAT64", "1");
            auto gpu = loadOnGpu(fixture(kModel));
            qunsetenv("RWKV_VULKAN_NO_FLOAT64");
            rwkv::Sampler sampler(settings);
            rwkv::State s = gpu->newState();
            int32_t token = 2;
            for (int step = 0; step < 16; ++step) {
                rwkv::State* states[] = {&s};
                rwkv::Sampler* samplers[] = {&sampler};
                gpu->forwardBatchSample(states, std::span<const int32_t>(&token, 1), samplers, std::span<int32_t>(&token, 1));
                sampler.accept(token);
                runs[run].push_back(token);
            }
        }
        QCOMPARE(runs[0], runs[1]);
    }
};

QTEST_GUILESS_MAIN(VulkanSamplingTest)
#include "tst_vulkan_sampling.moc"
