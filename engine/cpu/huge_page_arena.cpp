#include "cpu/huge_page_arena.h"

#include "core/error.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace rwkv {

namespace {

constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kChunk = size_t(64) << 20;

size_t roundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

} // namespace

void* mapHugePages(size_t bytes)
{
    bytes = roundUp(bytes, kHugePage);
    // Over-map by one huge page so the returned range can start on a 2 MB boundary.
    void* raw = ::mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return nullptr;
    auto start = reinterpret_cast<uintptr_t>(raw);
    uintptr_t aligned = roundUp(start, kHugePage);
    if (aligned > start)
        ::munmap(raw, aligned - start);
    if (size_t tail = kHugePage - (aligned - start); tail > 0)
        ::munmap(reinterpret_cast<void*>(aligned + bytes), tail);
#ifdef MADV_HUGEPAGE
    ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE); // a hint: plain pages still work
#endif
    return reinterpret_cast<void*>(aligned);
}

void releaseHugePages(void* p, size_t bytes)
{
    if (p)
        ::munmap(p, roundUp(bytes, kHugePage));
}

void dropMappedPages(const void* p, size_t bytes)
{
    const auto page = size_t(::sysconf(_SC_PAGESIZE));
    auto begin = roundUp(reinterpret_cast<uintptr_t>(p), page);
    auto end = (reinterpret_cast<uintptr_t>(p) + bytes) / page * page;
    if (end > begin)
        ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

HugePageArena::~HugePageArena()
{
    for (Chunk& c : chunks_)
        releaseHugePages(c.base, c.size);
}

void* HugePageArena::allocate(size_t bytes)
{
    bytes = roundUp(std::max<size_t>(bytes, 1), 64);
    if (chunks_.empty() || chunks_.back().size - chunks_.back().used < bytes) {
        Chunk c;
        c.size = roundUp(std::max(bytes, kChunk), kHugePage);
        c.base = mapHugePages(c.size);
        if (!c.base)
            throw Error(ErrorCode::ResourceLimit, "not enough memory for the model's weights (" +
                                                    std::to_string(c.size >> 20) + " MB more were needed)");
        chunks_.push_back(c);
    }
    Chunk& c = chunks_.back();
    void* p = static_cast<uint8_t*>(c.base) + c.used;
    c.used += bytes;
    used_ += bytes;
    return p;
}

Matrix HugePageArena::adopt(const Matrix& m, bool dropSource)
{
    constexpr size_t kSlice = size_t(8) << 20;
    auto copy = [&](const void* from, size_t bytes) {
        void* to = allocate(bytes);
        for (size_t at = 0; at < bytes; at += kSlice) {
            const size_t n = std::min(kSlice, bytes - at);
            std::memcpy(static_cast<uint8_t*>(to) + at, static_cast<const uint8_t*>(from) + at, n);
            if (dropSource)
                dropMappedPages(static_cast<const uint8_t*>(from) + at, n);
        }
        return to;
    };
    Matrix moved = m;
    moved.data = copy(m.data, m.rowBytes() * size_t(m.rows));
    if (m.scales)
        moved.scales = static_cast<const float*>(copy(m.scales, m.scaleBytes()));
    moved.owner = shared_from_this();
    return moved;
}

Matrix HugePageArena::allocateMatrix(int rows, int cols, WeightFormat format)
{
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.format = Matrix::encodedFormat(cols, format);
    m.data = allocate(m.rowBytes() * size_t(rows));
    m.scales = m.scaleBytes() ? static_cast<float*>(allocate(m.scaleBytes())) : nullptr;
    m.owner = shared_from_this();
    return m;
}

Matrix HugePageArena::encode(int rows, int cols, const float* values, WeightFormat format)
{
    Matrix m = allocateMatrix(rows, cols, format);
    m.encodeInto(values, const_cast<void*>(m.data), const_cast<float*>(m.scales));
    return m;
}

} // namespace rwkv
