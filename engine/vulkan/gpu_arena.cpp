#include "vulkan/gpu_arena.h"

#include "core/error.h"

namespace rwkv::vulkan {

namespace {
constexpr VkDeviceSize kAlign = 256; // ≥ every device's minStorageBufferOffsetAlignment

std::string megabytes(VkDeviceSize b)
{
    return std::to_string((b + (1u << 20) - 1) >> 20) + " MB";
}
} // namespace

GpuArena::GpuArena(VulkanDevice& device, MemoryKind kind, VkDeviceSize blockBytes)
    : device_(device), kind_(kind), blockBytes_(blockBytes)
{
}

GpuArena::~GpuArena()
{
    VkDevice d = device_.handle();
    for (Block& b : blocks_) {
        if (b.mapped)
            vkUnmapMemory(d, b.memory);
        vkDestroyBuffer(d, b.buffer, nullptr);
        vkFreeMemory(d, b.memory, nullptr);
        device_.releaseMemory(b.memoryBytes);
    }
}

GpuRange GpuArena::allocate(VkDeviceSize bytes)
{
    bytes = (std::max<VkDeviceSize>(bytes, 4) + kAlign - 1) / kAlign * kAlign;
    Block* block = nullptr;
    for (Block& b : blocks_)
        if (b.size - b.used >= bytes) {
            block = &b;
            break;
        }
    if (!block)
        block = &newBlock(std::max(bytes, blockBytes_));
    GpuRange r;
    r.buffer = block->buffer;
    r.offset = block->used;
    r.bytes = bytes;
    r.address = block->address + block->used;
    if (block->mapped)
        r.mapped = static_cast<char*>(block->mapped) + block->used;
    block->used += bytes;
    return r;
}

GpuArena::Block& GpuArena::newBlock(VkDeviceSize bytes)
{
    VkDevice d = device_.handle();
    Block b;
    b.size = bytes;
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = bytes;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                 VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    check(vkCreateBuffer(d, &info, nullptr, &b.buffer), "creating a buffer");
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(d, b.buffer, &req);
    VkMemoryPropertyFlags wanted = 0, preferred = 0;
    switch (kind_) {
    case MemoryKind::Device: wanted = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT; break;
    case MemoryKind::Upload: wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT; break;
    case MemoryKind::Readback:
        wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
        break;
    }
    int type = device_.memoryType(req.memoryTypeBits, wanted, preferred);
    if (type < 0) {
        vkDestroyBuffer(d, b.buffer, nullptr);
        throw Error(ErrorCode::Unsupported, device_.summary().name + " offers no suitable memory type for buffers");
    }
    try {
        device_.reserveMemory(req.size);
    } catch (...) {
        vkDestroyBuffer(d, b.buffer, nullptr);
        throw;
    }
    VkMemoryAllocateFlagsInfo flags{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO};
    flags.flags = VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT;
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.pNext = &flags;
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = uint32_t(type);
    VkResult r = vkAllocateMemory(d, &alloc, nullptr, &b.memory);
    if (r != VK_SUCCESS) {
        vkDestroyBuffer(d, b.buffer, nullptr);
        device_.releaseMemory(req.size);
        throw Error(ErrorCode::ResourceLimit, device_.summary().name + " has no room for " + megabytes(req.size) +
                                                  " more (" + megabytes(reserved_) + " already in use by the model)");
    }
    check(vkBindBufferMemory(d, b.buffer, b.memory, 0), "binding buffer memory");
    if (kind_ != MemoryKind::Device)
        check(vkMapMemory(d, b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped), "mapping memory");
    VkBufferDeviceAddressInfo addr{VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO};
    addr.buffer = b.buffer;
    b.address = vkGetBufferDeviceAddress(d, &addr);
    b.memoryBytes = req.size;
    reserved_ += req.size;
    blocks_.push_back(b);
    return blocks_.back();
}

} // namespace rwkv::vulkan
