#include "vulkan/weight_uploader.h"

#include "core/dtype.h"

#include <cstring>

namespace rwkv::vulkan {

namespace {
constexpr size_t kStagingBytes = size_t(64) << 20;
}

WeightUploader::WeightUploader(VulkanDevice& device, GpuArena& deviceArena, bool matricesAsF16)
    : device_(device), arena_(deviceArena), f16_(matricesAsF16), stagingArena_(device, MemoryKind::Upload, kStagingBytes)
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

GpuMatrix WeightUploader::matrix(const Matrix& m)
{
    GpuMatrix g;
    g.rows = m.rows;
    g.cols = m.cols;
    g.f16 = f16_ && m.cols % 2 == 0;
    if (!g.f16) {
        g.address = upload(m.data.data(), m.data.size() * sizeof(float));
        return g;
    }
    std::vector<uint16_t> half(m.data.size());
    for (size_t i = 0; i < half.size(); ++i)
        half[i] = floatToF16(m.data[i]);
    g.address = upload(half.data(), half.size() * sizeof(uint16_t));
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
