#include "model/weights.h"

#include "core/error.h"

#include <algorithm>
#include <cstring>

namespace rwkv {

namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

uint64_t fnv(uint64_t h, const void* data, size_t n)
{
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace

WeightSource::WeightSource(std::shared_ptr<const TensorFile> file, std::string label)
    : file_(std::move(file)), label_(std::move(label))
{
}

void WeightSource::setFormats(std::optional<WeightFormat> matrices, std::optional<WeightFormat> head,
                              std::optional<WeightFormat> embedding)
{
    matrixFormat_ = matrices;
    headFormat_ = head;
    embeddingFormat_ = embedding;
}

bool WeightSource::has(const std::string& name) const
{
    return file_->find(name) != nullptr;
}

const TensorView& WeightSource::view(const std::string& name) const
{
    const TensorView* t = file_->find(name);
    if (!t)
        throw Error(ErrorCode::Unsupported,
                    label_ + " has no tensor '" + name + "': it is not a complete RWKV checkpoint of this version");
    return *t;
}

const float* WeightSource::fetchInto(const std::string& name, std::vector<float>& buffer)
{
    if (auto it = overrides_.find(name); it != overrides_.end()) {
        buffer = it->second;
    } else {
        const TensorView& t = view(name);
        buffer.resize(t.numel()); // keeps the buffer's pages from one tensor to the next
        t.toFloat(0, t.numel(), buffer.data());
    }
    const size_t k = std::min<size_t>(buffer.size(), 32);
    hashTensor(name, buffer.size(), buffer.data(), buffer.data() + buffer.size() - k, k);
    markUsed(name, buffer.size());
    return buffer.data();
}

std::vector<float> WeightSource::fetch(const std::string& name)
{
    std::vector<float> values;
    fetchInto(name, values);
    return values;
}

void WeightSource::hashStored(const std::string& name, const TensorView& t)
{
    // The same sample fetch() hashes, read off the stored tensor without converting all of it.
    const size_t numel = t.numel(), k = std::min<size_t>(numel, 32);
    std::vector<float> head(k), tail(k);
    t.toFloat(0, k, head.data());
    t.toFloat(numel - k, k, tail.data());
    hashTensor(name, numel, head.data(), tail.data(), k);
}

void WeightSource::markUsed(const std::string& name, size_t numel)
{
    used_.insert(name);
    if (progress_) {
        fetched_ += int64_t(numel);
        if (!progress_(float(std::min(1.0, double(fetched_) / double(std::max<int64_t>(1, parameterCount()))))))
            throw Error(ErrorCode::Cancelled, "loading was cancelled");
    }
}

void WeightSource::hashTensor(const std::string& name, size_t numel, const float* head, const float* tail, size_t k)
{
    // Names, sizes and a sample of values at both ends: enough to tell models (and LoRA merges)
    // apart without hashing gigabytes at every load. The compute format does not enter: a state
    // is valid for every precision of the same weights.
    fingerprint_ = fnv(fingerprint_, name.data(), name.size());
    uint64_t n = numel;
    fingerprint_ = fnv(fingerprint_, &n, sizeof n);
    fingerprint_ = fnv(fingerprint_, head, k * sizeof(float));
    if (numel > k)
        fingerprint_ = fnv(fingerprint_, tail, k * sizeof(float));
}

std::optional<WeightFormat> WeightSource::formatFor(const std::string& name) const
{
    if (name == "head.weight")
        return headFormat_ ? headFormat_ : matrixFormat_;
    if (name == "emb.weight")
        return embeddingFormat_;
    return matrixFormat_;
}

std::vector<float> WeightSource::vector(const std::string& name, size_t numel)
{
    const TensorView& t = view(name);
    if (t.numel() != numel)
        throw Error(ErrorCode::Mismatch, label_ + ": tensor '" + name + "' has shape " + shapeText(t.shape) +
                                             " but the model needs " + std::to_string(numel) + " elements");
    served_ += numel * sizeof(float);
    return fetch(name);
}

Matrix WeightSource::matrix(const std::string& name, int out, int in)
{
    const TensorView& t = view(name);
    if (t.shape.size() != 2 || t.shape[0] != out || t.shape[1] != in)
        throw Error(ErrorCode::Mismatch, label_ + ": tensor '" + name + "' has shape " + shapeText(t.shape) +
                                             ", expected [" + std::to_string(out) + ", " + std::to_string(in) + "]");
    std::optional<WeightFormat> wanted = formatFor(name);
    std::optional<WeightFormat> stored;
    if (t.dtype == DType::F32)
        stored = WeightFormat::F32;
    else if (t.dtype == DType::F16)
        stored = WeightFormat::F16;
    else if (t.dtype == DType::BF16)
        stored = WeightFormat::BF16;
    if (!wanted)
        wanted = stored ? *stored : WeightFormat::F32;
    const bool relocate = arena_ && name != "emb.weight";
    auto borrowed = [&](Matrix m) {
        hashStored(name, t);
        markUsed(name, t.numel());
        served_ += m.bytes();
        if (!relocate)
            return m;
        // Borrowed data lies in a file mapping (the checkpoint's or the quantized cache's) unless
        // the checkpoint reader had to materialise the tensor; only mapped pages may be dropped.
        const bool mapped = m.owner != file_ || file_->inMapping(t.data, m.bytes());
        return arena_->adopt(m, /*dropSource=*/mapped);
    };
    if (!overrides_.count(name) && stored && *stored == *wanted) {
        // Zero copy: compute straight from the mapped file.
        Matrix m;
        m.rows = out;
        m.cols = in;
        m.format = *wanted;
        m.data = t.data;
        m.owner = file_;
        return borrowed(m);
    }
    if (cache_ && !overrides_.count(name))
        if (std::optional<Matrix> cached = cache_->find(name, out, in, *wanted))
            return borrowed(*cached);
    Matrix m;
    if (relocate && !overrides_.count(name)) {
        m = convertIntoArena(t, name, out, in, *wanted);
    } else {
        const float* values = fetchInto(name, conversion_);
        m = relocate ? arena_->encode(out, in, values, *wanted) : Matrix::encode(out, in, values, *wanted);
    }
    served_ += m.bytes();
    if (cache_ && !overrides_.count(name) && *wanted != WeightFormat::F32)
        cache_->add(name, m);
    return m;
}

Matrix WeightSource::convertIntoArena(const TensorView& t, const std::string& name, int out, int in,
                                      WeightFormat format)
{
    // Block by block of rows through a float32 buffer of about 8 MB, straight into the arena: the
    // peak is the converted weights plus that buffer, not plus a whole tensor in float32 (a
    // 65536-token head at D4096 is 1 GB of it), and no fresh heap pages are faulted in and
    // cleared per tensor (that was most of a converting load's time). Each block's pages of the
    // checkpoint's mapping are dropped once converted: without that, converting a 3 GB
    // checkpoint to int8 held the whole file resident on top of the converted weights.
    hashStored(name, t);
    const size_t elementBytes = dtypeSize(t.dtype);
    Matrix m = arena_->allocateMatrix(out, in, format);
    const int blockRows = std::max(1, int((size_t(8) << 20) / sizeof(float) / size_t(std::max(1, in))));
    for (int r0 = 0; r0 < out; r0 += blockRows) {
        Matrix block = m;
        block.rows = std::min(blockRows, out - r0);
        const size_t first = size_t(r0) * size_t(in), n = size_t(block.rows) * size_t(in);
        conversion_.resize(std::max(conversion_.size(), n));
        t.toFloat(first, n, conversion_.data());
        block.encodeInto(conversion_.data(), static_cast<uint8_t*>(const_cast<void*>(m.data)) + size_t(r0) * m.rowBytes(),
                         m.scales ? const_cast<float*>(m.scales) + size_t(r0) * size_t(in / kQuantGroup) : nullptr);
        const std::byte* from = t.data + first * elementBytes;
        if (file_->inMapping(from, n * elementBytes))
            dropMappedPages(from, n * elementBytes);
    }
    markUsed(name, t.numel());
    return m;
}

Matrix WeightSource::matrixFromInOut(const std::string& name, int in, int out)
{
    const TensorView& t = view(name);
    if (t.shape.size() != 2 || t.shape[0] != in || t.shape[1] != out)
        throw Error(ErrorCode::Mismatch, label_ + ": tensor '" + name + "' has shape " + shapeText(t.shape) +
                                             ", expected [" + std::to_string(in) + ", " + std::to_string(out) + "]");
    std::vector<float> src = fetch(name);
    std::vector<float> transposed(size_t(in) * size_t(out));
    for (int i = 0; i < in; ++i)
        for (int o = 0; o < out; ++o)
            transposed[size_t(o) * in + i] = src[size_t(i) * out + o];
    served_ += transposed.size() * sizeof(float);
    return Matrix::fromFloats(out, in, std::move(transposed));
}

Matrix WeightSource::matrixFromStack(const std::string& name, int index, int count, int in, int out)
{
    const TensorView& t = view(name);
    if (t.shape.size() != 3 || t.shape[0] != count || t.shape[1] != in || t.shape[2] != out)
        throw Error(ErrorCode::Mismatch, label_ + ": tensor '" + name + "' has shape " + shapeText(t.shape) +
                                             ", expected [" + std::to_string(count) + ", " + std::to_string(in) +
                                             ", " + std::to_string(out) + "]");
    std::vector<float> src = fetch(name);
    const float* s = src.data() + size_t(index) * in * out;
    std::vector<float> transposed(size_t(in) * size_t(out));
    for (int i = 0; i < in; ++i)
        for (int o = 0; o < out; ++o)
            transposed[size_t(o) * in + i] = s[size_t(i) * out + o];
    served_ += transposed.size() * sizeof(float);
    return Matrix::fromFloats(out, in, std::move(transposed));
}

void WeightSource::mergeLora(const TensorFile& lora, const std::string& loraLabel, float alpha)
{
    const std::string suffixA = ".lora_A";
    for (const TensorView& t : lora.tensors()) {
        const std::string& name = t.name;
        if (name.size() > suffixA.size() && name.compare(name.size() - suffixA.size(), suffixA.size(), suffixA) == 0) {
            std::string stem = name.substr(0, name.size() - suffixA.size());
            const TensorView* b = lora.find(stem + ".lora_B");
            if (!b)
                throw Error(ErrorCode::Mismatch, loraLabel + " has '" + name + "' without its '" + stem + ".lora_B'");
            std::string target = stem + ".weight";
            const TensorView* base = file_->find(target);
            if (!base)
                throw Error(ErrorCode::Mismatch, loraLabel + " adapts '" + target + "', which " + label_ + " does not have: "
                                                     "the LoRA was made for another model");
            if (t.shape.size() != 2 || b->shape.size() != 2 || base->shape.size() != 2 || b->shape[1] != t.shape[0] ||
                b->shape[0] != base->shape[0] || t.shape[1] != base->shape[1])
                throw Error(ErrorCode::Mismatch, loraLabel + ": '" + stem + "' has lora_A " + shapeText(t.shape) + " and lora_B " +
                                                     shapeText(b->shape) + ", which do not fit the model's " +
                                                     shapeText(base->shape) + ": the LoRA was made for another model");
            const int r = int(t.shape[0]);
            const int out = int(base->shape[0]);
            const int in = int(base->shape[1]);
            std::vector<float> w = overrides_.count(target) ? overrides_[target] : base->toFloat();
            std::vector<float> A = t.toFloat();
            std::vector<float> B = b->toFloat();
            const float scale = alpha / float(r);
            for (int o = 0; o < out; ++o) {
                float* wr = w.data() + size_t(o) * in;
                for (int k = 0; k < r; ++k) {
                    float bk = B[size_t(o) * r + k] * scale;
                    const float* ar = A.data() + size_t(k) * in;
                    for (int i = 0; i < in; ++i)
                        wr[i] += bk * ar[i];
                }
            }
            overrides_[target] = std::move(w);
        } else if (name.size() > 7 && name.compare(name.size() - 7, 7, ".lora_B") == 0) {
            continue; // handled with its lora_A
        } else {
            const TensorView* base = file_->find(name);
            if (!base)
                throw Error(ErrorCode::Mismatch, loraLabel + " holds '" + name + "', which " + label_ + " does not have");
            if (base->numel() != t.numel())
                throw Error(ErrorCode::Mismatch, loraLabel + ": '" + name + "' has shape " + shapeText(t.shape) +
                                                     " but the model's is " + shapeText(base->shape));
            overrides_[name] = t.toFloat();
        }
    }
}

std::vector<std::string> WeightSource::unusedNames() const
{
    std::vector<std::string> out;
    for (const TensorView& t : file_->tensors())
        if (!used_.count(t.name))
            out.push_back(t.name);
    return out;
}

int64_t WeightSource::parameterCount() const
{
    int64_t n = 0;
    for (const TensorView& t : file_->tensors())
        n += int64_t(t.numel());
    return n;
}

} // namespace rwkv
