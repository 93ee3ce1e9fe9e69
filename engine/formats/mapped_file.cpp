#include "formats/mapped_file.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace rwkv {

namespace {

[[noreturn]] void throwIo(const std::string& path, const char* what, int err)
{
    throw Error(ErrorCode::Io, "cannot " + std::string(what) + " " + path + ": " + std::strerror(err));
}

// Closes the descriptor on every path out of open(); the mapping outlives it.
struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
};

} // namespace

MappedFile MappedFile::open(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throwIo(path, "open", errno);
    FdCloser closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        throwIo(path, "read", errno);
    if (S_ISDIR(info.st_mode))
        throw Error(ErrorCode::Io, "cannot open " + path + ": it is a folder, not a file");
    if (!S_ISREG(info.st_mode))
        throw Error(ErrorCode::Io, "cannot open " + path + ": it is not a regular file");

    MappedFile file;
    file.path_ = path;
    file.size_ = uint64_t(info.st_size);
    if (file.size_ == 0)
        return file; // mmap refuses length 0; an empty file is simply no bytes
    void* address = ::mmap(nullptr, size_t(file.size_), PROT_READ, MAP_PRIVATE, fd, 0);
    if (address == MAP_FAILED)
        throwIo(path, "map", errno);
    file.data_ = static_cast<const std::byte*>(address);
    return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      path_(std::move(other.path_))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        unmap();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        path_ = std::move(other.path_);
    }
    return *this;
}

MappedFile::~MappedFile()
{
    unmap();
}

void MappedFile::unmap()
{
    if (data_)
        ::munmap(const_cast<std::byte*>(data_), size_t(size_));
    data_ = nullptr;
    size_ = 0;
}

} // namespace rwkv
