// HugePageArena holds a model's large weight matrices in anonymous memory that the kernel is asked
// to back with 2 MB pages. A matrix-vector product streams hundreds of megabytes per token; over
// 4 KB pages (a memory-mapped checkpoint, or ordinary heap memory) every 4 KB costs a TLB miss,
// which leaves a core well short of its share of the memory bandwidth. Matrices are laid out in
// the order they are added, which is the order the forward pass reads them.
#pragma once

#include "cpu/weight_matrix.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace rwkv {

class HugePageArena : public std::enable_shared_from_this<HugePageArena> {
public:
    HugePageArena() = default;
    ~HugePageArena();
    HugePageArena(const HugePageArena&) = delete;
    HugePageArena& operator=(const HugePageArena&) = delete;

    // `bytes` of 64-byte aligned memory that lives as long as the arena. Throws
    // Error(ResourceLimit) when the system refuses the mapping.
    void* allocate(size_t bytes);

    // A copy of `m` (data and scales) in the arena, owned by it. With `dropSource`, `m` lies in a
    // read-only file mapping whose pages are dropped from the process as they are copied (see
    // dropMappedPages), so the weights are never resident twice, not even for a moment.
    Matrix adopt(const Matrix& m, bool dropSource = false);

    // `values` ([rows, cols] float32) converted or quantized straight into the arena, as
    // Matrix::encode would (no intermediate copy on the heap).
    Matrix encode(int rows, int cols, const float* values, WeightFormat format);
    // Room in the arena for a [rows, cols] matrix in `format` (as Matrix::encodedFormat resolves
    // it), to be filled by Matrix::encodeInto, e.g. a block of rows at a time.
    Matrix allocateMatrix(int rows, int cols, WeightFormat format);

    // Bytes handed out so far.
    size_t used() const { return used_; }

private:
    struct Chunk {
        void* base = nullptr;
        size_t size = 0, used = 0;
    };
    std::vector<Chunk> chunks_;
    size_t used_ = 0;
};

// Maps `bytes` of anonymous memory with a request for 2 MB pages (plain pages where the system
// has none); freed with releaseHugePages. Returns nullptr on failure.
void* mapHugePages(size_t bytes);
void releaseHugePages(void* p, size_t bytes);
// Drops the pages of a read-only file mapping that lie wholly inside [p, p + bytes) from this
// process; they are read again from the page cache if touched.
void dropMappedPages(const void* p, size_t bytes);

} // namespace rwkv
