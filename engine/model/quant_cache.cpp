#include "model/quant_cache.h"

#include "core/error.h"
#include "formats/output_file.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace rwkv {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'R', 'W', 'K', 'V', 'Q', 'N', 'T', 'C'};
constexpr uint32_t kVersion = 1;
constexpr size_t kAlign = 64;

struct SourceStamp {
    uint64_t size = 0;
    int64_t mtimeNs = 0;
};

SourceStamp stampOf(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return {};
    return {uint64_t(st.st_size), int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

template <typename T>
bool readAt(const MappedFile& f, uint64_t& pos, T& out)
{
    if (pos + sizeof(T) > f.size())
        return false;
    std::memcpy(&out, f.data() + pos, sizeof(T));
    pos += sizeof(T);
    return true;
}

template <typename T>
void put(OutputFile& out, T v)
{
    out.write(&v, sizeof v);
}

void pad(OutputFile& out)
{
    static const char zeros[kAlign] = {};
    size_t rem = size_t(out.position() % kAlign);
    if (rem)
        out.write(zeros, kAlign - rem);
}

size_t scaleCount(int rows, int cols, WeightFormat f)
{
    return (f == WeightFormat::Q8 || f == WeightFormat::Q4) ? size_t(rows) * size_t(cols / kQuantGroup) : 0;
}

} // namespace

std::string QuantCache::pathFor(const std::string& modelPath, WeightFormat format)
{
    std::string name = fs::path(modelPath).filename().string() + "." + weightFormatName(format) + ".rwkvq";
    fs::path dir = fs::path(modelPath).parent_path();
    if (dir.empty())
        dir = ".";
    if (::access(dir.c_str(), W_OK) == 0)
        return (dir / name).string();
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    fs::path cache = xdg && *xdg ? fs::path(xdg) : fs::path(home ? home : "/tmp") / ".cache";
    return (cache / "RWKV Studio" / name).string();
}

QuantCache::QuantCache(const std::string& modelPath, WeightFormat format) : modelPath_(modelPath), format_(format)
{
    std::string path = pathFor(modelPath, format);
    if (!fs::exists(path))
        return;
    try {
        auto mapping = std::make_shared<MappedFile>(MappedFile::open(path));
        const MappedFile& f = *mapping;
        uint64_t pos = 8;
        uint32_t version = 0, fmt = 0, count = 0;
        SourceStamp stamp;
        if (f.size() < 8 || std::memcmp(f.data(), kMagic, 8) != 0 || !readAt(f, pos, version) || version != kVersion ||
            !readAt(f, pos, fmt) || fmt != uint32_t(format) || !readAt(f, pos, stamp.size) ||
            !readAt(f, pos, stamp.mtimeNs) || !readAt(f, pos, count))
            return;
        SourceStamp now = stampOf(modelPath);
        if (now.size != stamp.size || now.mtimeNs != stamp.mtimeNs)
            return; // the model changed: the cache is stale and will be rebuilt
        std::map<std::string, Entry> entries;
        for (uint32_t i = 0; i < count; ++i) {
            uint32_t nameLen = 0, rows = 0, cols = 0, entryFormat = 0;
            uint64_t dataOffset = 0, dataBytes = 0, scalesOffset = 0;
            if (!readAt(f, pos, nameLen) || nameLen > 4096 || pos + nameLen > f.size())
                return;
            std::string name(reinterpret_cast<const char*>(f.data() + pos), nameLen);
            pos += nameLen;
            if (!readAt(f, pos, rows) || !readAt(f, pos, cols) || !readAt(f, pos, entryFormat) ||
                entryFormat > uint32_t(WeightFormat::Q4) || !readAt(f, pos, dataOffset) || !readAt(f, pos, dataBytes) ||
                !readAt(f, pos, scalesOffset))
                return;
            Entry e;
            e.rows = int(rows);
            e.cols = int(cols);
            e.format = WeightFormat(entryFormat);
            Matrix probe;
            probe.rows = e.rows;
            probe.cols = e.cols;
            probe.format = e.format;
            size_t scales = scaleCount(e.rows, e.cols, e.format);
            if (dataBytes != probe.rowBytes() * rows || dataOffset + dataBytes > f.size() ||
                scalesOffset + scales * sizeof(float) > f.size() || scalesOffset % alignof(float) != 0)
                return;
            e.data = f.data() + dataOffset;
            e.scales = scales ? reinterpret_cast<const float*>(f.data() + scalesOffset) : nullptr;
            entries[name] = e;
        }
        entries_ = std::move(entries);
        mapping_ = std::move(mapping);
    } catch (const Error&) {
        // An unreadable cache is simply rebuilt.
    }
}

std::optional<Matrix> QuantCache::find(const std::string& name, int rows, int cols, WeightFormat format) const
{
    auto it = entries_.find(name);
    if (!mapping_ || it == entries_.end() || it->second.rows != rows || it->second.cols != cols)
        return std::nullopt;
    const Entry& e = it->second;
    // Q8/Q4 may have fallen back to bf16 for rows that do not split into groups of 32.
    if (e.format != format && !(e.format == WeightFormat::BF16 && cols % kQuantGroup != 0))
        return std::nullopt;
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.format = e.format;
    m.data = e.data;
    m.scales = e.scales;
    m.owner = mapping_;
    return m;
}

void QuantCache::add(const std::string& name, const Matrix& m)
{
    if (!mapping_)
        pending_[name] = m;
}

void QuantCache::save() const
{
    if (mapping_ || pending_.empty())
        return;
    const std::string path = pathFor(modelPath_, format_);
    try {
        fs::create_directories(fs::path(path).parent_path());
        SourceStamp stamp = stampOf(modelPath_);
        // Header and table first, with offsets computed up front; then the aligned data.
        uint64_t tableBytes = 8 + 4 + 4 + 8 + 8 + 4;
        for (const auto& [name, m] : pending_)
            tableBytes += 4 + name.size() + 4 * 3 + 8 * 3;
        uint64_t offset = (tableBytes + kAlign - 1) / kAlign * kAlign;
        std::map<std::string, std::pair<uint64_t, uint64_t>> offsets;
        for (const auto& [name, m] : pending_) {
            uint64_t data = offset;
            offset += m.rowBytes() * size_t(m.rows);
            offset = (offset + kAlign - 1) / kAlign * kAlign;
            uint64_t scales = offset;
            offset += scaleCount(m.rows, m.cols, m.format) * sizeof(float);
            offset = (offset + kAlign - 1) / kAlign * kAlign;
            offsets[name] = {data, scales};
        }
        OutputFile out(path);
        out.write(kMagic, 8);
        put<uint32_t>(out, kVersion);
        put<uint32_t>(out, uint32_t(format_));
        put<uint64_t>(out, stamp.size);
        put<int64_t>(out, stamp.mtimeNs);
        put<uint32_t>(out, uint32_t(pending_.size()));
        for (const auto& [name, m] : pending_) {
            put<uint32_t>(out, uint32_t(name.size()));
            out.write(name.data(), name.size());
            put<uint32_t>(out, uint32_t(m.rows));
            put<uint32_t>(out, uint32_t(m.cols));
            put<uint32_t>(out, uint32_t(m.format));
            put<uint64_t>(out, offsets[name].first);
            put<uint64_t>(out, m.rowBytes() * size_t(m.rows));
            put<uint64_t>(out, offsets[name].second);
        }
        pad(out);
        for (const auto& [name, m] : pending_) {
            out.write(m.data, m.rowBytes() * size_t(m.rows));
            pad(out);
            size_t scales = scaleCount(m.rows, m.cols, m.format);
            if (scales)
                out.write(m.scales, scales * sizeof(float));
            pad(out);
        }
        out.commit();
    } catch (const std::exception&) {
        // A cache that cannot be written (full disk, read-only cache folder) costs only time.
    }
}

} // namespace rwkv
