// ZipReader indexes a zip archive held in memory (a mapped PyTorch checkpoint) and hands out its
// stored entries as views into that memory, without copying. It reads the end-of-central-directory
// record (behind an optional comment), the ZIP64 records large checkpoints need, and the central
// directory; every offset and size is checked against the archive size first. Compressed entries
// are refused: torch.save stores entries uncompressed so they can be mapped.
// The reader borrows `bytes`; the caller keeps them alive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rwkv {

struct ZipEntry {
    std::string name;
    uint64_t localHeaderOffset = 0;
    uint64_t compressedSize = 0;
    uint64_t size = 0; // uncompressed
    uint16_t method = 0; // 0 = stored, 8 = deflate
    uint16_t flags = 0;
};

class ZipReader {
public:
    // Parses the directory of `bytes`. `fileName` names the archive in messages. Throws
    // Error(Truncated) when the directory is missing or reaches past the end (a cut download),
    // Error(Corrupt) when records contradict each other, Error(Unsupported) for split archives.
    ZipReader(std::span<const std::byte> bytes, std::string fileName);
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    // True when `bytes` end with an end-of-central-directory record (possibly behind a comment).
    static bool hasEndRecord(std::span<const std::byte> bytes);

    // Entries in central-directory order.
    const std::vector<ZipEntry>& entries() const { return entries_; }
    // The entry called exactly `name`, or nullptr.
    const ZipEntry* find(std::string_view name) const;
    // The bytes of a stored entry, after checking its local header. Throws Error(Unsupported) for
    // compressed or encrypted entries, Error(Truncated) when its data reaches past the end.
    std::span<const std::byte> contents(const ZipEntry& entry) const;

private:
    std::span<const std::byte> bytes_;
    std::string fileName_;
    std::vector<ZipEntry> entries_;
    std::unordered_map<std::string_view, size_t> index_; // views of entries_ names
};

} // namespace rwkv
