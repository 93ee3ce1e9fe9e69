#include "model/model.h"

#include "core/error.h"
#include "model/adapters.h"
#include "model/quant_cache.h"
#include "model/arch.h"
#include "model/versions.h"

#include <filesystem>

namespace rwkv {

namespace {

std::string fileLabel(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

std::unique_ptr<ModelBase> makeModel(Arch arch)
{
    switch (arch) {
    case Arch::V4: return makeV4Model();
    case Arch::V5_0: case Arch::V5_1: case Arch::V5_2: return makeV5Model();
    case Arch::V6: return makeV6Model();
    case Arch::V7: return makeV7Model();
    }
    return nullptr;
}

} // namespace

std::shared_ptr<const Model> Model::load(const std::string& path, const LoadOptions& options)
{
    const std::string label = fileLabel(path);
    std::shared_ptr<const TensorFile> file = TensorFile::open(path);
    ModelInfo info = readModelInfo(*file, label);
    info.path = path;
    info.fileSize = file->fileSize();

    WeightSource weights(file, label);
    weights.setFormats(options.weights, options.headWeights ? options.headWeights : options.weights,
                       options.embeddingWeights);
    if (options.progress)
        weights.setProgress(options.progress);
    // Quantized copies are cached beside the model (not with a LoRA: the merge changes them).
    std::unique_ptr<QuantCache> cache;
    if (options.weights && options.loraPath.empty() && *options.weights != WeightFormat::F32) {
        cache = std::make_unique<QuantCache>(path, *options.weights);
        weights.setCache(cache.get());
    }
    std::unique_ptr<TensorFile> lora;
    if (!options.loraPath.empty()) {
        if (!(options.loraAlpha > 0))
            throw Error(ErrorCode::InvalidArgument, "a LoRA needs its alpha (it is not stored in the file)");
        lora = TensorFile::open(options.loraPath);
        weights.mergeLora(*lora, fileLabel(options.loraPath), options.loraAlpha);
    }

    std::unique_ptr<ModelBase> model = makeModel(info.arch);
    model->setInfo(info);
    model->build(weights);
    model->finishBuild(weights);
    std::vector<std::string> unused = weights.unusedNames();
    if (!unused.empty()) {
        std::string list;
        for (size_t i = 0; i < unused.size() && i < 3; ++i)
            list += (i ? ", " : "") + unused[i];
        if (unused.size() > 3)
            list += ", …";
        throw Error(ErrorCode::Unsupported, label + " looks like RWKV-" + std::string(archName(info.arch)) +
                                                " but has tensors the engine does not know (" + list +
                                                "): it is a variant this version of RWKV Studio cannot run");
    }
    info.fingerprint = weights.fingerprint();
    if (cache)
        cache->save();
    model->setInfo(info);
    if (!options.stateTunePath.empty()) {
        std::unique_ptr<TensorFile> tune = TensorFile::open(options.stateTunePath);
        model->setInitialState(stateFromTuningFile(*tune, fileLabel(options.stateTunePath), info));
    }
    if (options.progress)
        options.progress(1.0f);
    return std::shared_ptr<const Model>(std::move(model));
}

std::vector<float> Model::step(State& state, int32_t token) const
{
    std::vector<float> logits(size_t(info().vocab));
    forward(state, std::span<const int32_t>(&token, 1), LogitsMode::Last, logits);
    return logits;
}

std::vector<float> Model::prefill(State& state, std::span<const int32_t> tokens, const RunControl& control) const
{
    if (tokens.empty())
        return {};
    std::vector<float> logits(size_t(info().vocab));
    forward(state, tokens, LogitsMode::Last, logits, control);
    return logits;
}

} // namespace rwkv
