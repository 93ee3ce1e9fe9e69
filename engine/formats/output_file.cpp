#include "formats/output_file.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace rwkv {

OutputFile::OutputFile(const std::string& path) : path_(path), temporaryPath_(path + ".partial")
{
    file_ = std::fopen(temporaryPath_.c_str(), "wb");
    if (!file_)
        fail("create");
    std::setvbuf(file_, nullptr, _IOFBF, size_t(1) << 20);
}

OutputFile::~OutputFile()
{
    if (file_)
        std::fclose(file_);
    if (!committed_)
        std::remove(temporaryPath_.c_str());
}

void OutputFile::fail(const char* what)
{
    throw Error(ErrorCode::Io, "cannot " + std::string(what) + " " + path_ + ": " + std::strerror(errno));
}

void OutputFile::write(const void* data, size_t size)
{
    if (size && std::fwrite(data, 1, size, file_) != size)
        fail("write");
    position_ += size;
}

void OutputFile::commit()
{
    if (std::fflush(file_) != 0 || ::fsync(fileno(file_)) != 0)
        fail("write");
    std::FILE* file = file_;
    file_ = nullptr;
    if (std::fclose(file) != 0)
        fail("write");
    if (std::rename(temporaryPath_.c_str(), path_.c_str()) != 0)
        fail("replace");
    committed_ = true;
}

} // namespace rwkv
