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
    float temperature = 1.0f;  // 0 (or less) means greedy: argmax after bans and penalties
    int topK = 0;              // 0 = off; keeps the k most likely (ties: lower id first)
    float topP = 1.0f;         // 1 = off; the smallest most-likely set whose share of the
                               // softmax (after temperature and top-k) reaches topP
    float minP = 0.0f;         // 0 = off; keeps tokens with p >= minP * p_max
    float presencePenalty = 0.0f;
    float frequencyPenalty = 0.0f;
    float penaltyDecay = 1.0f; // counts are multiplied by this after every generated token
    std::unordered_map<int32_t, float> logitBias;
    std::unordered_set<int32_t> bannedTokens;
    uint64_t seed = 0;
};

// One token's change before sampling, as sample() applies it: logit + bias, then -inf when banned,
// then - penalty (presencePenalty + count * frequencyPenalty, 0 for tokens never accepted).
struct LogitAdjustment {
    int32_t id = 0;
    float bias = 0.0f;
    float penalty = 0.0f;
    bool banned = false;
};

// What another device needs to make the choice sample() would make on the same logits: the
// adjustments (one per id, ids within the vocabulary, in increasing id order) and the uniform
// number in [0, 1) the draw uses (drawn only when temperature > 0, like sample()).
struct SamplingStep {
    std::vector<LogitAdjustment> adjustments;
    double uniform = 0.0;
};

class Sampler {
public:
    explicit Sampler(SamplerSettings settings);

    // Applies bans, bias and penalties to `logits` in place, then samples a token. Does not
    // record the token: call accept() with whatever token is actually fed to the model.
    // Ids in bans, bias and counts beyond logits.size() are ignored; NaN logits count as banned.
    // Throws Error(InvalidArgument) when `logits` is empty or every token is banned.
    int32_t sample(std::span<float> logits);
    // Prepares a draw over `vocab` logits made elsewhere (a GPU), advancing the RNG exactly as
    // sample() would. Like sample(), it does not record the token: call accept() after.
    SamplingStep prepareStep(std::size_t vocab);
    // Records `token` as generated: decays all counts, then counts this token.
    void accept(int32_t token);
    // Forgets penalties (new reply) but keeps the RNG stream.
    void resetPenalties();

    const SamplerSettings& settings() const { return settings_; }
    // The decayed count of `token` (0 if never accepted since the last reset).
    float count(int32_t token) const;

    // The lowest id among the largest values; -1 when every value is -inf or NaN.
    static int32_t argmax(std::span<const float> logits);

private:
    SamplerSettings settings_;
    std::unordered_map<int32_t, float> counts_;
    std::mt19937_64 rng_;
    struct Candidate {
        double weight; // unnormalized probability
        int32_t id;
    };
    // A double in [0, 1) from the top 53 bits of the generator: std::uniform_real_distribution
    // is implementation-defined and would give other tokens on other platforms.
    double nextUniform();
    int32_t draw(std::size_t keep, double total);

    std::vector<Candidate> scratch_;
};

} // namespace rwkv
