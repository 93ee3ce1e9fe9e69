// Helpers for the checkpoint format tests: whole-file byte I/O, and builders for the hand-made
// pickles, zips and safetensors files that malformed-input tests need.
#pragma once

#include "core/dtype.h"
#include "core/error.h"
#include "formats/output_file.h"
#include "formats/tensor_file.h"
#include "formats/zip_writer.h"

#include <QString>
#include <QTest>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace rwkvtest {

inline std::string readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

inline void appendLe(std::string& out, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(char((value >> (8 * i)) & 0xff));
}

// Pickle opcodes as torch.save emits them, for crafting data.pkl files byte by byte.
struct PickleBuilder {
    std::string bytes = std::string("\x80\x02", 2);

    PickleBuilder& op(const std::string& code) { bytes += code; return *this; }
    PickleBuilder& global(const std::string& module, const std::string& name)
    {
        bytes += "c" + module + "\n" + name + "\n";
        return *this;
    }
    PickleBuilder& str(const std::string& text)
    {
        bytes += "X";
        appendLe(bytes, text.size(), 4);
        bytes += text;
        return *this;
    }
    PickleBuilder& integer(int64_t value)
    {
        if (value >= 0 && value < 256) {
            bytes += "K";
            appendLe(bytes, uint64_t(value), 1);
        } else if (value >= INT32_MIN && value <= INT32_MAX) {
            bytes += "J";
            appendLe(bytes, uint64_t(value), 4);
        } else {
            bytes += "\x8a\x08";
            appendLe(bytes, uint64_t(value), 8);
        }
        return *this;
    }
    PickleBuilder& tuple(const std::vector<int64_t>& values)
    {
        bytes += "(";
        for (int64_t v : values)
            integer(v);
        bytes += "t";
        return *this;
    }
    // Opens the top-level OrderedDict and its SETITEMS mark.
    PickleBuilder& beginDict() { global("collections", "OrderedDict"); return op(")R("); }
    // name -> _rebuild_tensor_v2(('storage', torch.<storageType>, key, 'cpu', numel), offset, shape, stride, False, OrderedDict())
    PickleBuilder& tensor(const std::string& name, const std::string& storageType, const std::string& key,
                          int64_t numel, int64_t offset, const std::vector<int64_t>& shape,
                          const std::vector<int64_t>& stride)
    {
        str(name);
        global("torch._utils", "_rebuild_tensor_v2");
        op("((");
        str("storage");
        global("torch", storageType);
        str(key);
        str("cpu");
        integer(numel);
        op("tQ");
        integer(offset);
        tuple(shape);
        tuple(stride);
        op("\x89");
        global("collections", "OrderedDict");
        return op(")Rt").op("R");
    }
    std::string endDict() { return bytes + "u."; }
};

// Writes a zip of stored entries laid out as PyTorch writes them.
inline void writeZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries,
                     rwkv::ZipWriter::Options options = {})
{
    rwkv::OutputFile out(path);
    rwkv::ZipWriter zip(out, options);
    for (const auto& [name, bytes] : entries)
        zip.addEntry(name, bytes);
    zip.finish();
    out.commit();
}

// Writes a .safetensors file from a raw header text and data.
inline void writeRawSafetensors(const std::string& path, const std::string& header, const std::string& data)
{
    std::string bytes;
    appendLe(bytes, header.size(), 8);
    writeBytes(path, bytes + header + data);
}

inline std::string floatBytes(const std::vector<float>& values)
{
    std::string bytes(values.size() * 4, '\0');
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

// Runs `open` and returns the Error it throws; fails the test when nothing is thrown.
inline rwkv::Error expectError(const std::function<void()>& open)
{
    try {
        open();
    } catch (const rwkv::Error& error) {
        return error;
    }
    return rwkv::Error(rwkv::ErrorCode::Cancelled, "expected an error, but the call succeeded");
}

} // namespace rwkvtest

// Checks that opening `openPath` throws rwkv::Error with `expectedCode` and a message containing `needle`.
#define RWKV_EXPECT_OPEN_ERROR(openPath, expectedCode, needle)                                                       \
    do {                                                                                                  \
        rwkv::Error rwkvError_ = rwkvtest::expectError([&] { rwkv::TensorFile::open(openPath); });            \
        const std::string rwkvMessage_ = rwkvError_.what();                                               \
        if (rwkvError_.code() != (expectedCode))                                                                  \
            QFAIL(qPrintable(QStringLiteral("expected %1, got %2: %3")                                    \
                                 .arg(rwkv::errorCodeName(expectedCode), rwkv::errorCodeName(rwkvError_.code()), \
                                      QString::fromStdString(rwkvMessage_))));                            \
        if (rwkvMessage_.find(needle) == std::string::npos)                                               \
            QFAIL(qPrintable(QStringLiteral("message lacks \"%1\": %2")                                   \
                                 .arg(QString::fromStdString(std::string(needle)),                        \
                                      QString::fromStdString(rwkvMessage_))));                            \
    } while (0)
