// rwkv-cli bench MODEL [--prefill 512] [--decode 128] [--runs 1]: one JSON object with load time,
// prefill and decode speed, peak memory and how close decoding comes to the memory roofline.
// --batch N decodes N sequences together through Model::forwardBatch (what the API server does for
// concurrent requests, with the kernels it uses: rows invariant to the batch); decode_tok_s is then
// the tokens of all N per second.
#include "arg_parser.h"
#include "cpu/bandwidth.h"
#include "cpu/thread_pool.h"
#include "model_options.h"

#include "core/error.h"

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

} // namespace

int runBench(const Args& argv)
{
    std::set<std::string> valued = kModelOptionNames;
    valued.insert({"prefill", "decode", "batch"});
    ArgParser args(argv, valued, kModelFlagNames);
    const std::string path = args.positional(0, "MODEL");
    auto t0 = Clock::now();
    auto model = loadModelFromArgs(args, path);
    auto t1 = Clock::now();
    const auto& info = model->info();
    const int prefillN = int(args.integer("prefill", 512));
    const int decodeN = int(args.integer("decode", 128));
    const int batch = int(args.integer("batch", 0));
    if (batch < 0 || batch > 256)
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, "--batch takes 1 to 256 sequences");

    std::vector<int32_t> tokens(size_t(std::max(1, prefillN)));
    for (size_t i = 0; i < tokens.size(); ++i)
        tokens[i] = int32_t((i * 7919 + 13) % size_t(info.vocab));
    rwkv::State state = model->newState();
    auto t2 = Clock::now();
    std::vector<float> logits = model->prefill(state, tokens);
    auto t3 = Clock::now();
    int32_t token = 0;
    auto t4 = Clock::now();
    if (batch == 0) {
        for (int i = 0; i < decodeN; ++i) {
            // One buffer for every step, as the app's decoding loop does.
            model->forward(state, std::span<const int32_t>(&token, 1), rwkv::LogitsMode::Last, logits);
            token = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
        }
    } else {
        std::vector<rwkv::State> states(size_t(batch), state);
        std::vector<rwkv::State*> rows;
        for (auto& s : states)
            rows.push_back(&s);
        std::vector<int32_t> next(static_cast<size_t>(batch));
        for (int b = 0; b < batch; ++b)
            next[size_t(b)] = int32_t((b * 131 + 7) % info.vocab); // different streams
        t4 = Clock::now();
        for (int i = 0; i < decodeN; ++i)
            model->forwardBatchArgmax(rows, std::vector<int32_t>(next), next, rwkv::BatchRows::Invariant);
    }
    auto t5 = Clock::now();

    const double weightBytes = double(model->weightBytesPerToken());
    const double decodeTokS = double(decodeN) * std::max(1, batch) / std::max(1e-9, seconds(t4, t5));
    const double peakRss = peakRssMb(); // before the bandwidth probe allocates its buffer
    const double bandwidth = rwkv::cpu::measureReadBandwidth();
    nlohmann::ordered_json j;
    j["model"] = path;
    j["version"] = rwkv::archName(info.arch);
    j["parameters"] = info.parameters;
    j["weights"] = args.str("weights", "stored");
    j["threads"] = rwkv::ThreadPool::shared().size();
    j["weight_mb_per_token"] = weightBytes / 1e6;
    j["backend"] = info.backend;
    if (info.backend != "cpu")
        j["weights"] = args.str("gpu-weights", "f16");
    if (!info.fallbackReason.empty())
        j["fallback_reason"] = info.fallbackReason;
    j["load_s"] = seconds(t0, t1);
    j["prefill_tokens"] = prefillN;
    j["prefill_tok_s"] = prefillN / std::max(1e-9, seconds(t2, t3));
    j["decode_tokens"] = decodeN;
    if (batch > 0)
        j["batch"] = batch;
    j["decode_tok_s"] = decodeTokS;
    j["peak_rss_mb"] = peakRss;
    j["gpu_memory_mb"] = double(info.deviceMemoryBytes) / double(1 << 20);
    j["bandwidth_gb_s"] = bandwidth;
    j["decode_roofline"] = weightBytes * decodeTokS / std::max(1, batch) / (bandwidth * 1e9);
    std::cout << j.dump(2) << "\n";
    return 0;
}
