#include "state/state.h"

#include "core/error.h"

#include <cstring>

namespace rwkv {

namespace {

constexpr char kMagic[8] = {'R', 'W', 'K', 'V', 'S', 'T', 'A', 'T'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 8 + 4 * 6 + 8 * 3;

template <typename T>
void put(std::vector<uint8_t>& out, T v)
{
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

template <typename T>
T get(const uint8_t*& p)
{
    T v;
    std::memcpy(&v, p, sizeof(T));
    p += sizeof(T);
    return v;
}

uint32_t checksum(const uint8_t* data, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; ++i) {
        h ^= data[i];
        h *= 16777619u;
    }
    return h;
}

} // namespace

size_t State::layerSizeFor(const ModelInfo& info)
{
    if (info.arch == Arch::V4)
        return size_t(5) * size_t(info.embd);
    return size_t(2) * size_t(info.embd) + size_t(info.heads) * size_t(info.headSize) * size_t(info.headSize);
}

State::State(const ModelInfo& info)
    : arch_(info.arch), layers_(info.layers), embd_(info.embd), heads_(info.heads), headSize_(info.headSize),
      fingerprint_(info.fingerprint), layerSize_(layerSizeFor(info))
{
    data_.assign(layerSize_ * size_t(layers_), 0.0f);
    if (arch_ == Arch::V4) {
        for (int i = 0; i < layers_; ++i) {
            float* pp = data_.data() + size_t(i) * layerSize_ + size_t(3) * size_t(embd_);
            for (int j = 0; j < embd_; ++j)
                pp[j] = -1e30f;
        }
    }
}

State::State(const State& o)
    : arch_(o.arch_), layers_(o.layers_), embd_(o.embd_), heads_(o.heads_), headSize_(o.headSize_),
      fingerprint_(o.fingerprint_), tokensSeen_(o.tokensSeen_), layerSize_(o.layerSize_)
{
    o.sync();
    data_ = o.data_;
}

State& State::operator=(const State& o)
{
    if (this != &o) {
        State copy(o);
        *this = std::move(copy);
    }
    return *this;
}

bool State::operator==(const State& o) const
{
    if (arch_ != o.arch_ || layers_ != o.layers_ || embd_ != o.embd_ || heads_ != o.heads_ ||
        headSize_ != o.headSize_ || fingerprint_ != o.fingerprint_ || tokensSeen_ != o.tokensSeen_ ||
        layerSize_ != o.layerSize_)
        return false;
    sync();
    o.sync();
    return data_ == o.data_;
}

std::vector<uint8_t> State::serialize() const
{
    sync();
    std::vector<uint8_t> out;
    out.reserve(kHeaderSize + data_.size() * 4 + 4);
    out.resize(8); // the magic (copied, not inserted: GCC 12 misreads the insert as an overflow)
    std::memcpy(out.data(), kMagic, 8);
    put<uint32_t>(out, kFormatVersion);
    put<uint32_t>(out, uint32_t(arch_));
    put<uint32_t>(out, uint32_t(layers_));
    put<uint32_t>(out, uint32_t(embd_));
    put<uint32_t>(out, uint32_t(heads_));
    put<uint32_t>(out, uint32_t(headSize_));
    put<uint64_t>(out, fingerprint_);
    put<uint64_t>(out, tokensSeen_);
    put<uint64_t>(out, uint64_t(data_.size()));
    size_t at = out.size();
    out.resize(at + data_.size() * 4);
    std::memcpy(out.data() + at, data_.data(), data_.size() * 4);
    put<uint32_t>(out, checksum(out.data(), out.size()));
    return out;
}

State State::deserialize(std::span<const uint8_t> blob, const ModelInfo& info)
{
    if (blob.size() < kHeaderSize + 4 || std::memcmp(blob.data(), kMagic, 8) != 0)
        throw Error(ErrorCode::Corrupt, "the saved state is not an RWKV Studio state (bad header)");
    const uint8_t* p = blob.data() + 8;
    uint32_t version = get<uint32_t>(p);
    if (version != kFormatVersion)
        throw Error(ErrorCode::Unsupported, "the saved state has format version " + std::to_string(version) +
                                                ", this build reads version " + std::to_string(kFormatVersion));
    uint32_t arch = get<uint32_t>(p);
    uint32_t layers = get<uint32_t>(p);
    uint32_t embd = get<uint32_t>(p);
    uint32_t heads = get<uint32_t>(p);
    uint32_t headSize = get<uint32_t>(p);
    uint64_t fingerprint = get<uint64_t>(p);
    uint64_t tokensSeen = get<uint64_t>(p);
    uint64_t count = get<uint64_t>(p);
    if (count > (blob.size() - kHeaderSize - 4) / 4 || kHeaderSize + count * 4 + 4 != blob.size())
        throw Error(ErrorCode::Truncated, "the saved state is " + std::to_string(blob.size()) +
                                              " bytes, which does not match the size its header gives");
    uint32_t stored;
    std::memcpy(&stored, blob.data() + blob.size() - 4, 4);
    if (stored != checksum(blob.data(), blob.size() - 4))
        throw Error(ErrorCode::Corrupt, "the saved state is damaged (checksum mismatch)");
    if (arch != uint32_t(info.arch) || int(layers) != info.layers || int(embd) != info.embd ||
        int(heads) != info.heads || int(headSize) != info.headSize)
        throw Error(ErrorCode::Mismatch, "the saved state belongs to a model of another shape (RWKV-" +
                                             std::string(arch <= uint32_t(Arch::V7) ? archName(Arch(arch)) : "?") + ", " +
                                             std::to_string(layers) + " layers, width " + std::to_string(embd) + ")");
    if (fingerprint != info.fingerprint)
        throw Error(ErrorCode::Mismatch, "the saved state belongs to different model weights and cannot be used with this model");
    State s(info);
    if (count != s.data_.size())
        throw Error(ErrorCode::Corrupt, "the saved state holds " + std::to_string(count) + " values, the model needs " +
                                            std::to_string(s.data_.size()));
    std::memcpy(s.data_.data(), p, count * 4);
    s.tokensSeen_ = tokensSeen;
    return s;
}

} // namespace rwkv
