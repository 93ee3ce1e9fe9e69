#include "model/model.h"

#include "core/error.h"
#include "cpu/thread_pool.h"
#include "model/adapters.h"
#include "model/quant_cache.h"
#include "model/arch.h"
#include "model/versions.h"
#include "vulkan/vulkan_backend.h"

#include <cstdlib>
#include <exception>
#include <cmath>
#include <filesystem>

namespace rwkv {

namespace {

// The logits of one decoding step, kept per thread between steps: a fresh vector of a 65536-token
// vocabulary each step is a 256 KB allocation the C library maps, faults in and zeroes every time.
std::vector<float>& reusedLogits(size_t n)
{
    thread_local std::vector<float> logits;
    logits.resize(n);
    return logits;
}

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

void refuseUnusedTensors(const WeightSource& weights, const ModelInfo& info, const std::string& label)
{
    std::vector<std::string> unused = weights.unusedNames();
    if (unused.empty())
        return;
    std::string list;
    for (size_t i = 0; i < unused.size() && i < 3; ++i)
        list += (i ? ", " : "") + unused[i];
    if (unused.size() > 3)
        list += ", …";
    throw Error(ErrorCode::Unsupported, label + " looks like RWKV-" + std::string(archName(info.arch)) +
                                            " but has tensors the engine does not know (" + list +
                                            "): it is a variant this version of RWKV Studio cannot run");
}

} // namespace

std::shared_ptr<const Model> Model::load(const std::string& path, const LoadOptions& options)
{
    const std::string label = fileLabel(path);
    const BackendRequest backend = parseBackend(options.backend);
    std::shared_ptr<const TensorFile> file = TensorFile::open(path);
    ModelInfo info = readModelInfo(*file, label);
    info.path = path;
    info.fileSize = file->fileSize();

    std::unique_ptr<TensorFile> lora;
    if (!options.loraPath.empty()) {
        if (!(options.loraAlpha > 0))
            throw Error(ErrorCode::InvalidArgument, "a LoRA needs its alpha (it is not stored in the file)");
        lora = TensorFile::open(options.loraPath);
    }
    // Quantized CPU copies are cached beside the model (not with a LoRA: the merge changes them).
    std::unique_ptr<QuantCache> cache;
    // A fresh source per attempt: a GPU load that fails half way has already taken tensors. The
    // CPU formats and cache apply to the CPU model only; the GPU encodes its own formats.
    auto openWeights = [&](bool forCpu) {
        auto weights = std::make_unique<WeightSource>(file, label);
        if (forCpu) {
            weights->setFormats(options.weights, options.headWeights ? options.headWeights : options.weights,
                                options.embeddingWeights);
            if (options.useWeightCache && options.weights && options.loraPath.empty() &&
                *options.weights != WeightFormat::F32) {
                cache = std::make_unique<QuantCache>(path, *options.weights);
                weights->setCache(cache.get());
            }
            if (!std::getenv("RWKV_NO_HUGE_PAGES"))
                weights->setArena(std::make_shared<HugePageArena>());
        }
        if (options.progress)
            weights->setProgress(options.progress);
        if (lora)
            weights->mergeLora(*lora, fileLabel(options.loraPath), options.loraAlpha);
        return weights;
    };
    // Both kinds of model are finished alike once build() has taken the weights.
    auto finish = [&](auto& model, WeightSource& weights) {
        refuseUnusedTensors(weights, info, label);
        info.fingerprint = weights.fingerprint();
        model.setInfo(info);
        if (!options.stateTunePath.empty()) {
            std::unique_ptr<TensorFile> tune = TensorFile::open(options.stateTunePath);
            model.setInitialState(stateFromTuningFile(*tune, fileLabel(options.stateTunePath), info));
        }
        if (options.progress)
            options.progress(1.0f);
    };

    if (backend.kind != BackendRequest::Kind::Cpu) {
        std::string whyNot;
        if (std::unique_ptr<GpuModel> gpu = vulkan::openModel(backend, info, options, whyNot)) {
            std::unique_ptr<WeightSource> weights = openWeights(false);
            try {
                gpu->setInfo(info);
                gpu->build(*weights);
                finish(*gpu, *weights);
                return std::shared_ptr<const Model>(std::move(gpu));
            } catch (const Error& e) {
                if (e.code() == ErrorCode::Cancelled)
                    throw;
                whyNot = e.what(); // a bad file fails again, with the same sentence, on the CPU
            }
        }
        info.fallbackReason = "running on the CPU: " + whyNot;
    }

    std::unique_ptr<WeightSource> weights = openWeights(true);
    std::unique_ptr<ModelBase> model = makeModel(info.arch);
    model->setInfo(info);
    model->build(*weights);
    model->finishBuild(*weights);
    finish(*model, *weights);
    if (cache)
        cache->save();
    return std::shared_ptr<const Model>(std::move(model));
}

void Model::forwardBatch(std::span<State* const> states, std::span<const int32_t> tokens, std::span<float> logits,
                         BatchRows) const
{
    const size_t V = size_t(info().vocab);
    if (tokens.size() != states.size() || logits.size() < states.size() * V)
        throw Error(ErrorCode::InvalidArgument, "a batch needs one token and V logits per state");
    for (size_t i = 0; i < states.size(); ++i)
        forward(*states[i], tokens.subspan(i, 1), LogitsMode::Last, logits.subspan(i * V, V));
}

void Model::forwardBatchArgmax(std::span<State* const> states, std::span<const int32_t> tokens,
                               std::span<int32_t> next, BatchRows rows) const
{
    const size_t V = size_t(info().vocab);
    if (next.size() < states.size())
        throw Error(ErrorCode::InvalidArgument, "a batch needs room for one id per state");
    std::vector<float>& logits = reusedLogits(states.size() * V);
    forwardBatch(states, tokens, logits, rows);
    for (size_t i = 0; i < states.size(); ++i) {
        int32_t best = -1;
        for (size_t v = 0; v < V; ++v) {
            float x = logits[i * V + v];
            if (!std::isnan(x) && x > -INFINITY && (best < 0 || x > logits[i * V + size_t(best)]))
                best = int32_t(v);
        }
        next[i] = best;
    }
}

void Model::forwardBatchSample(std::span<State* const> states, std::span<const int32_t> tokens,
                               std::span<Sampler* const> samplers, std::span<int32_t> next, BatchRows rows) const
{
    const size_t V = size_t(info().vocab);
    if (samplers.size() != states.size() || next.size() < states.size())
        throw Error(ErrorCode::InvalidArgument, "a batch needs one sampler and room for one id per state");
    for (Sampler* s : samplers)
        if (!s)
            throw Error(ErrorCode::InvalidArgument, "a batch needs one sampler per state");
    std::vector<float>& logits = reusedLogits(states.size() * V);
    forwardBatch(states, tokens, logits, rows);
    // Rows sample on all threads: each sampler has its own generator and scratch, so the choices
    // are the same as one after another. An error (every token banned) is raised after all ran.
    std::vector<std::exception_ptr> errors(states.size());
    ThreadPool::shared().parallelFor(states.size(), 1, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            try {
                next[i] = samplers[i]->sample(std::span<float>(logits.data() + i * V, V));
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    });
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
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
