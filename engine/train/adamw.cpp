#include "train/adamw.h"

#include <cmath>
#include <numbers>
#include <vector>

namespace rwkv::train {

double LearningRate::at(int step) const
{
    if (step < warmupSteps)
        return initial * double(step + 1) / double(warmupSteps);
    const int decaySteps = std::max(1, totalSteps - warmupSteps - 1);
    const double progress = std::min(1.0, double(step - warmupSteps) / decaySteps);
    if (decay == Decay::Linear)
        return initial + (final - initial) * progress;
    return final + (initial - final) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

double clipGradients(TrainWeights<float>& grads, double maxNorm)
{
    double sum = 0;
    grads.forEach([&](const std::string&, const Vec<float>& t, std::vector<int64_t>) {
        for (float g : t)
            sum += double(g) * g;
    });
    const double norm = std::sqrt(sum);
    if (maxNorm > 0 && norm > maxNorm) {
        const float scale = float(maxNorm / norm);
        grads.forEach([&](const std::string&, Vec<float>& t, std::vector<int64_t>) {
            for (float& g : t)
                g *= scale;
        });
    }
    return norm;
}

AdamW::AdamW(const TrainWeights<float>& grads, double beta1, double beta2, double eps, double weightDecay)
    : beta1_(beta1), beta2_(beta2), eps_(eps), weightDecay_(weightDecay)
{
    m_.shapeGradientsLike(grads, [](const std::string&) { return true; });
    v_.shapeGradientsLike(grads, [](const std::string&) { return true; });
}

void AdamW::step(TrainWeights<float>& weights, const TrainWeights<float>& grads, double lr)
{
    ++steps_;
    const double c1 = 1.0 - std::pow(beta1_, double(steps_));
    const double c2 = 1.0 - std::pow(beta2_, double(steps_));
    std::vector<const Vec<float>*> g;
    std::vector<Vec<float>*> m, v;
    grads.forEach([&](const std::string&, const Vec<float>& t, std::vector<int64_t>) { g.push_back(&t); });
    m_.forEach([&](const std::string&, Vec<float>& t, std::vector<int64_t>) { m.push_back(&t); });
    v_.forEach([&](const std::string&, Vec<float>& t, std::vector<int64_t>) { v.push_back(&t); });
    size_t i = 0;
    weights.forEach([&](const std::string&, Vec<float>& w, std::vector<int64_t>) {
        const Vec<float>& gi = *g[i];
        Vec<float>& mi = *m[i];
        Vec<float>& vi = *v[i];
        ++i;
        if (gi.empty())
            return;
        for (size_t e = 0; e < w.size(); ++e) {
            mi[e] = float(beta1_ * mi[e] + (1 - beta1_) * gi[e]);
            vi[e] = float(beta2_ * vi[e] + (1 - beta2_) * double(gi[e]) * gi[e]);
            const double update = (mi[e] / c1) / (std::sqrt(vi[e] / c2) + eps_);
            w[e] = float(w[e] - lr * (update + weightDecay_ * w[e]));
        }
    });
}

} // namespace rwkv::train
