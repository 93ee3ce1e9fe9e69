#include "file_io.h"

#include "core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

std::vector<uint8_t> readFileBytes(const std::string& path)
{
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw rwkv::Error(rwkv::ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    std::vector<uint8_t> data;
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        data.insert(data.end(), buf, buf + n);
    bool bad = std::ferror(f);
    std::fclose(f);
    if (bad)
        throw rwkv::Error(rwkv::ErrorCode::Io, "cannot read " + path);
    return data;
}

void writeFileBytes(const std::string& path, const void* data, size_t size)
{
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        throw rwkv::Error(rwkv::ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
    size_t written = std::fwrite(data, 1, size, f);
    bool bad = std::fclose(f) != 0 || written != size;
    if (bad)
        throw rwkv::Error(rwkv::ErrorCode::Io, "cannot write " + path + " (disk full?)");
}
