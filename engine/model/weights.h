// WeightSource hands the model builders each checkpoint tensor as float32, by name, after checking
// its shape, and remembers which tensors were taken so that tensors no builder understood (an
// unknown RWKV variant) can be refused instead of silently ignored. A LoRA file merged at load
// replaces the tensors it changes (docs/RWKV.md "LoRA files").
#pragma once

#include "cpu/huge_page_arena.h"
#include "cpu/weight_matrix.h"
#include "formats/tensor_file.h"
#include "model/quant_cache.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rwkv {

class WeightSource {
public:
    // `label` names the file in error messages. Matrices may borrow memory from `file`, which
    // they keep alive.
    WeightSource(std::shared_ptr<const TensorFile> file, std::string label);

    // Compute formats: `matrices` for the large [out, in] projections, `head` for head.weight,
    // `embedding` for emb.weight. nullopt = the checkpoint's own precision (no conversion).
    void setFormats(std::optional<WeightFormat> matrices, std::optional<WeightFormat> head,
                    std::optional<WeightFormat> embedding);

    bool has(const std::string& name) const;
    const TensorView& view(const std::string& name) const; // Error(Unsupported) when missing
    std::vector<int64_t> shape(const std::string& name) const { return view(name).shape; }

    // The tensor's elements as float32; its element count must be `numel` (shape otherwise free,
    // e.g. [1,1,D] or [D] for vectors).
    std::vector<float> vector(const std::string& name, size_t numel);
    // A stored [out, in] matrix in the compute format chosen for it (borrowed from the file when
    // that is its stored precision and no LoRA changed it).
    Matrix matrix(const std::string& name, int out, int in);
    // A stored [in, out] matrix (used as x @ W in the math), returned as [out, in] float32: the
    // small low-rank matrices stay float32.
    Matrix matrixFromInOut(const std::string& name, int in, int out);
    // Slice `index` of a stored [count, in, out] stack, returned as [out, in].
    Matrix matrixFromStack(const std::string& name, int index, int count, int in, int out);

    // Merges an RWKV-PEFT LoRA file: W += (B @ A) * alpha / r for every `X.lora_A`/`X.lora_B` pair;
    // other tensors in it replace same-named base tensors. Error(Mismatch) on shapes that do not fit
    // or names the model lacks.
    void mergeLora(const TensorFile& lora, const std::string& loraLabel, float alpha);

    // Called as tensors are fetched with the fraction of parameters read; returning false cancels
    // the load with Error(Cancelled).
    void setProgress(std::function<bool(float)> progress) { progress_ = std::move(progress); }

    // Converted matrices are looked up in, and added to, `cache` (may be null; must outlive this).
    void setCache(QuantCache* cache) { cache_ = cache; }

    // Large matrices (all but the embedding table) are copied into `arena` instead of being
    // borrowed from the file or a cache mapping, whose pages are then dropped from the process
    // (see cpu/huge_page_arena.h). Null (the default) keeps them where they are.
    void setArena(std::shared_ptr<HugePageArena> arena) { arena_ = std::move(arena); }

    // Bytes of everything handed out so far in its compute format.
    uint64_t servedBytes() const { return served_; }

    // Names in the checkpoint that no builder asked for.
    std::vector<std::string> unusedNames() const;
    // Sum of element counts over all checkpoint tensors.
    int64_t parameterCount() const;
    // Hash of the weights as used (dims, names, sampled values after LoRA merge).
    uint64_t fingerprint() const { return fingerprint_; }

private:
    std::vector<float> fetch(const std::string& name);
    // A stored tensor converted to `format` in the arena, a block of rows at a time.
    Matrix convertIntoArena(const TensorView& t, const std::string& name, int out, int in, WeightFormat format);
    // Like fetch, into `buffer` (reused across tensors); returns buffer.data().
    const float* fetchInto(const std::string& name, std::vector<float>& buffer);
    void markUsed(const std::string& name, size_t numel);
    void hashTensor(const std::string& name, size_t numel, const float* head, const float* tail, size_t k);
    void hashStored(const std::string& name, const TensorView& t); // hashTensor of a stored tensor
    std::optional<WeightFormat> formatFor(const std::string& name) const;

    std::shared_ptr<const TensorFile> file_;
    std::vector<float> conversion_; // the tensor being converted, as float32
    QuantCache* cache_ = nullptr;
    std::shared_ptr<HugePageArena> arena_;
    std::optional<WeightFormat> matrixFormat_, headFormat_, embeddingFormat_;
    std::string label_;
    std::map<std::string, std::vector<float>> overrides_;
    std::set<std::string> used_;
    uint64_t fingerprint_ = 1469598103934665603ull;
    std::function<bool(float)> progress_;
    int64_t fetched_ = 0;
    uint64_t served_ = 0;
};

} // namespace rwkv
