#include "vulkan/gpu_kernels.h"

#include "core/error.h"
#include "vulkan/shader_library.h"

#include <algorithm>

namespace rwkv::vulkan {

namespace {

constexpr uint32_t kPushBytes = 128;  // the minimum every device offers
constexpr uint32_t kWorkgroup = 64;   // local_size_x of every shader (common.glsl WG)
constexpr uint32_t kMatmulRows = 4;   // ROWS in matmul.comp
constexpr uint32_t kMaxGroups = 65535;

uint32_t groupsFor(size_t n)
{
    return uint32_t(std::clamp<size_t>((n + kWorkgroup - 1) / kWorkgroup, 1, 4096));
}

// Push-constant blocks, laid out as the shaders declare them (std430: addresses first).
struct MatmulParams {
    Address w, x, y, scales;
    uint32_t outDim, inDim, rows, xStride, yStride, pad;
};
struct NormParams {
    Address x, y, w, b;
    uint32_t width, groups, srcStart, srcStep;
    float eps;
    uint32_t pad;
};
struct ElementParams {
    Address a, b, c, out;
    uint32_t n, period, op, pad;
};
struct ShiftParams {
    Address x, prev, m, out;
    uint32_t width, tokens, batch, stateStride, mode, pad;
};
struct Wkv7Params {
    Address r, k, v, w, a, kk, ka, rk, y, bonus, state;
    uint32_t width, headSize, tokens, stateStride;
};
struct Wkv5Params {
    Address r, k, v, w, u, y, state;
    uint32_t width, headSize, tokens, stateStride, wPerToken, pad;
};
struct Wkv4Params {
    Address r, k, v, first, decay, y, state;
    uint32_t width, tokens, batch, stateStride;
};
struct SampleParams {
    Address logits, weights, rows, ids;
    uint32_t vocab, pad;
};
static_assert(sizeof(Wkv7Params) <= kPushBytes);

} // namespace

GpuKernels::GpuKernels(VulkanDevice& device) : device_(device), subgroups_(device.hasSubgroupArithmetic())
{
}

GpuKernels::~GpuKernels()
{
    VkDevice d = device_.handle();
    for (auto& [name, p] : pipelines_) {
        vkDestroyPipeline(d, p.pipeline, nullptr);
        vkDestroyPipelineLayout(d, p.layout, nullptr);
        vkDestroyShaderModule(d, p.module, nullptr);
    }
}

const GpuKernels::Pipeline& GpuKernels::pipeline(const char* name)
{
    auto it = pipelines_.find(name);
    if (it != pipelines_.end())
        return it->second;
    std::span<const uint32_t> words = shaderWords(name);
    if (words.empty())
        throw Error(ErrorCode::Unsupported, std::string("this build lacks the GPU shader ") + name);
    VkDevice d = device_.handle();
    Pipeline p;
    VkShaderModuleCreateInfo module{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    module.codeSize = words.size() * 4;
    module.pCode = words.data();
    check(vkCreateShaderModule(d, &module, nullptr, &p.module), "loading a shader");
    VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, kPushBytes};
    VkPipelineLayoutCreateInfo layout{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    layout.pushConstantRangeCount = 1;
    layout.pPushConstantRanges = &range;
    check(vkCreatePipelineLayout(d, &layout, nullptr, &p.layout), "creating a pipeline layout");
    VkComputePipelineCreateInfo info{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    info.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = p.module;
    info.stage.pName = "main";
    info.layout = p.layout;
    check(vkCreateComputePipelines(d, VK_NULL_HANDLE, 1, &info, nullptr, &p.pipeline), "compiling a shader");
    return pipelines_.emplace(name, p).first->second;
}

void GpuKernels::dispatch(const char* name, const void* params, uint32_t bytes, uint32_t x, uint32_t y, uint32_t z)
{
    const Pipeline& p = pipeline(name);
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT;
    barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
    vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1,
                         &barrier, 0, nullptr, 0, nullptr);
    vkCmdBindPipeline(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, p.pipeline);
    vkCmdPushConstants(cmd_, p.layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, bytes, params);
    vkCmdDispatch(cmd_, x, y, z);
}

void GpuKernels::computeToTransfer()
{
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT;
    vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &barrier,
                         0, nullptr, 0, nullptr);
}

void GpuKernels::transferToCompute()
{
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
    vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1, &barrier,
                         0, nullptr, 0, nullptr);
}

void GpuKernels::transferToHost()
{
    VkMemoryBarrier barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &barrier, 0, nullptr,
                         0, nullptr);
}

void GpuKernels::matmul(const GpuMatrix& w, Address x, Address y, int rows, int xStride, int yStride)
{
    MatmulParams p{w.address, x, y, w.scales, uint32_t(w.rows), uint32_t(w.cols), uint32_t(rows),
                   uint32_t(xStride ? xStride : w.cols), uint32_t(yStride ? yStride : w.rows), 0};
    static const char* const names[4][2] = {{"matmul_f32", "matmul_f32_subgroup"},
                                            {"matmul_f16", "matmul_f16_subgroup"},
                                            {"matmul_q8", "matmul_q8_subgroup"},
                                            {"matmul_q4", "matmul_q4_subgroup"}};
    const char* name = names[int(w.format)][subgroups_ ? 1 : 0];
    uint32_t out = uint32_t(w.rows);
    uint32_t gx = std::min(out, kMaxGroups);
    uint32_t gy = (out + gx - 1) / gx;
    dispatch(name, &p, sizeof p, gx, gy, (uint32_t(rows) + kMatmulRows - 1) / kMatmulRows);
}

void GpuKernels::argmax(Address logits, Address ids, int rows, int vocab)
{
    struct {
        Address logits, ids;
        uint32_t vocab, pad;
    } p{logits, ids, uint32_t(vocab), 0};
    dispatch("argmax", &p, sizeof p, uint32_t(rows));
}

void GpuKernels::sample(Address logits, Address weights, Address rows, Address ids, int rowCount, int vocab)
{
    SampleParams p{logits, weights, rows, ids, uint32_t(vocab), 0};
    dispatch("sample", &p, sizeof p, uint32_t(rowCount));
}

void GpuKernels::norm(Address x, Address y, Address weight, Address bias, int width, int groups, int rows, float eps,
                      int srcStart, int srcStep)
{
    NormParams p{x, y, weight, bias, uint32_t(width), uint32_t(groups), uint32_t(srcStart), uint32_t(srcStep), eps, 0};
    dispatch("layer_norm", &p, sizeof p, uint32_t(rows), uint32_t(groups));
}

void GpuKernels::elementwise(ElementOp op, Address a, Address b, Address c, Address out, size_t n, int period)
{
    ElementParams p{a, b, c, out, uint32_t(n), uint32_t(period), uint32_t(op), 0};
    dispatch("elementwise", &p, sizeof p, groupsFor(n));
}

void GpuKernels::tokenShift(ShiftMode mode, Address x, Address prev, Address mix, Address out, int width,
                            const PassShape& s)
{
    ShiftParams p{x, prev, mix, out, uint32_t(width), uint32_t(s.tokens), uint32_t(s.batch), s.stateStride,
                  uint32_t(mode), 0};
    size_t n = size_t(width) * size_t(mode == ShiftMode::Save ? s.batch : s.rows());
    dispatch("token_shift", &p, sizeof p, groupsFor(n));
}

void GpuKernels::wkv7(Address r, Address k, Address v, Address w, Address a, Address kk, Address ka, Address rk,
                      Address y, Address bonus, Address state, int width, int headSize, const PassShape& s)
{
    Wkv7Params p{r, k, v, w, a, kk, ka, rk, y, bonus, state, uint32_t(width), uint32_t(headSize), uint32_t(s.tokens),
                 s.stateStride};
    dispatch("wkv7", &p, sizeof p, uint32_t(width / headSize), uint32_t(s.batch));
}

void GpuKernels::wkv5(Address r, Address k, Address v, Address w, bool wPerToken, Address u, Address y,
                      Address state, int width, int headSize, const PassShape& s)
{
    Wkv5Params p{r, k, v, w, u, y, state, uint32_t(width), uint32_t(headSize), uint32_t(s.tokens), s.stateStride,
                 wPerToken ? 1u : 0u, 0};
    dispatch("wkv5", &p, sizeof p, uint32_t(width / headSize), uint32_t(s.batch));
}

void GpuKernels::wkv4(Address r, Address k, Address v, Address first, Address decay, Address y, Address state,
                      int width, const PassShape& s)
{
    Wkv4Params p{r, k, v, first, decay, y, state, uint32_t(width), uint32_t(s.tokens), uint32_t(s.batch),
                 s.stateStride};
    dispatch("wkv4", &p, sizeof p, (uint32_t(width * s.batch) + kWorkgroup - 1) / kWorkgroup);
}

} // namespace rwkv::vulkan
