#include "formats/zip_writer.h"

#include "core/error.h"
#include "formats/crc32.h"
#include "formats/little_endian.h"

namespace rwkv {

namespace {

constexpr uint64_t kSaturated32 = 0xffffffffu;
// PyTorch's zip records say "version made by 3.0 (unix)" and "needs 4.5" in the ZIP64 end record.
constexpr uint16_t kZip64MadeBy = 0x031e;
constexpr uint16_t kZip64Needed = 45;

} // namespace

ZipWriter::ZipWriter(OutputFile& out, Options options) : out_(out), options_(options)
{
    if (options_.alignment == 0)
        options_.alignment = 1;
}

void ZipWriter::beginEntry(const std::string& name, uint64_t size)
{
    if (inEntry_)
        throw Error(ErrorCode::InvalidArgument, "zip entry " + name + " started before the previous one ended");
    if (name.empty() || name.size() > 0xffff)
        throw Error(ErrorCode::InvalidArgument, "a zip entry name must have 1 to 65535 bytes");
    Written entry;
    entry.name = name;
    entry.offset = out_.position();
    entry.size = size;
    const bool bigSize = size >= kSaturated32 || options_.forceZip64;
    const bool bigOffset = entry.offset >= kSaturated32 || options_.forceZip64;
    entry.zip64 = bigSize || bigOffset;

    // The local header keeps sizes and CRC at zero: they follow the data in a descriptor (flag
    // bit 3), exactly as PyTorch writes them. ZIP64 local fields carry both sizes, then the offset.
    std::string extra;
    if (entry.zip64) {
        le::append(extra, 0x0001, 2);
        le::append(extra, (bigSize ? 16 : 0) + (bigOffset ? 8 : 0), 2);
        if (bigSize) {
            le::append(extra, size, 8);
            le::append(extra, size, 8);
        }
        if (bigOffset)
            le::append(extra, entry.offset, 8);
    }
    const uint64_t unpadded = entry.offset + 30 + name.size() + extra.size() + 4;
    const uint64_t padding = (options_.alignment - unpadded % options_.alignment) % options_.alignment;
    le::append(extra, 0x4246, 2); // "FB": PyTorch's padding field
    le::append(extra, padding, 2);
    extra.append(size_t(padding), 'Z');

    std::string header;
    le::append(header, 0x04034b50, 4);
    le::append(header, entry.zip64 ? kZip64Needed : 0, 2);
    le::append(header, 0x0808, 2); // data descriptor follows; names are UTF-8
    le::append(header, 0, 2);      // stored
    le::append(header, 0, 4);      // time, date
    le::append(header, 0, 4);      // crc
    le::append(header, 0, 4);      // compressed size
    le::append(header, 0, 4);      // size
    le::append(header, name.size(), 2);
    le::append(header, extra.size(), 2);
    header += name;
    header += extra;
    out_.write(header.data(), header.size());

    entries_.push_back(std::move(entry));
    inEntry_ = true;
    written_ = 0;
    crc_ = 0;
}

void ZipWriter::write(const void* data, size_t size)
{
    crc_ = crc32Update(crc_, data, size);
    out_.write(data, size);
    written_ += size;
}

void ZipWriter::endEntry()
{
    if (!inEntry_)
        throw Error(ErrorCode::InvalidArgument, "a zip entry was ended without being started");
    Written& entry = entries_.back();
    if (written_ != entry.size)
        throw Error(ErrorCode::InvalidArgument, "zip entry " + entry.name + " announced " + std::to_string(entry.size) +
                                                    " bytes but " + std::to_string(written_) + " were written");
    entry.crc = crc_;
    std::string descriptor;
    le::append(descriptor, 0x08074b50, 4);
    le::append(descriptor, entry.crc, 4);
    const int width = entry.zip64 ? 8 : 4;
    le::append(descriptor, entry.size, width);
    le::append(descriptor, entry.size, width);
    out_.write(descriptor.data(), descriptor.size());
    inEntry_ = false;
}

void ZipWriter::addEntry(const std::string& name, std::span<const std::byte> bytes)
{
    beginEntry(name, bytes.size());
    write(bytes.data(), bytes.size());
    endEntry();
}

void ZipWriter::addEntry(const std::string& name, const std::string& text)
{
    addEntry(name, std::as_bytes(std::span(text.data(), text.size())));
}

void ZipWriter::finish()
{
    if (inEntry_)
        throw Error(ErrorCode::InvalidArgument, "zip entry " + entries_.back().name + " was not ended");
    const uint64_t directoryOffset = out_.position();
    std::string directory;
    for (const Written& entry : entries_) {
        const bool bigSize = entry.size >= kSaturated32 || options_.forceZip64;
        const bool bigOffset = entry.offset >= kSaturated32 || options_.forceZip64;
        std::string extra;
        if (bigSize || bigOffset) {
            le::append(extra, 0x0001, 2);
            le::append(extra, (bigSize ? 16 : 0) + (bigOffset ? 8 : 0), 2);
            if (bigSize) {
                le::append(extra, entry.size, 8);
                le::append(extra, entry.size, 8);
            }
            if (bigOffset)
                le::append(extra, entry.offset, 8);
        }
        le::append(directory, 0x02014b50, 4);
        le::append(directory, 0, 2); // made by
        le::append(directory, entry.zip64 ? kZip64Needed : 0, 2);
        le::append(directory, 0x0808, 2);
        le::append(directory, 0, 2);
        le::append(directory, 0, 4);
        le::append(directory, entry.crc, 4);
        le::append(directory, bigSize ? kSaturated32 : entry.size, 4);
        le::append(directory, bigSize ? kSaturated32 : entry.size, 4);
        le::append(directory, entry.name.size(), 2);
        le::append(directory, extra.size(), 2);
        le::append(directory, 0, 2); // comment
        le::append(directory, 0, 2); // disk
        le::append(directory, 0, 2); // internal attributes
        le::append(directory, 0, 4); // external attributes
        le::append(directory, bigOffset ? kSaturated32 : entry.offset, 4);
        directory += entry.name;
        directory += extra;
    }
    out_.write(directory.data(), directory.size());

    const uint64_t zip64EndOffset = out_.position();
    const uint64_t count = entries_.size();
    std::string end;
    le::append(end, 0x06064b50, 4);
    le::append(end, 44, 8);
    le::append(end, kZip64MadeBy, 2);
    le::append(end, kZip64Needed, 2);
    le::append(end, 0, 4);
    le::append(end, 0, 4);
    le::append(end, count, 8);
    le::append(end, count, 8);
    le::append(end, directory.size(), 8);
    le::append(end, directoryOffset, 8);

    le::append(end, 0x07064b50, 4);
    le::append(end, 0, 4);
    le::append(end, zip64EndOffset, 8);
    le::append(end, 1, 4);

    const bool force = options_.forceZip64;
    le::append(end, 0x06054b50, 4);
    le::append(end, 0, 4);
    le::append(end, count >= 0xffff || force ? 0xffff : count, 2);
    le::append(end, count >= 0xffff || force ? 0xffff : count, 2);
    le::append(end, directory.size() >= kSaturated32 || force ? kSaturated32 : directory.size(), 4);
    le::append(end, directoryOffset >= kSaturated32 || force ? kSaturated32 : directoryOffset, 4);
    le::append(end, 0, 2);
    out_.write(end.data(), end.size());
}

} // namespace rwkv
