// The checkpoint readers parse the bytes of a whole checkpoint (normally a MappedFile; for the
// fuzzers, any buffer) into tensor views. Views point into those bytes wherever the stored layout
// allows, so the caller keeps the bytes alive as long as the views; tensors that must be copied
// (non-contiguous views, or data not aligned to its element size) live in `buffers`.
// TensorFile::open() is the public way in; these functions exist for it and for the fuzzers.
#pragma once

#include "formats/tensor_file.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace rwkv {

struct CheckpointContents {
    CheckpointFormat format = CheckpointFormat::Pth;
    std::vector<TensorView> tensors; // file order
    // Copies the views may point into. Moving the contents keeps those pointers valid.
    std::vector<std::vector<std::byte>> buffers;
    uint64_t bufferBytes = 0;
};

// Every guarantee below holds for all three: a tensor's data lies entirely within `bytes` or
// `buffers`, is aligned to its element size, and holds exactly numel() * dtypeSize() bytes.
// Failures throw Error with a sentence that starts with `fileName` (used only in messages).

// A PyTorch zip checkpoint (torch.save since 1.6).
CheckpointContents readPth(std::span<const std::byte> bytes, const std::string& fileName);
// A .safetensors file.
CheckpointContents readSafetensors(std::span<const std::byte> bytes, const std::string& fileName);
// Either, chosen by content: zip magic means .pth, anything else is read as .safetensors.
CheckpointContents readCheckpoint(std::span<const std::byte> bytes, const std::string& fileName);

} // namespace rwkv
