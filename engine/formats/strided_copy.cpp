#include "formats/strided_copy.h"

#include <cstring>

namespace rwkv {

bool isRowMajor(const std::vector<int64_t>& shape, const std::vector<int64_t>& stride)
{
    int64_t expected = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        if (shape[i] == 0)
            return true;
        if (shape[i] != 1 && stride[i] != expected)
            return false;
        expected *= shape[i];
    }
    return true;
}

int64_t elementCountUpTo(const std::vector<int64_t>& shape, uint64_t limit)
{
    unsigned __int128 count = 1;
    for (int64_t dim : shape) {
        if (dim < 0)
            return -1;
        count *= uint64_t(dim);
        if (count == 0)
            return 0;
        if (count > limit)
            return -1;
    }
    return int64_t(count);
}

int64_t stridedExtentUpTo(int64_t offset, const std::vector<int64_t>& shape, const std::vector<int64_t>& stride,
                          uint64_t limit)
{
    unsigned __int128 last = uint64_t(offset);
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0)
            return 0;
        last += (unsigned __int128)uint64_t(shape[i] - 1) * uint64_t(stride[i]);
        if (last >= limit)
            return -1;
    }
    return last + 1 > limit ? -1 : int64_t(last + 1);
}

void copyStrided(const std::byte* base, size_t elementSize, const std::vector<int64_t>& shape,
                 const std::vector<int64_t>& stride, std::byte* out)
{
    const size_t dims = shape.size();
    for (int64_t dim : shape)
        if (dim == 0)
            return;
    if (dims == 0) {
        std::memcpy(out, base, elementSize);
        return;
    }
    // Walk the outer indices like an odometer; copy the innermost dimension in one go when its
    // elements are adjacent.
    std::vector<int64_t> index(dims, 0);
    const int64_t inner = shape[dims - 1];
    const int64_t innerStride = stride[dims - 1];
    for (;;) {
        int64_t at = 0;
        for (size_t i = 0; i + 1 < dims; ++i)
            at += index[i] * stride[i];
        const std::byte* row = base + size_t(at) * elementSize;
        if (innerStride == 1) {
            std::memcpy(out, row, size_t(inner) * elementSize);
            out += size_t(inner) * elementSize;
        } else {
            for (int64_t j = 0; j < inner; ++j, out += elementSize)
                std::memcpy(out, row + size_t(j * innerStride) * elementSize, elementSize);
        }
        size_t d = dims - 1;
        for (;;) {
            if (d == 0)
                return;
            --d;
            if (++index[d] < shape[d])
                break;
            index[d] = 0;
        }
    }
}

} // namespace rwkv
