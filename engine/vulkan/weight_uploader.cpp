#include "vulkan/weight_uploader.h"

#include "core/dtype.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace rwkv::vulkan {

namespace {
constexpr size_t kStagingBytes = size_t(64) << 20;
}

WeightUploader::WeightUploader(VulkanDevice& device, GpuArena& deviceArena, GpuWeights format)
    : device_(device), arena_(deviceArena), format_(format), stagingArena_(device, MemoryKind::Upload, kStagingBytes)
{
    staging_ = stagingArena_.allocate(kStagingBytes);
    cmd_ = device_.allocateCommandBuffer();
}

WeightUploader::~WeightUploader()
{
    device_.freeCommandBuffer(cmd_);
}

Address WeightUploader::vector(const std::vector<float>& values)
{
    return upload(values.data(), values.size() * sizeof(float));
}

GpuMatrix WeightUploader::matrix(const Matrix& m, GpuWeights format)
{
    GpuMatrix g;
    g.rows = m.rows;
    g.cols = m.cols;
    if (format == GpuWeights::Q4 && m.cols % 32 != 0)
        format = GpuWeights::Q8;
    if (format == GpuWeights::Q8 && m.cols % 4 != 0)
        format = GpuWeights::F16;
    if (format == GpuWeights::F16 && m.cols % 2 != 0)
        format = GpuWeights::F32;
    g.format = format;
    // The CPU formats are irrelevant here: take the values as float32 and encode for the GPU.
    const std::vector<float> values = m.toFloats();
    const size_t n = values.size();
    switch (format) {
    case GpuWeights::F32:
        g.address = upload(values.data(), n * sizeof(float));
        break;
    case GpuWeights::F16: {
        std::vector<uint16_t> half(n);
        for (size_t i = 0; i < n; ++i)
            half[i] = floatToF16(values[i]);
        g.address = upload(half.data(), n * sizeof(uint16_t));
        break;
    }
    case GpuWeights::Q8: {
        std::vector<int8_t> q(n);
        std::vector<float> scales(size_t(m.rows));
        for (int r = 0; r < m.rows; ++r) {
            const float* row = values.data() + size_t(r) * size_t(m.cols);
            float maxAbs = 0;
            for (int i = 0; i < m.cols; ++i)
                maxAbs = std::max(maxAbs, std::fabs(row[i]));
            float s = maxAbs > 0 ? maxAbs / 127.0f : 1.0f;
            scales[size_t(r)] = s;
            for (int i = 0; i < m.cols; ++i)
                q[size_t(r) * m.cols + i] = int8_t(std::clamp(std::lround(row[i] / s), -127L, 127L));
        }
        g.address = upload(q.data(), n);
        g.scales = vector(scales);
        break;
    }
    case GpuWeights::Q4: {
        std::vector<uint32_t> words(n / 8, 0);
        std::vector<float> scales(n / 32);
        for (size_t b = 0; b < n / 32; ++b) {
            const float* block = values.data() + b * 32;
            float maxAbs = 0;
            for (int i = 0; i < 32; ++i)
                maxAbs = std::max(maxAbs, std::fabs(block[i]));
            float s = maxAbs > 0 ? maxAbs / 7.0f : 1.0f;
            scales[b] = s;
            for (int i = 0; i < 32; ++i) {
                uint32_t q = uint32_t(std::clamp(std::lround(block[i] / s), -8L, 7L) + 8);
                words[b * 4 + size_t(i) / 8] |= q << (4 * (i % 8));
            }
        }
        g.address = upload(words.data(), words.size() * sizeof(uint32_t));
        g.scales = vector(scales);
        break;
    }
    }
    return g;
}

Address WeightUploader::upload(const void* data, size_t bytes)
{
    GpuRange dst = arena_.allocate(bytes);
    const char* src = static_cast<const char*>(data);
    size_t done = 0;
    while (done < bytes) {
        if (stagingUsed_ == kStagingBytes)
            flush();
        size_t n = std::min(bytes - done, kStagingBytes - stagingUsed_);
        std::memcpy(static_cast<char*>(staging_.mapped) + stagingUsed_, src + done, n);
        if (!recording_) {
            VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
            begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
            check(vkBeginCommandBuffer(cmd_, &begin), "recording weight uploads");
            recording_ = true;
        }
        VkBufferCopy region{staging_.offset + stagingUsed_, dst.offset + done, n};
        vkCmdCopyBuffer(cmd_, staging_.buffer, dst.buffer, 1, &region);
        // Copies stay 4-byte aligned so float16 pairs and floats never straddle them.
        stagingUsed_ += (n + 3) / 4 * 4;
        done += n;
    }
    return dst.address;
}

void WeightUploader::flush()
{
    if (!recording_)
        return;
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT;
    vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1, &barrier, 0,
                         nullptr, 0, nullptr);
    check(vkEndCommandBuffer(cmd_), "recording weight uploads");
    device_.submitAndWait({&cmd_, 1});
    recording_ = false;
    stagingUsed_ = 0;
}

void WeightUploader::finish()
{
    flush();
}

} // namespace rwkv::vulkan
