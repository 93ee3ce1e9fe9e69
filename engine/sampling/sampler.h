// Sampler picks the next token from a row of logits with the knobs RWKV users know (docs/RWKV.md
// "Sampling"): bans and logit bias, presence/frequency penalties whose counts decay every generated
// token, temperature, top-k, top-p, min-p, then a draw from a seeded RNG: the same seed and the same
// logits give the same tokens on every platform.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rwkv {

struct SamplerSettings {
    float temperature = 1.0f;  // 0 means greedy (argmax)
    int topK = 0;              // 0 = off
    float topP = 1.0f;         // 1 = off
    float minP = 0.0f;         // 0 = off; keeps tokens with p >= minP * p_max
    float presencePenalty = 0.0f;
    float frequencyPenalty = 0.0f;
    float penaltyDecay = 1.0f; // counts are multiplied by this after every generated token
    std::unordered_map<int32_t, float> logitBias;
    std::unordered_set<int32_t> bannedTokens;
    uint64_t seed = 0;
};

class Sampler {
public:
    explicit Sampler(SamplerSettings settings);

    // Applies bans, bias and penalties to `logits` in place, then samples a token. Does not
    // record the token: call accept() with whatever token is actually fed to the model.
    int32_t sample(std::span<float> logits);
    // Records `token` as generated: decays all counts, then counts this token.
    void accept(int32_t token);
    // Forgets penalties (new reply) but keeps the RNG stream.
    void resetPenalties();

    const SamplerSettings& settings() const { return settings_; }

private:
    SamplerSettings settings_;
    std::unordered_map<int32_t, float> counts_;
    std::mt19937_64 rng_;
    std::vector<std::pair<float, int32_t>> scratch_;
};

} // namespace rwkv
