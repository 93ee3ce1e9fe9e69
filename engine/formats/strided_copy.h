// Helpers for tensors stored as strided views of a larger buffer (a column of a matrix, a
// transpose, rows at an offset), which checkpoints keep exactly as PyTorch had them in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwkv {

// True when `stride` is the row-major stride of `shape`: the elements are contiguous in order.
// Dimensions of size 1 may have any stride; a tensor without elements is contiguous.
bool isRowMajor(const std::vector<int64_t>& shape, const std::vector<int64_t>& stride);

// Number of elements, or -1 when it exceeds `limit` (sizes come from files and may be absurd).
int64_t elementCountUpTo(const std::vector<int64_t>& shape, uint64_t limit);

// Index of the last element of a strided view plus one: the storage elements the view needs,
// or -1 when that exceeds `limit`. 0 for a view without elements. Requires non-negative values.
int64_t stridedExtentUpTo(int64_t offset, const std::vector<int64_t>& shape, const std::vector<int64_t>& stride,
                          uint64_t limit);

// Copies the strided view at `base` (element 0 of the storage, view offset already applied) into
// `out` in row-major order. The caller has checked that every element lies within the storage.
void copyStrided(const std::byte* base, size_t elementSize, const std::vector<int64_t>& shape,
                 const std::vector<int64_t>& stride, std::byte* out);

} // namespace rwkv
