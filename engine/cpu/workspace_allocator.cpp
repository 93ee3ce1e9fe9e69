#include "cpu/workspace_allocator.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

namespace rwkv::cpu {

namespace {

constexpr size_t kMapped = size_t(64) << 10; // from 64 KB on, a mapping of its own
constexpr size_t kPage = size_t(4) << 10;

size_t mappedSize(size_t bytes)
{
    return (bytes + kPage - 1) / kPage * kPage;
}

} // namespace

void* allocateWorkspace(size_t bytes)
{
    if (bytes < kMapped) {
        void* p = std::malloc(bytes ? bytes : 1);
        if (!p)
            throw std::bad_alloc();
        std::memset(p, 0, bytes);
        return p;
    }
    // Populated in the one call: the kernel zeroes the pages there instead of one page fault
    // per 4 KB on first touch.
    void* p = mmap(nullptr, mappedSize(bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    return p;
}

void releaseWorkspace(void* p, size_t bytes)
{
    if (!p)
        return;
    if (bytes < kMapped)
        std::free(p);
    else
        munmap(p, mappedSize(bytes));
}

} // namespace rwkv::cpu
