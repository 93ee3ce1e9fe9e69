// TensorFile is an opened checkpoint: a read-only table from tensor name to a contiguous,
// row-major view of its elements. Views point into the memory-mapped file wherever the stored
// layout allows (zero copy); tensors stored as non-contiguous views are materialised into
// buffers the TensorFile owns. A TensorFile is immutable after open() and safe to read from
// many threads. Views stay valid for the TensorFile's lifetime. Every view's data is aligned to
// its element size (the rare misaligned stored tensor is copied), so it may be read as float*,
// uint16_t*, ... directly.
//
// .pth: the pickled dict's tensors in pickle order; values that are not tensors are skipped and
// nested dicts contribute "outer.inner" names (a checkpoint saved as {"model": state_dict} reads
// as "model.emb.weight", ...). .safetensors: tensors in data order; "__metadata__" is ignored.
// Writers for both formats are in formats/checkpoint_writer.h.
#pragma once

#include "core/dtype.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rwkv {

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape; // empty for a 0-d scalar
    const std::byte* data = nullptr;

    // Product of the shape (1 for a scalar).
    size_t numel() const;
    size_t byteSize() const { return numel() * dtypeSize(dtype); }
    // All elements converted to float32.
    std::vector<float> toFloat() const;
    // Elements [first, first + count) as float32 into `out` (bool as 0/1, integers by value).
    void toFloat(size_t first, size_t count, float* out) const;
    // "[4, 128]" for messages.
    std::string shapeString() const;
};

enum class CheckpointFormat { Pth, Safetensors };

class TensorFile {
public:
    virtual ~TensorFile() = default;

    // Opens `path`, choosing the reader by content (zip magic → .pth, otherwise .safetensors).
    // Throws Error with a precise sentence on anything malformed: truncated file, bad zip,
    // unknown pickle opcode, shape/size mismatch, offsets past the end, absurd sizes.
    static std::unique_ptr<TensorFile> open(const std::string& path);

    virtual CheckpointFormat format() const = 0;
    // Tensors in file order.
    virtual const std::vector<TensorView>& tensors() const = 0;
    // The tensor called `name`, or nullptr.
    const TensorView* find(const std::string& name) const;
    // Size of the file on disk in bytes.
    virtual uint64_t fileSize() const = 0;
    // Whether [p, p + bytes) lies in the file's read-only mapping (not in a materialised copy):
    // such pages may be dropped from the process and are read again from the file if touched.
    virtual bool inMapping(const std::byte* p, size_t bytes) const = 0;
};

} // namespace rwkv
