// Reads .safetensors: an 8-byte little-endian header length, a JSON header mapping each tensor name
// to {dtype, shape, data_offsets: [begin, end]} (offsets relative to the end of the header), then
// the raw little-endian data. "__metadata__" holds free-form strings and is ignored.
#include "core/error.h"
#include "formats/byte_size_text.h"
#include "formats/checkpoint_readers.h"
#include "formats/little_endian.h"
#include "formats/strided_copy.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

namespace rwkv {

namespace {

// Real headers are a few hundred bytes per tensor; 100 MB would describe millions of tensors.
constexpr uint64_t kMaxHeaderSize = 100'000'000;
constexpr size_t kMaxDims = 64;

bool parseDType(const std::string& name, DType& dtype)
{
    static const struct { const char* name; DType dtype; } table[] = {
        {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16}, {"F64", DType::F64},
        {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16},   {"I8", DType::I8},
        {"U8", DType::U8},   {"BOOL", DType::Bool},
    };
    for (const auto& entry : table)
        if (name == entry.name) {
            dtype = entry.dtype;
            return true;
        }
    return false;
}

struct Placed {
    TensorView view;
    uint64_t begin = 0;
    uint64_t end = 0;
};

} // namespace

CheckpointContents readSafetensors(std::span<const std::byte> bytes, const std::string& fileName)
{
    const uint64_t fileSize = bytes.size();
    if (fileSize < 8)
        throw Error(ErrorCode::Truncated, fileName + " is only " + byteSizeText(fileSize) +
                                              " long: too short to be a checkpoint (an incomplete download?)");
    const uint64_t headerSize = le::read64(bytes.data());
    if (headerSize > kMaxHeaderSize)
        throw Error(ErrorCode::Corrupt, fileName + " is neither a PyTorch zip checkpoint nor a safetensors file "
                                                   "(read as safetensors, its header would be " +
                                            byteSizeText(headerSize) + " long)");
    if (headerSize > fileSize - 8)
        throw Error(ErrorCode::Truncated, fileName + " ends after " + byteSizeText(fileSize) +
                                              " but its safetensors header expects at least " +
                                              byteSizeText(headerSize + 8) + ": the file is incomplete");
    const char* headerText = reinterpret_cast<const char*>(bytes.data() + 8);
    nlohmann::json header = nlohmann::json::parse(headerText, headerText + headerSize, nullptr, false);
    if (header.is_discarded() || !header.is_object())
        throw Error(ErrorCode::Corrupt, fileName + " has a safetensors header that is not a JSON object: the file "
                                                   "is damaged or not a safetensors file");

    const uint64_t dataStart = 8 + headerSize;
    const uint64_t dataSize = fileSize - dataStart;
    std::vector<Placed> placed;
    for (auto& [name, entry] : header.items()) {
        if (name == "__metadata__")
            continue;
        const std::string where = fileName + ": tensor '" + name + "'";
        if (!entry.is_object())
            throw Error(ErrorCode::Corrupt, where + " has a header entry that is not an object");
        auto dtypeIt = entry.find("dtype");
        auto shapeIt = entry.find("shape");
        auto offsetsIt = entry.find("data_offsets");
        if (dtypeIt == entry.end() || shapeIt == entry.end() || offsetsIt == entry.end())
            throw Error(ErrorCode::Corrupt, where + " lacks dtype, shape or data_offsets in the header");
        Placed p;
        p.view.name = name;
        if (!dtypeIt->is_string())
            throw Error(ErrorCode::Corrupt, where + " has a dtype that is not a string");
        if (!parseDType(dtypeIt->get<std::string>(), p.view.dtype))
            throw Error(ErrorCode::Unsupported,
                        where + " has dtype " + dtypeIt->get<std::string>() + ", which the engine cannot read");
        if (!shapeIt->is_array() || shapeIt->size() > kMaxDims)
            throw Error(ErrorCode::Corrupt, where + " has a shape that is not a short list of sizes");
        for (const auto& dim : *shapeIt) {
            if (!dim.is_number_unsigned() || dim.get<uint64_t>() > uint64_t(INT64_MAX))
                throw Error(ErrorCode::Corrupt, where + " has a shape with a size that is not a non-negative integer");
            p.view.shape.push_back(int64_t(dim.get<uint64_t>()));
        }
        if (!offsetsIt->is_array() || offsetsIt->size() != 2 || !(*offsetsIt)[0].is_number_unsigned() ||
            !(*offsetsIt)[1].is_number_unsigned())
            throw Error(ErrorCode::Corrupt, where + " has data_offsets that are not two non-negative integers");
        p.begin = (*offsetsIt)[0].get<uint64_t>();
        p.end = (*offsetsIt)[1].get<uint64_t>();
        if (p.begin > p.end)
            throw Error(ErrorCode::Corrupt, where + " has data_offsets that end before they begin");
        if (p.end > dataSize)
            throw Error(ErrorCode::Truncated, fileName + " ends after " + byteSizeText(fileSize) + " but tensor '" +
                                                  name + "' needs " + byteSizeText(dataStart + p.end) +
                                                  ": the file is incomplete or damaged");
        const size_t elementSize = dtypeSize(p.view.dtype);
        int64_t count = elementCountUpTo(p.view.shape, dataSize / elementSize);
        if (count < 0 || uint64_t(count) * elementSize != p.end - p.begin)
            throw Error(ErrorCode::Corrupt, where + " " + p.view.shapeString() + " " + dtypeName(p.view.dtype) +
                                                " does not fit the " + std::to_string(p.end - p.begin) +
                                                " bytes its data_offsets give");
        placed.push_back(std::move(p));
    }

    // File order is data order; tensors must not share bytes.
    std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.begin < b.begin; });
    const Placed* previous = nullptr;
    for (const Placed& p : placed) {
        if (p.begin == p.end)
            continue;
        if (previous && p.begin < previous->end)
            throw Error(ErrorCode::Corrupt, fileName + ": tensors '" + previous->view.name + "' and '" + p.view.name +
                                                "' overlap in the data (their data_offsets are inconsistent)");
        previous = &p;
    }

    CheckpointContents contents;
    contents.format = CheckpointFormat::Safetensors;
    for (Placed& p : placed) {
        const std::byte* start = bytes.data() + dataStart + p.begin;
        const uint64_t size = p.end - p.begin;
        if (reinterpret_cast<uintptr_t>(start) % dtypeSize(p.view.dtype) != 0 && size > 0) {
            // Writers pad the header so data stays aligned; copy the rare file that is not.
            std::vector<std::byte> buffer(start, start + size);
            p.view.data = buffer.data();
            contents.bufferBytes += size;
            contents.buffers.push_back(std::move(buffer));
        } else {
            p.view.data = start;
        }
        contents.tensors.push_back(std::move(p.view));
    }
    return contents;
}

} // namespace rwkv
