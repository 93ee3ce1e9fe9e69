// QuantCache keeps the quantized (int8 / q4) or converted copies of a model's matrices in a file
// beside the model, so the second load in that format maps them instead of quantizing again. The
// file is versioned and records the source's size and modification time: a changed model or a
// newer cache format makes it stale, and it is rebuilt. When the model's folder is read-only the
// cache lives in $XDG_CACHE_HOME/RWKV Studio/. Failing to write a cache never fails a load.
#pragma once

#include "cpu/weight_matrix.h"
#include "formats/mapped_file.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace rwkv {

class QuantCache {
public:
    // Opens the cache for `modelPath` in `format` if a valid one exists.
    QuantCache(const std::string& modelPath, WeightFormat format);

    bool valid() const { return mapping_ != nullptr; }
    // The cached matrix `name`, borrowing the mapped cache file; nullopt when absent or of
    // another shape or format.
    std::optional<Matrix> find(const std::string& name, int rows, int cols, WeightFormat format) const;
    // Remembers a freshly encoded matrix for save().
    void add(const std::string& name, const Matrix& m);
    // Writes the cache file from the matrices given to add() (only when the cache was not valid).
    void save() const;

    // Where the cache for `modelPath` in `format` is kept.
    static std::string pathFor(const std::string& modelPath, WeightFormat format);

private:
    struct Entry {
        int rows = 0, cols = 0;
        WeightFormat format = WeightFormat::F32;
        const std::byte* data = nullptr;
        const float* scales = nullptr;
    };

    std::string modelPath_;
    WeightFormat format_;
    std::shared_ptr<MappedFile> mapping_;
    std::map<std::string, Entry> entries_;
    std::map<std::string, Matrix> pending_;
};

} // namespace rwkv
