// OutputFile writes a file under a temporary name beside its destination and renames it into
// place on commit(), so a crash or a full disk never leaves a half-written checkpoint under the
// real name. Writes are buffered; every failure throws Error(Io) naming the path and the reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace rwkv {

class OutputFile {
public:
    // Creates the temporary file "<path>.partial".
    explicit OutputFile(const std::string& path);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    // Removes the temporary file unless commit() succeeded.
    ~OutputFile();

    void write(const void* data, size_t size);
    // Bytes written so far.
    uint64_t position() const { return position_; }
    // Flushes, closes and renames the file to its destination, replacing any file there.
    void commit();

private:
    [[noreturn]] void fail(const char* what);

    std::string path_;
    std::string temporaryPath_;
    std::FILE* file_ = nullptr;
    uint64_t position_ = 0;
    bool committed_ = false;
};

} // namespace rwkv
