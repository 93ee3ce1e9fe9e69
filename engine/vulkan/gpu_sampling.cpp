#include "vulkan/gpu_sampling.h"

#include "core/error.h"

#include <algorithm>

namespace rwkv::vulkan {

namespace {
// Kept in step with `Adjustment` in shaders/sample.comp.
struct GpuAdjustment {
    uint32_t id;
    float bias;
    float penalty;
    uint32_t banned;
};
static_assert(sizeof(GpuAdjustment) == 16);
} // namespace

GpuSampling::GpuSampling(GpuArena& upload, int maxRows) : upload_(upload), maxRows_(maxRows)
{
    rows_ = upload_.allocate(sizeof(SampleRow) * size_t(maxRows));
    capacity_ = 1024;
    adjustments_ = upload_.allocate(sizeof(GpuAdjustment) * capacity_);
}

void GpuSampling::stage(std::span<Sampler* const> samplers, std::span<const SamplingStep> steps)
{
    if (samplers.size() > size_t(maxRows_) || steps.size() != samplers.size())
        throw Error(ErrorCode::InvalidArgument, "a sampling pass got more rows than it was built for");
    size_t needed = 0;
    for (const SamplingStep& s : steps)
        needed += s.adjustments.size();
    if (needed > capacity_) {
        // The old range stays allocated (the arena does not free single ranges); doubling keeps
        // what is lost below what is in use.
        while (capacity_ < needed)
            capacity_ *= 2;
        adjustments_ = upload_.allocate(sizeof(GpuAdjustment) * capacity_);
    }
    auto* rows = static_cast<SampleRow*>(rows_.mapped);
    auto* out = static_cast<GpuAdjustment*>(adjustments_.mapped);
    size_t at = 0;
    for (size_t r = 0; r < samplers.size(); ++r) {
        const SamplerSettings& s = samplers[r]->settings();
        SampleRow row;
        const VkDeviceAddress address = adjustments_.address + at * sizeof(GpuAdjustment);
        row.adjustments[0] = uint32_t(address);
        row.adjustments[1] = uint32_t(address >> 32);
        row.adjustmentCount = uint32_t(steps[r].adjustments.size());
        row.greedy = s.temperature <= 0.0f ? 1u : 0u;
        row.invTemperature = row.greedy ? 1.0f : 1.0f / s.temperature; // as Sampler::sample computes it
        row.topK = uint32_t(std::max(s.topK, 0));
        row.topP = s.topP;
        row.minWeight = std::clamp(static_cast<double>(s.minP), 0.0, 1.0);
        row.uniform = steps[r].uniform;
        rows[r] = row;
        for (const LogitAdjustment& a : steps[r].adjustments)
            out[at++] = GpuAdjustment{uint32_t(a.id), a.bias, a.penalty, a.banned ? 1u : 0u};
    }
}

} // namespace rwkv::vulkan
