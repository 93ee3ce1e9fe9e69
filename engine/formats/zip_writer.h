// ZipWriter streams an uncompressed zip archive laid out as PyTorch's writer (miniz) lays it
// out: each entry's data aligned (64 bytes by default) by an "FB" padding extra field, sizes and
// CRC in a data descriptor after the data, ZIP64 fields where a size or offset needs them, and
// ZIP64 end records always. Entries are written one after another; only the directory is kept in
// memory. Used by writePth(), and by tests that build unusual archives.
#pragma once

#include "formats/output_file.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rwkv {

class ZipWriter {
public:
    struct Options {
        uint64_t alignment = 64;  // of each entry's data; 1 disables padding
        bool forceZip64 = false;  // use ZIP64 fields for every entry (tests the reader's ZIP64 path)
    };

    // Writes into `out`, which must outlive the writer and is committed by the caller after finish().
    ZipWriter(OutputFile& out, Options options);
    explicit ZipWriter(OutputFile& out) : ZipWriter(out, Options{}) {}

    // Starts an entry of exactly `size` bytes, to be supplied by write() calls.
    void beginEntry(const std::string& name, uint64_t size);
    void write(const void* data, size_t size);
    // Ends the current entry. Throws Error(InvalidArgument) when fewer or more bytes were written
    // than beginEntry() announced.
    void endEntry();
    // beginEntry + write + endEntry.
    void addEntry(const std::string& name, std::span<const std::byte> bytes);
    void addEntry(const std::string& name, const std::string& text);
    // Writes the central directory and end records.
    void finish();

private:
    struct Written {
        std::string name;
        uint64_t offset = 0;
        uint64_t size = 0;
        uint32_t crc = 0;
        bool zip64 = false;
    };

    OutputFile& out_;
    Options options_;
    std::vector<Written> entries_;
    bool inEntry_ = false;
    uint64_t written_ = 0;
    uint32_t crc_ = 0;
};

} // namespace rwkv
