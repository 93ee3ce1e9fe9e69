// Reads PyTorch zip checkpoints: <top>/data.pkl (a pickle of a dict of _rebuild_tensor_v2 calls)
// plus one stored zip entry <top>/data/<key> per storage. The top folder is "archive", the file
// stem, or anything else PyTorch chose, so it is taken from wherever data.pkl is. Newer PyTorch
// adds entries that need no action here: .format_version (only changes the order storages are
// written in), .storage_alignment (entries are padded; any alignment reads the same),
// .data/serialization_id, version. byteorder is honoured: big-endian files are refused.
#include "core/error.h"
#include "formats/byte_size_text.h"
#include "formats/checkpoint_readers.h"
#include "formats/little_endian.h"
#include "formats/strided_copy.h"
#include "formats/torch_unpickler.h"
#include "formats/zip_reader.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <string_view>
#include <unordered_set>

namespace rwkv {

namespace {

using Kind = PickleValue::Kind;

constexpr int kMaxDictNesting = 8;
// Names come from dict keys joined along nested dicts; real ones are under 100 characters, and
// the cap keeps a hostile file from multiplying one long key into gigabytes of names.
constexpr size_t kMaxNameSize = 1024;
// Copies of strided or misaligned tensors may take this much beyond the file's own size; more
// would mean a broadcast view (stride 0) blown up to an absurd size.
constexpr uint64_t kCopyAllowance = uint64_t(64) << 20;

// Without its end record a checkpoint is almost always a cut download. torch.save writes data.pkl
// first, so its storage list usually survives and tells how large the file should have been.
[[noreturn]] void throwIncompleteArchive(std::span<const std::byte> bytes, const std::string& fileName)
{
    const uint64_t size = bytes.size();
    const std::string missingDirectory =
        fileName + " ends after " + byteSizeText(size) +
        " without the zip directory a PyTorch checkpoint ends with: the file is incomplete (a cut download?) or damaged";
    if (size < 30 || le::read32(bytes.data()) != 0x04034b50)
        throw Error(ErrorCode::Truncated, missingDirectory);
    uint64_t nameSize = le::read16(bytes.data() + 26);
    uint64_t dataAt = 30 + nameSize + le::read16(bytes.data() + 28);
    std::string_view name(reinterpret_cast<const char*>(bytes.data() + 30), size_t(std::min(nameSize, size - 30)));
    if (dataAt >= size || !name.ends_with("data.pkl") || le::read16(bytes.data() + 8) != 0)
        throw Error(ErrorCode::Truncated, missingDirectory);
    uint64_t needed = dataAt;
    try {
        UnpickledData data = unpickleTorch(bytes.subspan(size_t(dataAt)), fileName + ": " + std::string(name));
        needed += data.bytesRead;
        std::set<std::string> counted;
        for (const PickledStorage& storage : data.storages)
            if (counted.insert(storage.key).second && storage.numel < (uint64_t(1) << 56))
                needed += storage.numel * dtypeSize(storage.dtype);
    } catch (const Error&) {
        throw Error(ErrorCode::Truncated, missingDirectory);
    }
    if (needed <= size)
        throw Error(ErrorCode::Truncated, missingDirectory);
    throw Error(ErrorCode::Truncated, fileName + " ends after " + byteSizeText(size) +
                                          " but its tensors need at least " + byteSizeText(needed) +
                                          ": the file is incomplete (a cut download?)");
}

// The entry <top>/data.pkl, where <top> is a single folder (or nothing).
const ZipEntry& findPickle(const ZipReader& zip, const std::string& fileName)
{
    const ZipEntry* found = nullptr;
    for (const ZipEntry& entry : zip.entries()) {
        std::string_view name = entry.name;
        if (!name.ends_with("data.pkl"))
            continue;
        std::string_view folder = name.substr(0, name.size() - 8);
        bool topLevel = folder.empty() || (folder.back() == '/' && folder.find('/') == folder.size() - 1);
        if (!topLevel)
            continue;
        if (found)
            throw Error(ErrorCode::Corrupt, fileName + " holds two pickles (" + found->name + " and " + entry.name +
                                                "): not a single PyTorch checkpoint");
        found = &entry;
    }
    if (!found)
        throw Error(ErrorCode::Corrupt, fileName + " is a zip archive without a data.pkl: not a PyTorch checkpoint");
    return *found;
}

void checkByteOrder(const ZipReader& zip, const std::string& top, const std::string& fileName)
{
    const ZipEntry* entry = zip.find(top + "byteorder");
    if (!entry)
        return; // older PyTorch wrote only little-endian files and no marker
    std::span<const std::byte> text = zip.contents(*entry);
    std::string_view order(reinterpret_cast<const char*>(text.data()), text.size());
    if (order != "little")
        throw Error(ErrorCode::Unsupported, fileName + " was saved on a machine with byte order '" + std::string(order) +
                                                "'; only little-endian checkpoints can be read");
}

// The tensors of the pickled dict, in order; nested dicts contribute "outer.inner" names.
class TensorCollector {
public:
    TensorCollector(const UnpickledData& data, const std::string& fileName) : data_(data), fileName_(fileName) {}

    std::vector<std::pair<std::string, uint32_t>> collect()
    {
        const PickleValue& root = data_.values[data_.root];
        if (root.kind != Kind::Dict)
            throw Error(ErrorCode::Unsupported,
                        fileName_ + " holds a pickled " + kindName(root) + " rather than a dict of tensors");
        visit(data_.root, "", 0);
        return std::move(named_);
    }

private:
    static std::string kindName(const PickleValue& value)
    {
        switch (value.kind) {
        case Kind::Tensor: return "tensor";
        case Kind::List: return "list";
        case Kind::Tuple: return "tuple";
        case Kind::Object: return "object (" + value.text + ")";
        default: return "value";
        }
    }

    void visit(uint32_t dict, const std::string& prefix, int depth)
    {
        if (!visited_.insert(dict).second)
            return;
        const std::vector<uint32_t>& items = data_.values[dict].items;
        for (size_t i = 0; i + 1 < items.size(); i += 2) {
            const PickleValue& key = data_.values[items[i]];
            const PickleValue& value = data_.values[items[i + 1]];
            std::string name;
            if (key.kind == Kind::String)
                name = prefix + key.text;
            else if (key.kind == Kind::Int)
                name = prefix + std::to_string(key.integer);
            else
                continue;
            if (name.size() > kMaxNameSize)
                throw Error(ErrorCode::Unsupported, fileName_ + " names a tensor with more than " +
                                                        std::to_string(kMaxNameSize) + " characters");
            if (value.kind == Kind::Tensor) {
                if (!names_.insert(name).second)
                    throw Error(ErrorCode::Corrupt, fileName_ + " holds two tensors named '" + name + "'");
                named_.emplace_back(name, uint32_t(value.integer));
            } else if (value.kind == Kind::Dict && depth < kMaxDictNesting) {
                visit(items[i + 1], name + ".", depth + 1);
            } else if (value.kind == Kind::Object && value.text.find("_rebuild") != std::string::npos) {
                throw Error(ErrorCode::Unsupported, fileName_ + ": tensor '" + name + "' is stored with " + value.text +
                                                        " (a quantized, sparse or device-specific tensor), which the "
                                                        "engine cannot read");
            }
        }
    }

    const UnpickledData& data_;
    const std::string& fileName_;
    std::unordered_set<uint32_t> visited_;
    std::set<std::string> names_;
    std::vector<std::pair<std::string, uint32_t>> named_;
};

} // namespace

CheckpointContents readPth(std::span<const std::byte> bytes, const std::string& fileName)
{
    if (!ZipReader::hasEndRecord(bytes))
        throwIncompleteArchive(bytes, fileName);
    ZipReader zip(bytes, fileName);
    const ZipEntry& pickleEntry = findPickle(zip, fileName);
    const std::string top = pickleEntry.name.substr(0, pickleEntry.name.size() - 8);
    checkByteOrder(zip, top, fileName);
    const UnpickledData data = unpickleTorch(zip.contents(pickleEntry), fileName + ": " + pickleEntry.name);

    CheckpointContents contents;
    contents.format = CheckpointFormat::Pth;
    const uint64_t copyLimit = uint64_t(bytes.size()) * 2 + kCopyAllowance;
    for (auto& [name, tensorIndex] : TensorCollector(data, fileName).collect()) {
        const PickledTensor& tensor = data.tensors[tensorIndex];
        const PickledStorage& storage = data.storages[tensor.storage];
        const std::string entryName = top + "data/" + storage.key;
        const ZipEntry* entry = zip.find(entryName);
        if (!entry)
            throw Error(ErrorCode::Corrupt, fileName + ": tensor '" + name + "' refers to storage " + entryName +
                                                ", which is missing from the archive");
        std::span<const std::byte> stored = zip.contents(*entry);
        const size_t elementSize = dtypeSize(storage.dtype);
        if (storage.numel > stored.size() / elementSize)
            throw Error(ErrorCode::Corrupt, fileName + ": storage " + entryName + " holds " +
                                                byteSizeText(stored.size()) + " but data.pkl declares " +
                                                std::to_string(storage.numel) + " " + dtypeName(storage.dtype) +
                                                " elements in it");

        TensorView view;
        view.name = name;
        view.dtype = storage.dtype;
        view.shape = tensor.shape;
        int64_t extent = stridedExtentUpTo(tensor.storageOffset, tensor.shape, tensor.stride, storage.numel);
        if (extent < 0)
            throw Error(ErrorCode::Corrupt, fileName + ": tensor '" + name + "' " + view.shapeString() +
                                                " reaches past the end of its storage " + entryName + " (" +
                                                std::to_string(storage.numel) + " elements)");
        int64_t count = elementCountUpTo(tensor.shape, copyLimit / elementSize);
        if (count < 0)
            throw Error(ErrorCode::ResourceLimit, fileName + ": tensor '" + name + "' " + view.shapeString() +
                                                      " would need more memory than the file could justify");
        const std::byte* start = stored.data() + size_t(tensor.storageOffset) * elementSize * (extent > 0);
        const bool contiguous = isRowMajor(tensor.shape, tensor.stride);
        const bool aligned = reinterpret_cast<uintptr_t>(start) % elementSize == 0;
        if (count == 0 || (contiguous && aligned)) {
            view.data = start;
        } else {
            const uint64_t copyBytes = uint64_t(count) * elementSize;
            if (contents.bufferBytes + copyBytes > copyLimit)
                throw Error(ErrorCode::ResourceLimit, fileName + ": copying its strided tensors would need more "
                                                                 "memory than the file could justify");
            contents.bufferBytes += copyBytes;
            std::vector<std::byte> buffer(static_cast<size_t>(copyBytes));
            if (contiguous)
                std::memcpy(buffer.data(), start, size_t(copyBytes));
            else
                copyStrided(start, elementSize, tensor.shape, tensor.stride, buffer.data());
            view.data = buffer.data();
            contents.buffers.push_back(std::move(buffer));
        }
        contents.tensors.push_back(std::move(view));
    }
    return contents;
}

} // namespace rwkv
