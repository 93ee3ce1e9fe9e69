// Checkpoint writers: save tensors as a .safetensors file or as a PyTorch .pth that torch.load()
// reads (and that TensorFile::open() reads back identically). Used by `rwkv-cli make-random`, by
// format conversion, and by tests that build unusual files.
//
// Each tensor is given as a TensorView: name, dtype, shape, and numel() * dtypeSize() bytes of
// row-major little-endian data at `data` (for example the tensors() of an open TensorFile).
// Writers stream the data to disk, holding no more than the small headers in memory, into
// "<path>.partial", renamed to `path` only once complete: a failure never leaves a half-written
// file under `path`. Throws Error(InvalidArgument) for empty or repeated names, negative sizes or
// missing data, Error(Io) when the file cannot be written.
#pragma once

#include "formats/tensor_file.h"

#include <span>
#include <string>

namespace rwkv {

// Header "__metadata__" is {"format": "pt"}; tensors are ordered by decreasing element size so
// every tensor's data stays aligned, with no gaps (as the safetensors library requires).
void writeSafetensors(const std::string& path, std::span<const TensorView> tensors);

// PyTorch's layout: <stem>/data.pkl (pickle protocol 2 of an OrderedDict of _rebuild_tensor_v2
// calls, one storage per tensor), <stem>/byteorder, <stem>/data/0..N-1 (64-byte aligned),
// <stem>/version = "3\n", where <stem> is the file name without its extension.
void writePth(const std::string& path, std::span<const TensorView> tensors);

} // namespace rwkv
