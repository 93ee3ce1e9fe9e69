// MappedFile is a whole file mapped read-only into memory, so checkpoint readers can hand out
// zero-copy views of tensors. It owns the mapping: views into it are valid while it lives.
// Move-only. An empty file maps to size() == 0 and data() == nullptr. As with any mapping, the
// file must not be truncated by someone else while mapped (reads past its new end fault).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace rwkv {

class MappedFile {
public:
    // Maps `path`. Throws Error(Io) naming the path and the system's reason when the file is
    // missing, unreadable, a folder, or cannot be mapped.
    static MappedFile open(const std::string& path);

    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    const std::byte* data() const { return data_; }
    uint64_t size() const { return size_; }
    std::span<const std::byte> bytes() const { return {data_, size_t(size_)}; }
    const std::string& path() const { return path_; }

private:
    void unmap();

    const std::byte* data_ = nullptr;
    uint64_t size_ = 0;
    std::string path_;
};

} // namespace rwkv
