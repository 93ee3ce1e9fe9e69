#include "formats/tensor_file.h"

#include "core/error.h"
#include "formats/byte_size_text.h"
#include "formats/checkpoint_readers.h"
#include "formats/little_endian.h"
#include "formats/mapped_file.h"


namespace rwkv {

size_t TensorView::numel() const
{
    size_t count = 1;
    for (int64_t dim : shape)
        count *= size_t(dim);
    return count;
}

std::vector<float> TensorView::toFloat() const
{
    std::vector<float> out(numel());
    toFloat(0, out.size(), out.data());
    return out;
}

void TensorView::toFloat(size_t first, size_t count, float* out) const
{
    if (count == 0)
        return;
    if (dtype == DType::Bool) {
        for (size_t i = 0; i < count; ++i)
            out[i] = data[first + i] != std::byte{0} ? 1.0f : 0.0f;
        return;
    }
    convertToFloat(dtype, data + first * dtypeSize(dtype), count, out);
}

std::string TensorView::shapeString() const
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + "]";
}

CheckpointContents readCheckpoint(std::span<const std::byte> bytes, const std::string& fileName)
{
    if (bytes.empty())
        throw Error(ErrorCode::Truncated, fileName + " is empty (0 bytes): an incomplete download or not a checkpoint");
    if (bytes.size() >= 4 && (le::read32(bytes.data()) == 0x04034b50 || le::read32(bytes.data()) == 0x06054b50))
        return readPth(bytes, fileName);
    // torch.save before 1.6 wrote a bare pickle stream: PROTO 2, then a 10-byte magic LONG1. As a
    // safetensors header length those bytes would exceed the 100 MB limit, so nothing valid is lost.
    if (bytes.size() >= 4 && le::read32(bytes.data()) == 0x0a8a0280u)
        throw Error(ErrorCode::Unsupported, fileName + " uses the legacy PyTorch format (before 1.6); load it in "
                                                       "Python and save it again with torch.save");
    return readSafetensors(bytes, fileName);
}

namespace {

std::string baseName(const std::string& path)
{
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A checkpoint whose views point into its own mapping and copies.
class MappedTensorFile final : public TensorFile {
public:
    MappedTensorFile(MappedFile file, CheckpointContents contents)
        : file_(std::move(file)), contents_(std::move(contents))
    {
    }
    CheckpointFormat format() const override { return contents_.format; }
    const std::vector<TensorView>& tensors() const override { return contents_.tensors; }
    uint64_t fileSize() const override { return file_.size(); }
    bool inMapping(const std::byte* p, size_t bytes) const override
    {
        const std::byte* begin = file_.data();
        return begin && p >= begin && bytes <= file_.size() && size_t(p - begin) <= file_.size() - bytes;
    }

private:
    MappedFile file_;
    CheckpointContents contents_;
};

} // namespace

std::unique_ptr<TensorFile> TensorFile::open(const std::string& path)
{
    MappedFile file = MappedFile::open(path);
    CheckpointContents contents = readCheckpoint(file.bytes(), baseName(path));
    return std::make_unique<MappedTensorFile>(std::move(file), std::move(contents));
}

const TensorView* TensorFile::find(const std::string& name) const
{
    // Checkpoints hold at most a few thousand tensors and find() runs at load time: a scan is fine.
    for (const TensorView& view : tensors())
        if (view.name == name)
            return &view;
    return nullptr;
}

} // namespace rwkv
