// rwkv-cli bench MODEL [--prefill 512] [--decode 128] [--runs 1]: one JSON object with load time,
// prefill and decode speed, peak memory and how close decoding comes to the memory roofline.
#include "arg_parser.h"
#include "model_options.h"

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

// Read bandwidth of this machine: sum a buffer much larger than the caches.
double measureReadBandwidth()
{
    const size_t n = size_t(256) << 20 >> 3;
    std::vector<uint64_t> buf(n, 1);
    double best = 0;
    for (int rep = 0; rep < 3; ++rep) {
        auto t0 = Clock::now();
        uint64_t a = 0, b = 0, c = 0, d = 0;
        for (size_t i = 0; i < n; i += 4) {
            a += buf[i];
            b += buf[i + 1];
            c += buf[i + 2];
            d += buf[i + 3];
        }
        auto t1 = Clock::now();
        volatile uint64_t sink = a + b + c + d;
        (void)sink;
        best = std::max(best, double(n * 8) / seconds(t0, t1) / 1e9);
    }
    return best;
}

} // namespace

int runBench(const Args& argv)
{
    std::set<std::string> valued = kModelOptionNames;
    valued.insert({"prefill", "decode", "threads", "weights"});
    ArgParser args(argv, valued);
    const std::string path = args.positional(0, "MODEL");
    auto t0 = Clock::now();
    auto model = loadModelFromArgs(args, path);
    auto t1 = Clock::now();
    const auto& info = model->info();
    const int prefillN = int(args.integer("prefill", 512));
    const int decodeN = int(args.integer("decode", 128));

    std::vector<int32_t> tokens(size_t(std::max(1, prefillN)));
    for (size_t i = 0; i < tokens.size(); ++i)
        tokens[i] = int32_t((i * 7919 + 13) % size_t(info.vocab));
    rwkv::State state = model->newState();
    auto t2 = Clock::now();
    std::vector<float> logits = model->prefill(state, tokens);
    auto t3 = Clock::now();
    int32_t token = 0;
    auto t4 = Clock::now();
    for (int i = 0; i < decodeN; ++i) {
        logits = model->step(state, token);
        token = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    }
    auto t5 = Clock::now();

    // Per decoded token every weight except the embedding table is read once (fp32 for now).
    const double weightBytes = double(info.parameters - int64_t(info.vocab) * info.embd) * 4.0;
    const double decodeTokS = decodeN / std::max(1e-9, seconds(t4, t5));
    const double bandwidth = measureReadBandwidth();
    nlohmann::ordered_json j;
    j["model"] = path;
    j["version"] = rwkv::archName(info.arch);
    j["parameters"] = info.parameters;
    j["weights"] = "f32";
    j["backend"] = info.backend;
    if (info.backend != "cpu")
        j["weights"] = args.str("gpu-weights", "f16");
    if (!info.fallbackReason.empty())
        j["fallback_reason"] = info.fallbackReason;
    j["load_s"] = seconds(t0, t1);
    j["prefill_tokens"] = prefillN;
    j["prefill_tok_s"] = prefillN / std::max(1e-9, seconds(t2, t3));
    j["decode_tokens"] = decodeN;
    j["decode_tok_s"] = decodeTokS;
    j["peak_rss_mb"] = peakRssMb();
    j["gpu_memory_mb"] = double(info.deviceMemoryBytes) / double(1 << 20);
    j["bandwidth_gb_s"] = bandwidth;
    j["decode_roofline"] = weightBytes * decodeTokS / (bandwidth * 1e9);
    std::cout << j.dump(2) << "\n";
    return 0;
}
