#include "sampling/sampler.h"

#include "core/error.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>

namespace rwkv {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

bool inRange(int32_t id, std::size_t size)
{
    return id >= 0 && static_cast<std::size_t>(id) < size;
}

} // namespace

Sampler::Sampler(SamplerSettings settings) : settings_(std::move(settings)), rng_(settings_.seed) {}

int32_t Sampler::argmax(std::span<const float> logits)
{
    int32_t best = -1;
    float bestValue = kNegInf;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        // Strictly greater keeps the lowest id among ties; NaN never compares greater.
        if (logits[i] > bestValue) {
            bestValue = logits[i];
            best = static_cast<int32_t>(i);
        }
    }
    return best;
}

float Sampler::count(int32_t token) const
{
    const auto it = counts_.find(token);
    return it == counts_.end() ? 0.0f : it->second;
}

namespace {

constexpr std::size_t kWeightBands = 128;

// 0 for a weight of 1, b for [2^-b, 2^-b+1), read off the float's exponent; subnormals share
// the last band.
inline std::size_t weightBand(float w)
{
    uint32_t bits;
    std::memcpy(&bits, &w, sizeof bits);
    const uint32_t exponent = (bits >> 23) & 0xffu;
    return exponent >= 127u ? 0 : std::min<std::size_t>(kWeightBands - 1, 127u - exponent);
}

} // namespace

int32_t Sampler::sample(std::span<float> logits)
{
    if (logits.empty())
        throw Error(ErrorCode::InvalidArgument, "cannot sample from an empty row of logits");
    const std::size_t n = logits.size();
    const SamplerSettings& s = settings_;

    // docs/RWKV.md "Sampling": bans and bias, then penalties, then temperature and the filters.
    for (float& l : logits) {
        if (std::isnan(l))
            l = kNegInf;
        else if (l == std::numeric_limits<float>::infinity())
            l = FLT_MAX; // keeps (l - max) finite below
    }
    for (const auto& [id, bias] : s.logitBias)
        if (inRange(id, n))
            logits[id] += bias;
    for (int32_t id : s.bannedTokens)
        if (inRange(id, n))
            logits[id] = kNegInf;
    for (const auto& [id, c] : counts_)
        if (c > 0 && inRange(id, n))
            logits[id] -= s.presencePenalty + c * s.frequencyPenalty;

    const int32_t best = argmax(logits);
    if (best < 0)
        throw Error(ErrorCode::InvalidArgument, "every token is banned: there is nothing to sample");
    if (s.temperature <= 0.0f)
        return best;

    // Weights relative to the best token, so the largest is exactly 1. That makes min-p a plain
    // threshold, and min-p keeps the same tokens whether applied before or after top-k / top-p
    // (p_max always survives those), so it is applied first to shrink the work.
    const float maxLogit = logits[best];
    const float invT = 1.0f / s.temperature;
    const double minWeight = std::clamp(static_cast<double>(s.minP), 0.0, 1.0);
    scratch_.clear();
    // Per power-of-two band of weight (band b holds weights in [2^-b, 2^-b+1)), the sum of the
    // candidates' weights: top-p below only needs the bands that reach its share.
    std::array<double, kWeightBands> bandSum{};
    const bool banded = s.topP < 1.0f && s.topK <= 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (logits[i] == kNegInf)
            continue;
        // Single precision is plenty for weights relative to the best token and twice as fast
        // over a 65k vocabulary; sums are kept in double.
        const float wf = std::exp((logits[i] - maxLogit) * invT);
        const double w = wf;
        if (w > 0.0 && w >= minWeight) {
            scratch_.push_back({w, static_cast<int32_t>(i)});
            if (banded)
                bandSum[weightBand(wf)] += w;
        }
    }

    // A total order (weight descending, then id ascending) makes the partial sorts below give the
    // same result with every standard library.
    auto higher = [](const Candidate& a, const Candidate& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.id < b.id;
    };
    std::size_t keep = scratch_.size();
    if (s.topK > 0 && static_cast<std::size_t>(s.topK) < keep) {
        std::nth_element(scratch_.begin(), scratch_.begin() + s.topK, scratch_.end(), higher);
        keep = static_cast<std::size_t>(s.topK);
        // nth_element leaves an order that differs between standard libraries; the draw below
        // walks the candidates in order, so fix it (the top-p step sorts them anyway).
        if (s.topP >= 1.0f)
            std::sort(scratch_.begin(), scratch_.begin() + keep, higher);
    }

    double total = 0.0;
    for (std::size_t i = 0; i < keep; ++i)
        total += scratch_[i].weight;

    if (s.topP < 1.0f) {
        // The nucleus: the most probable tokens until their share reaches topP (at least one).
        // Sorting a growing prefix finds it without sorting all 65k tokens in the usual case.
        const double target = static_cast<double>(std::max(s.topP, 0.0f)) * total;
        if (banded) {
            // Without top-k, first drop the bands below the one where the share is reached: the
            // nucleus lies in the bands above, and the selection below then orders a few hundred
            // candidates instead of the whole vocabulary (it was most of a 65k-token sample).
            // The same tokens survive in the same order, so the result is unchanged.
            // The band sums add in another order than the walk below, so they must clear the
            // target by more than rounding could account for.
            const double safeTarget = target * (1.0 + 1e-9);
            double reached = 0.0;
            std::size_t lastBand = kWeightBands - 1;
            for (std::size_t b = 0; b < kWeightBands; ++b) {
                reached += bandSum[b];
                if (reached >= safeTarget) {
                    lastBand = b;
                    break;
                }
            }
            auto below = [&](const Candidate& c) { return weightBand(float(c.weight)) > lastBand; };
            scratch_.erase(std::remove_if(scratch_.begin(), scratch_.end(), below), scratch_.end());
            keep = scratch_.size();
        }
        std::size_t sorted = 0;
        std::size_t width = std::min<std::size_t>(64, keep);
        double cumulative = 0.0;
        std::size_t cut = keep;
        while (true) {
            // Select the next block of most likely tokens in linear time, then order just them.
            if (width < keep)
                std::nth_element(scratch_.begin() + sorted, scratch_.begin() + width,
                                 scratch_.begin() + keep, higher);
            std::sort(scratch_.begin() + sorted, scratch_.begin() + width, higher);
            for (; sorted < width; ++sorted) {
                cumulative += scratch_[sorted].weight;
                if (cumulative >= target) {
                    cut = sorted + 1;
                    break;
                }
            }
            if (cut < keep || width == keep)
                break;
            width = std::min(width * 4, keep);
        }
        keep = cut;
        total = 0.0;
        for (std::size_t i = 0; i < keep; ++i)
            total += scratch_[i].weight;
    }
    return draw(keep, total);
}

SamplingStep Sampler::prepareStep(std::size_t vocab)
{
    const SamplerSettings& s = settings_;
    std::map<int32_t, LogitAdjustment> byId;
    auto at = [&](int32_t id) -> LogitAdjustment& {
        LogitAdjustment& a = byId[id];
        a.id = id;
        return a;
    };
    for (const auto& [id, bias] : s.logitBias)
        if (inRange(id, vocab))
            at(id).bias = bias;
    for (int32_t id : s.bannedTokens)
        if (inRange(id, vocab))
            at(id).banned = true;
    for (const auto& [id, c] : counts_)
        if (c > 0 && inRange(id, vocab))
            at(id).penalty = s.presencePenalty + c * s.frequencyPenalty; // the same float expression as sample()
    SamplingStep step;
    step.adjustments.reserve(byId.size());
    for (const auto& [id, a] : byId)
        step.adjustments.push_back(a);
    if (s.temperature > 0.0f)
        step.uniform = nextUniform();
    return step;
}

double Sampler::nextUniform()
{
    return static_cast<double>(rng_() >> 11) * 0x1.0p-53;
}

int32_t Sampler::draw(std::size_t keep, double total)
{
    const double target = nextUniform() * total;
    double cumulative = 0.0;
    for (std::size_t i = 0; i < keep; ++i) {
        cumulative += scratch_[i].weight;
        if (target < cumulative)
            return scratch_[i].id;
    }
    return scratch_[keep - 1].id; // rounding left target at the very end
}

void Sampler::accept(int32_t token)
{
    if (settings_.penaltyDecay != 1.0f)
        for (auto& [id, c] : counts_)
            c *= settings_.penaltyDecay;
    counts_[token] += 1.0f;
}

void Sampler::resetPenalties()
{
    counts_.clear();
}

} // namespace rwkv
