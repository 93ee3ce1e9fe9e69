#include "train/trainer.h"

#include "core/error.h"
#include "formats/checkpoint_writer.h"
#include "formats/tensor_file.h"
#include "train/v7_gradients.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace rwkv::train {

namespace fs = std::filesystem;

namespace {

bool isLayerNorm(const std::string& name)
{
    for (const char* part : {".ln0.", ".ln1.", ".ln2.", "ln_out.", ".ln_x."})
        if (name.find(part) != std::string::npos)
            return true;
    return false;
}

bool isAdapter(const std::string& name)
{
    return name.find(".lora_") != std::string::npos || name.ends_with("time_state");
}

bool trains(const TrainSettings& s, const std::string& name)
{
    switch (s.method) {
    case TrainMethod::Lora:
        return name.find(".lora_") != std::string::npos || (s.trainLayerNorms && isLayerNorm(name));
    case TrainMethod::State:
        return name.ends_with("time_state");
    case TrainMethod::Full:
        return !isAdapter(name);
    }
    return false;
}

TensorView viewOf(const std::string& name, const Vec<float>& t, std::vector<int64_t> shape)
{
    return TensorView{name, DType::F32, std::move(shape), reinterpret_cast<const std::byte*>(t.data())};
}

void writeTensors(const std::string& path, const std::vector<TensorView>& views)
{
    if (path.ends_with(".safetensors"))
        writeSafetensors(path, views);
    else
        writePth(path, views);
}

void writeTextAtomically(const fs::path& path, const std::string& text)
{
    const fs::path partial = path.string() + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out)
            throw Error(ErrorCode::Io, "could not write " + partial.string());
    }
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec)
        throw Error(ErrorCode::Io, "could not write " + path.string() + ": " + ec.message());
}

} // namespace

const char* methodName(TrainMethod m)
{
    switch (m) {
    case TrainMethod::Lora:
        return "lora";
    case TrainMethod::State:
        return "state";
    case TrainMethod::Full:
        return "full";
    }
    return "lora";
}

TrainMethod parseMethod(const std::string& name)
{
    if (name == "lora")
        return TrainMethod::Lora;
    if (name == "state")
        return TrainMethod::State;
    if (name == "full")
        return TrainMethod::Full;
    throw Error(ErrorCode::InvalidArgument, "the method must be lora, state or full, not '" + name + "'");
}

TrainSettings TrainSettings::forMethod(TrainMethod m)
{
    TrainSettings s;
    s.method = m;
    if (m == TrainMethod::State) {
        s.lr = 1.0; // RWKV-PEFT's state-tuning rates: the state is far less sensitive than weights
        s.lrFinal = 0.01;
    }
    return s;
}

void TrainSettings::validate() const
{
    auto bad = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
    if (method == TrainMethod::Lora && (loraRank < 1 || loraRank > 4096))
        bad("the LoRA rank must be between 1 and 4096");
    if (method == TrainMethod::Lora && !(loraAlpha > 0))
        bad("the LoRA alpha must be greater than 0");
    if (!(lr > 0) || !(lrFinal >= 0) || !std::isfinite(lr) || !std::isfinite(lrFinal))
        bad("the learning rates must be positive numbers");
    if (warmupSteps < 0 || steps < 0 || !(epochs > 0) || !std::isfinite(epochs))
        bad("steps, warm-up and epochs must be positive");
    if (ctx < 2 || ctx > 1 << 20)
        bad("the context length must be between 2 and 1048576 tokens");
    if (batch < 1 || accumulate < 1)
        bad("batch and accumulation must be at least 1");
    if (!(validationFraction >= 0 && validationFraction < 1))
        bad("the validation fraction must be at least 0 and below 1");
    if (!std::isfinite(clip) || !std::isfinite(weightDecay) || weightDecay < 0)
        bad("clipping and weight decay must be finite, weight decay not negative");
    if (!(loraDropout >= 0 && loraDropout < 1))
        bad("the LoRA dropout must be at least 0 and below 1");
    if (method == TrainMethod::Full && frozenWeights && *frozenWeights != WeightFormat::F32)
        bad("full fine-tuning trains every weight in float32: a compact weight format is for LoRA and state "
            "tuning");
}

Trainer::Trainer(const std::string& modelPath, SampleSplit data, TrainSettings settings)
    : modelPath_(modelPath), data_(std::move(data)), settings_(settings)
{
    settings_.validate();
#if defined(__GLIBC__)
    // A step allocates and frees the same large activation buffers again and again; kept in the
    // heap instead of being unmapped, they are reused without a page fault per 4 KB (which cost
    // half of a step's time at L12/D768). 32 MB is the largest threshold glibc accepts.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
    if (data_.train.empty())
        throw Error(ErrorCode::InvalidArgument, "there is no training sample: add more text");
    std::optional<WeightFormat> packed = settings_.frozenWeights;
    if (packed == WeightFormat::F32 || settings_.method == TrainMethod::Full)
        packed.reset();
    weights_ = loadTrainWeights<float>(modelPath, packed);
    if (settings_.method == TrainMethod::Lora)
        addLora(weights_, settings_.loraRank, settings_.loraAlpha, settings_.seed);
    if (settings_.method == TrainMethod::State)
        addTimeState(weights_);
    grads_.shapeGradientsLike(weights_, [&](const std::string& name) { return trains(settings_, name); });
    optimizer_ = AdamW(grads_, 0.9, 0.99, 1e-8, settings_.weightDecay);
    const int perStep = settings_.batch * settings_.accumulate;
    totalSteps_ = settings_.steps > 0
        ? settings_.steps
        : std::max(1, int(std::ceil(settings_.epochs * double(data_.train.size()) / perStep)));
    schedule_ = LearningRate{settings_.lr, settings_.lrFinal, settings_.warmupSteps, totalSteps_, settings_.decay};
    if (settings_.validationEvery <= 0)
        settings_.validationEvery = std::max(1, totalSteps_ / 10);
}

const TrainingSample& Trainer::sampleAt(int64_t cursor) const
{
    // Each epoch visits every training sample once in its own seeded order.
    const size_t n = data_.train.size();
    const uint64_t epoch = uint64_t(cursor) / n;
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i)
        order[i] = i;
    std::mt19937_64 rng(settings_.seed * 1000003ULL + epoch);
    std::shuffle(order.begin(), order.end(), rng);
    return data_.train[order[size_t(uint64_t(cursor) % n)]];
}

StepReport Trainer::step()
{
    const auto start = std::chrono::steady_clock::now();
    StepReport report;
    std::vector<const TrainingSample*> samples;
    int learnt = 0;
    for (int i = 0; i < settings_.batch * settings_.accumulate; ++i) {
        samples.push_back(&sampleAt(cursor_++));
        learnt += samples.back()->learnedTokens();
        report.tokens += int(samples.back()->tokens.size());
    }
    grads_.zero();
    LossSum total;
    for (size_t i = 0; i < samples.size(); ++i) {
        const TrainingSample* s = samples[i];
        // A mask of its own for every sample of every step, the same again after a resume.
        LoraDropout dropout;
        if (settings_.method == TrainMethod::Lora)
            dropout = {settings_.loraDropout, (settings_.seed * 0x9e3779b97f4a7c15ULL) ^ (uint64_t(stepsDone_) << 20) ^ i};
        const LossSum l =
            lossAndGradients(weights_, s->tokens, s->targets, &grads_, 1.0 / std::max(learnt, 1), dropout);
        total.sum += l.sum;
        total.count += l.count;
    }
    report.gradNorm = clipGradients(grads_, settings_.clip);
    report.lr = schedule_.at(stepsDone_);
    optimizer_.step(weights_, grads_, report.lr);
    ++stepsDone_;
    report.step = stepsDone_;
    report.totalSteps = totalSteps_;
    report.loss = total.mean();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.tokensPerSecond = report.tokens / std::max(seconds, 1e-9);
    // Without validation samples there is nothing held out to measure (validationLoss() would
    // re-read the training samples: a second pass per step for no new information).
    if (!data_.validation.empty() && (stepsDone_ % settings_.validationEvery == 0 || finished()))
        report.validationLoss = validationLoss();
    return report;
}

double Trainer::validationLoss() const
{
    const auto& samples = data_.validation.empty() ? data_.train : data_.validation;
    LossSum total;
    for (const auto& s : samples) {
        const LossSum l = lossAndGradients(weights_, s.tokens, s.targets);
        total.sum += l.sum;
        total.count += l.count;
    }
    return total.mean();
}

std::string Trainer::fingerprint() const
{
    // What must not change between a checkpoint and its resume: model, data and settings.
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&](uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
    for (const auto* part : {&data_.train, &data_.validation})
        for (const auto& s : *part)
            for (size_t i = 0; i < s.tokens.size(); ++i) {
                mix(uint64_t(uint32_t(s.tokens[i])));
                mix(uint64_t(uint32_t(s.targets[i])));
            }
    std::error_code ec;
    const auto& st = settings_;
    nlohmann::json j = {{"model_bytes", fs::file_size(modelPath_, ec)},
                        {"data", std::to_string(h)},
                        {"method", methodName(st.method)},
                        {"rank", st.loraRank},
                        {"alpha", st.loraAlpha},
                        {"train_ln", st.trainLayerNorms},
                        {"lr", st.lr},
                        {"lr_final", st.lrFinal},
                        {"warmup", st.warmupSteps},
                        {"steps", totalSteps_},
                        {"ctx", st.ctx},
                        {"batch", st.batch},
                        {"accumulate", st.accumulate},
                        {"clip", st.clip},
                        {"seed", st.seed}};
    if (st.loraDropout > 0) // absent when off, as before it existed
        j["lora_dropout"] = st.loraDropout;
    if (st.frozenWeights && *st.frozenWeights != WeightFormat::F32)
        j["weights"] = weightFormatName(*st.frozenWeights); // absent for float32, as before it existed
    return j.dump();
}

void Trainer::saveCheckpoint(const std::string& dir) const
{
    fs::create_directories(dir);
    const std::string file = "checkpoint-" + std::to_string(stepsDone_) + ".safetensors";
    std::vector<TensorView> views;
    auto add = [&](const char* prefix, const TrainWeights<float>& w) {
        w.forEach([&](const std::string& name, const Vec<float>& t, std::vector<int64_t> shape) {
            if (!t.empty() && trains(settings_, name))
                views.push_back(viewOf(prefix + name, t, std::move(shape)));
        });
    };
    add("weight/", weights_);
    add("adam_m/", optimizer_.firstMoment());
    add("adam_v/", optimizer_.secondMoment());
    writeSafetensors((fs::path(dir) / file).string(), views);
    const nlohmann::json j = {{"format", 1},
                              {"step", stepsDone_},
                              {"cursor", cursor_},
                              {"tensors", file},
                              {"run", fingerprint()}};
    writeTextAtomically(fs::path(dir) / "checkpoint.json", j.dump(2));
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("checkpoint-") && name != file)
            fs::remove(entry.path());
    }
}

void Trainer::resume(const std::string& dir)
{
    std::ifstream in(fs::path(dir) / "checkpoint.json");
    if (!in)
        throw Error(ErrorCode::Io, dir + " holds no checkpoint to resume from");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::Corrupt, dir + "/checkpoint.json is damaged");
    }
    if (j.value("run", std::string()) != fingerprint())
        throw Error(ErrorCode::Mismatch, "the checkpoint in " + dir +
                                             " belongs to another run (a different model, data or settings)");
    auto file = TensorFile::open((fs::path(dir) / j.value("tensors", std::string())).string());
    auto load = [&](const char* prefix, TrainWeights<float>& w) {
        w.forEach([&](const std::string& name, Vec<float>& t, std::vector<int64_t>) {
            if (t.empty() || !trains(settings_, name))
                return;
            const TensorView* view = file->find(prefix + name);
            if (!view || view->numel() != t.size())
                throw Error(ErrorCode::Corrupt, "the checkpoint in " + dir + " lacks " + prefix + name);
            view->toFloat(0, t.size(), t.data());
        });
    };
    load("weight/", weights_);
    load("adam_m/", optimizer_.firstMoment());
    load("adam_v/", optimizer_.secondMoment());
    stepsDone_ = j.value("step", 0);
    cursor_ = j.value("cursor", int64_t(0));
    optimizer_.setSteps(stepsDone_);
}

std::vector<std::string> Trainer::writeOutput(const std::string& out) const
{
    std::vector<TensorView> views;
    weights_.forEach([&](const std::string& name, const Vec<float>& t, std::vector<int64_t> shape) {
        if (t.empty())
            return;
        const bool keep = settings_.method == TrainMethod::Full ? !isAdapter(name) : trains(settings_, name);
        if (keep)
            views.push_back(viewOf(name, t, std::move(shape)));
    });
    writeTensors(out, views);
    std::vector<std::string> written{out};
    if (settings_.method == TrainMethod::Lora) {
        // The official merge script takes alpha on its command line; keep it beside the file.
        const std::string sidecar = (fs::path(out).parent_path() / fs::path(out).stem()).string() + ".json";
        const nlohmann::json j = {{"type", "lora"},
                                  {"rank", settings_.loraRank},
                                  {"alpha", settings_.loraAlpha},
                                  {"train_ln", settings_.trainLayerNorms},
                                  {"base_model", fs::path(modelPath_).filename().string()}};
        writeTextAtomically(sidecar, j.dump(2) + "\n");
        written.push_back(sidecar);
    }
    return written;
}

} // namespace rwkv::train
