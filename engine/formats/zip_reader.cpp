#include "formats/zip_reader.h"

#include "core/error.h"
#include "formats/byte_size_text.h"
#include "formats/little_endian.h"

#include <algorithm>

namespace rwkv {

namespace {

constexpr uint32_t kLocalHeaderSig = 0x04034b50;
constexpr uint32_t kCentralHeaderSig = 0x02014b50;
constexpr uint32_t kEndRecordSig = 0x06054b50;
constexpr uint32_t kZip64EndRecordSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint64_t kEndRecordSize = 22;
constexpr uint64_t kZip64EndRecordSize = 56;
constexpr uint64_t kZip64LocatorSize = 20;
constexpr uint64_t kCentralHeaderSize = 46;
constexpr uint64_t kLocalHeaderSize = 30;
constexpr uint64_t kMaxCommentSize = 0xffff;

// Offset of the end-of-central-directory record, or -1. Scans backwards over a possible comment
// and takes the last signature whose comment fits inside the file.
int64_t findEndRecord(std::span<const std::byte> bytes)
{
    if (bytes.size() < kEndRecordSize)
        return -1;
    uint64_t last = bytes.size() - kEndRecordSize;
    uint64_t first = last > kMaxCommentSize ? last - kMaxCommentSize : 0;
    for (uint64_t at = last + 1; at-- > first;) {
        const std::byte* p = bytes.data() + at;
        if (p[0] != std::byte{'P'} || le::read32(p) != kEndRecordSig)
            continue;
        uint64_t commentSize = le::read16(p + 20);
        if (at + kEndRecordSize + commentSize <= bytes.size())
            return int64_t(at);
    }
    return -1;
}

} // namespace

bool ZipReader::hasEndRecord(std::span<const std::byte> bytes)
{
    return findEndRecord(bytes) >= 0;
}

ZipReader::ZipReader(std::span<const std::byte> bytes, std::string fileName)
    : bytes_(bytes), fileName_(std::move(fileName))
{
    const uint64_t fileSize = bytes.size();
    const int64_t endAt = findEndRecord(bytes);
    if (endAt < 0)
        throw Error(ErrorCode::Truncated,
                    fileName_ + " ends after " + byteSizeText(fileSize) +
                        " without the zip directory a PyTorch checkpoint ends with: the file is "
                        "incomplete (a cut download?) or not a checkpoint");
    const std::byte* end = bytes.data() + endAt;
    if (le::read16(end + 4) != 0 || le::read16(end + 6) != 0)
        throw Error(ErrorCode::Unsupported, fileName_ + " is a split (multi-part) zip archive, which is not supported");
    uint64_t entryCount = le::read16(end + 10);
    uint64_t directorySize = le::read32(end + 12);
    uint64_t directoryOffset = le::read32(end + 16);
    uint64_t directoryLimit = uint64_t(endAt); // the directory lies before the records that describe it

    // ZIP64: a locator just before the end record points at the 64-bit end record.
    if (uint64_t(endAt) >= kZip64LocatorSize) {
        const std::byte* locator = end - kZip64LocatorSize;
        if (le::read32(locator) == kZip64LocatorSig) {
            uint64_t recordAt = le::read64(locator + 8);
            if (recordAt > uint64_t(endAt) - kZip64LocatorSize ||
                uint64_t(endAt) - kZip64LocatorSize - recordAt < kZip64EndRecordSize)
                throw Error(ErrorCode::Corrupt, fileName_ + " has a ZIP64 locator that points outside the file");
            const std::byte* record = bytes.data() + recordAt;
            if (le::read32(record) != kZip64EndRecordSig)
                throw Error(ErrorCode::Corrupt, fileName_ + " has a ZIP64 locator that does not point at a ZIP64 end record");
            entryCount = le::read64(record + 32);
            directorySize = le::read64(record + 40);
            directoryOffset = le::read64(record + 48);
            directoryLimit = recordAt;
        }
    }

    if (directoryOffset > fileSize || directorySize > fileSize - directoryOffset)
        throw Error(ErrorCode::Truncated,
                    fileName_ + " ends after " + byteSizeText(fileSize) + " but its zip directory expects " +
                        byteSizeText(directoryOffset + std::min(directorySize, ~uint64_t(0) - directoryOffset)) +
                        ": the file is incomplete");
    if (directoryOffset + directorySize > directoryLimit)
        throw Error(ErrorCode::Corrupt, fileName_ + " has a zip directory that overlaps its end record");
    if (entryCount > directorySize / kCentralHeaderSize)
        throw Error(ErrorCode::Corrupt,
                    fileName_ + " claims " + std::to_string(entryCount) + " zip entries in a directory of only " +
                        byteSizeText(directorySize));

    entries_.reserve(size_t(entryCount));
    uint64_t at = directoryOffset;
    const uint64_t directoryEnd = directoryOffset + directorySize;
    for (uint64_t i = 0; i < entryCount; ++i) {
        if (directoryEnd - at < kCentralHeaderSize)
            throw Error(ErrorCode::Corrupt, fileName_ + " has a zip directory shorter than its entry count");
        const std::byte* h = bytes.data() + at;
        if (le::read32(h) != kCentralHeaderSig)
            throw Error(ErrorCode::Corrupt,
                        fileName_ + " has a damaged zip directory (entry " + std::to_string(i) + " has no signature)");
        ZipEntry entry;
        entry.flags = le::read16(h + 8);
        entry.method = le::read16(h + 10);
        entry.compressedSize = le::read32(h + 20);
        entry.size = le::read32(h + 24);
        uint64_t nameSize = le::read16(h + 28);
        uint64_t extraSize = le::read16(h + 30);
        uint64_t commentSize = le::read16(h + 32);
        uint32_t diskStart = le::read16(h + 34);
        entry.localHeaderOffset = le::read32(h + 42);
        if (directoryEnd - at - kCentralHeaderSize < nameSize + extraSize + commentSize)
            throw Error(ErrorCode::Corrupt, fileName_ + " has a zip directory entry that runs past the directory");
        entry.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), size_t(nameSize));

        // ZIP64 extra field: 64-bit values for exactly those fields saturated at 0xffffffff, in order.
        const std::byte* extra = h + kCentralHeaderSize + nameSize;
        for (uint64_t e = 0; e + 4 <= extraSize;) {
            uint16_t id = le::read16(extra + e);
            uint64_t size = le::read16(extra + e + 2);
            if (e + 4 + size > extraSize)
                break;
            if (id == 0x0001) {
                const std::byte* field = extra + e + 4;
                uint64_t left = size;
                auto take64 = [&](uint64_t& value) {
                    if (left < 8)
                        throw Error(ErrorCode::Corrupt, fileName_ + " has a short ZIP64 field for entry " + entry.name);
                    value = le::read64(field);
                    field += 8;
                    left -= 8;
                };
                if (entry.size == 0xffffffffu)
                    take64(entry.size);
                if (entry.compressedSize == 0xffffffffu)
                    take64(entry.compressedSize);
                if (entry.localHeaderOffset == 0xffffffffu)
                    take64(entry.localHeaderOffset);
                if (diskStart == 0xffffu && left >= 4)
                    diskStart = le::read32(field);
            }
            e += 4 + size;
        }
        if (diskStart != 0)
            throw Error(ErrorCode::Unsupported, fileName_ + " is a split (multi-part) zip archive, which is not supported");
        if (entry.localHeaderOffset >= directoryOffset)
            throw Error(ErrorCode::Corrupt, fileName_ + ": zip entry " + entry.name + " starts inside the zip directory");
        entries_.push_back(std::move(entry));
        at += kCentralHeaderSize + nameSize + extraSize + commentSize;
    }
    for (size_t i = 0; i < entries_.size(); ++i)
        index_.emplace(entries_[i].name, i); // the first of duplicate names wins, as in most readers
}

const ZipEntry* ZipReader::find(std::string_view name) const
{
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

std::span<const std::byte> ZipReader::contents(const ZipEntry& entry) const
{
    const uint64_t fileSize = bytes_.size();
    if (entry.flags & 1u)
        throw Error(ErrorCode::Unsupported, fileName_ + ": zip entry " + entry.name + " is encrypted");
    if (entry.method != 0)
        throw Error(ErrorCode::Unsupported,
                    fileName_ + ": zip entry " + entry.name + " is compressed (method " + std::to_string(entry.method) +
                        "); checkpoints saved by torch.save are stored uncompressed, so re-save it with torch.save");
    if (entry.compressedSize != entry.size)
        throw Error(ErrorCode::Corrupt, fileName_ + ": stored zip entry " + entry.name + " has two different sizes");
    if (entry.localHeaderOffset > fileSize || fileSize - entry.localHeaderOffset < kLocalHeaderSize)
        throw Error(ErrorCode::Truncated,
                    fileName_ + " ends after " + byteSizeText(fileSize) + " but its zip directory expects entry " +
                        entry.name + " at " + byteSizeText(entry.localHeaderOffset) + ": the file is incomplete");
    const std::byte* h = bytes_.data() + entry.localHeaderOffset;
    if (le::read32(h) != kLocalHeaderSig)
        throw Error(ErrorCode::Corrupt, fileName_ + ": zip entry " + entry.name + " has no local header where the directory says");
    uint64_t nameSize = le::read16(h + 26);
    uint64_t extraSize = le::read16(h + 28);
    uint64_t dataAt = entry.localHeaderOffset + kLocalHeaderSize + nameSize + extraSize;
    if (dataAt > fileSize || entry.size > fileSize - dataAt)
        throw Error(ErrorCode::Truncated,
                    fileName_ + " ends after " + byteSizeText(fileSize) + " but its zip directory expects " +
                        byteSizeText(dataAt + std::min(entry.size, ~uint64_t(0) - dataAt)) +
                        " (entry " + entry.name + "): the file is incomplete");
    std::string_view localName(reinterpret_cast<const char*>(h + kLocalHeaderSize), size_t(nameSize));
    if (localName != entry.name)
        throw Error(ErrorCode::Corrupt, fileName_ + ": zip entry " + entry.name + " has a local header for another name");
    return bytes_.subspan(size_t(dataAt), size_t(entry.size));
}

} // namespace rwkv
