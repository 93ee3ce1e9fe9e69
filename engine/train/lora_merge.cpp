#include "train/lora_merge.h"

#include "core/dtype.h"
#include "core/error.h"
#include "formats/checkpoint_writer.h"
#include "formats/tensor_file.h"

#include <cstring>
#include <deque>
#include <map>
#include <vector>

namespace rwkv {

namespace {

// Float values stored back in `dtype` (F32, F16 or BF16).
std::vector<std::byte> encode(const std::vector<float>& values, DType dtype)
{
    std::vector<std::byte> bytes(values.size() * dtypeSize(dtype));
    for (size_t i = 0; i < values.size(); ++i) {
        if (dtype == DType::F32) {
            std::memcpy(bytes.data() + i * 4, &values[i], 4);
        } else {
            const uint16_t h = dtype == DType::BF16 ? floatToBf16(values[i]) : floatToF16(values[i]);
            std::memcpy(bytes.data() + i * 2, &h, 2);
        }
    }
    return bytes;
}

} // namespace

void mergeLora(const std::string& basePath, const std::string& loraPath, double alpha, const std::string& out)
{
    if (!(alpha > 0))
        throw Error(ErrorCode::InvalidArgument, "the LoRA alpha must be greater than 0 (it is in the LoRA's .json file)");
    auto base = TensorFile::open(basePath);
    auto lora = TensorFile::open(loraPath);
    // stem -> (A, B); other tensors replace the base's.
    std::map<std::string, std::pair<const TensorView*, const TensorView*>> pairs;
    std::map<std::string, const TensorView*> replacements;
    for (const TensorView& t : lora->tensors()) {
        if (t.name.ends_with(".lora_A"))
            pairs[t.name.substr(0, t.name.size() - 7)].first = &t;
        else if (t.name.ends_with(".lora_B"))
            pairs[t.name.substr(0, t.name.size() - 7)].second = &t;
        else
            replacements[t.name] = &t;
    }
    for (const auto& [stem, ab] : pairs) {
        if (!ab.first || !ab.second)
            throw Error(ErrorCode::Corrupt, loraPath + ": '" + stem + "' has only one of lora_A and lora_B");
        if (!base->find(stem + ".weight"))
            throw Error(ErrorCode::Mismatch, loraPath + ": '" + stem + ".weight' is not in the base model");
    }
    for (const auto& [name, t] : replacements)
        if (!base->find(name))
            throw Error(ErrorCode::Mismatch, loraPath + ": '" + name + "' is not in the base model");

    std::deque<std::vector<std::byte>> owned; // merged data, alive until written
    std::vector<TensorView> views;
    for (const TensorView& t : base->tensors()) {
        TensorView view = t;
        const std::string stem = t.name.ends_with(".weight") ? t.name.substr(0, t.name.size() - 7) : std::string();
        const auto pair = pairs.find(stem);
        const auto replacement = replacements.find(t.name);
        const bool floating = t.dtype == DType::F32 || t.dtype == DType::F16 || t.dtype == DType::BF16;
        if (pair != pairs.end()) {
            const TensorView& A = *pair->second.first;
            const TensorView& B = *pair->second.second;
            if (t.shape.size() != 2 || A.shape.size() != 2 || B.shape.size() != 2 || A.shape[1] != t.shape[1] ||
                B.shape[0] != t.shape[0] || A.shape[0] != B.shape[1] || !floating)
                throw Error(ErrorCode::Mismatch, loraPath + ": '" + stem + "' has lora_A " + A.shapeString() +
                                                     " and lora_B " + B.shapeString() + " for a base tensor " +
                                                     t.shapeString());
            const size_t out = size_t(t.shape[0]), in = size_t(t.shape[1]), r = size_t(A.shape[0]);
            std::vector<float> w = t.toFloat(), a = A.toFloat(), b = B.toFloat();
            const float scale = float(alpha / double(r));
            for (size_t o = 0; o < out; ++o)
                for (size_t k = 0; k < r; ++k) {
                    const float bk = b[o * r + k] * scale;
                    for (size_t i = 0; i < in; ++i)
                        w[o * in + i] += bk * a[k * in + i];
                }
            owned.push_back(encode(w, t.dtype));
            view.data = owned.back().data();
        } else if (replacement != replacements.end()) {
            if (replacement->second->numel() != t.numel() || !floating)
                throw Error(ErrorCode::Mismatch, loraPath + ": '" + t.name + "' has shape " +
                                                     replacement->second->shapeString() + ", the base " + t.shapeString());
            owned.push_back(encode(replacement->second->toFloat(), t.dtype));
            view.data = owned.back().data();
        }
        views.push_back(view);
    }
    if (out.ends_with(".safetensors"))
        writeSafetensors(out, views);
    else
        writePth(out, views);
}

} // namespace rwkv
