#include "train/training_data.h"

#include "core/error.h"
#include "tokenizer/utf8.h"
#include "train/v7_gradients.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace rwkv::train {

namespace fs = std::filesystem;

namespace {

std::string readWhole(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::InvalidArgument, path.filename().string() + " could not be opened for reading");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Text the tokenizer can take: UTF-8 without NUL bytes (binary files have them early).
void checkText(const std::string& text, const std::string& label)
{
    if (text.find('\0') != std::string::npos)
        throw Error(ErrorCode::InvalidArgument, label + " is not a text file (it contains binary data)");
    for (size_t pos = 0; pos < text.size();) {
        const auto d = utf8::decodeAt(text, pos);
        if (d.status != utf8::Status::Valid)
            throw Error(ErrorCode::InvalidArgument, label + " is not UTF-8 text (byte " + std::to_string(pos) +
                                                        "); save it as UTF-8 and try again");
        pos += d.length;
    }
}

void append(TrainingDocument& doc, const std::vector<int32_t>& ids, bool learn)
{
    doc.tokens.insert(doc.tokens.end(), ids.begin(), ids.end());
    doc.learn.insert(doc.learn.end(), ids.size(), learn ? 1 : 0);
}

TrainingDocument chatDocument(const nlohmann::json& messages, const std::string& label, const Tokenizer& tokenizer,
                              const DataOptions& options)
{
    if (!messages.is_array() || messages.empty())
        throw Error(ErrorCode::InvalidArgument, label + ": \"messages\" must be a non-empty list");
    TrainingDocument doc{label, {}, {}};
    for (const auto& m : messages) {
        if (!m.is_object() || !m.contains("role") || !m.contains("content") || !m["role"].is_string() ||
            !m["content"].is_string())
            throw Error(ErrorCode::InvalidArgument, label + ": every message needs a \"role\" and a \"content\" string");
        const std::string role = m["role"].get<std::string>();
        if (role != "system" && role != "user" && role != "assistant")
            throw Error(ErrorCode::InvalidArgument,
                        label + ": unknown role \"" + role + "\" (use system, user or assistant)");
        const std::string content = m["content"].get<std::string>();
        checkText(content, label);
        const bool assistant = role == "assistant";
        if (assistant) {
            // "Assistant:" is the prompt; what follows it is the reply to learn.
            append(doc, tokenizer.encode("Assistant:"), !options.onlyAssistantTurns);
            append(doc, tokenizer.encode(chatTurn(role, content).substr(10)), true);
        } else {
            append(doc, tokenizer.encode(chatTurn(role, content)), !options.onlyAssistantTurns);
        }
    }
    return doc;
}

void readJsonl(const fs::path& path, const Tokenizer& tokenizer, const DataOptions& options,
               std::vector<TrainingDocument>& out)
{
    const std::string name = path.filename().string();
    const std::string text = readWhole(path);
    checkText(text, name);
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string label = name + " line " + std::to_string(number);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception&) {
            throw Error(ErrorCode::InvalidArgument, label + " is not valid JSON");
        }
        if (j.is_object() && j.contains("text") && j["text"].is_string()) {
            TrainingDocument doc{name + ":" + std::to_string(number), {}, {}};
            append(doc, tokenizer.encode(j["text"].get<std::string>()), true);
            out.push_back(std::move(doc));
        } else if (j.is_object() && j.contains("messages")) {
            out.push_back(chatDocument(j["messages"], label, tokenizer, options));
        } else {
            throw Error(ErrorCode::InvalidArgument,
                        label + ": expected {\"text\": ...} or {\"messages\": [{\"role\", \"content\"}]}");
        }
    }
}

void readFile(const fs::path& path, const Tokenizer& tokenizer, const DataOptions& options,
              std::vector<TrainingDocument>& out)
{
    const std::string ext = path.extension().string();
    if (ext == ".jsonl") {
        readJsonl(path, tokenizer, options, out);
        return;
    }
    const std::string name = path.filename().string();
    const std::string text = readWhole(path);
    checkText(text, name);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return; // an empty file adds nothing; an empty data set is reported below
    TrainingDocument doc{name, {}, {}};
    append(doc, tokenizer.encode(text), true);
    out.push_back(std::move(doc));
}

bool isDataFile(const fs::path& p)
{
    const std::string ext = p.extension().string();
    return ext == ".txt" || ext == ".md" || ext == ".jsonl";
}

} // namespace

std::string chatTurn(const std::string& role, const std::string& content)
{
    // The same trimming and blank-line collapsing as the chat: a turn never contains "\n\n".
    std::string t = content;
    t.erase(std::remove(t.begin(), t.end(), '\r'), t.end());
    const size_t first = t.find_first_not_of(" \t\n"), last = t.find_last_not_of(" \t\n");
    t = first == std::string::npos ? std::string() : t.substr(first, last - first + 1);
    std::string collapsed;
    for (size_t i = 0; i < t.size();) {
        collapsed += t[i];
        if (t[i] != '\n') {
            ++i;
            continue;
        }
        // Skip to just after the last newline of a run of blank lines.
        size_t next = i + 1;
        for (size_t j = i + 1; j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n'); ++j)
            if (t[j] == '\n')
                next = j + 1;
        i = next;
    }
    const std::string label = role == "system" ? "System" : role == "user" ? "User" : "Assistant";
    return label + ": " + collapsed + "\n\n";
}

std::vector<TrainingDocument> readTrainingData(const std::vector<std::string>& paths, const Tokenizer& tokenizer,
                                               const DataOptions& options)
{
    std::vector<TrainingDocument> docs;
    for (const std::string& p : paths) {
        const fs::path path(p);
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::recursive_directory_iterator(path, ec))
                if (entry.is_regular_file() && isDataFile(entry.path()))
                    files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files)
                readFile(f, tokenizer, options, docs);
        } else if (fs::is_regular_file(path, ec)) {
            readFile(path, tokenizer, options, docs);
        } else {
            throw Error(ErrorCode::InvalidArgument, p + " does not exist");
        }
    }
    size_t learnt = 0;
    for (const auto& d : docs)
        learnt += size_t(std::count(d.learn.begin(), d.learn.end(), 1));
    if (learnt == 0)
        throw Error(ErrorCode::InvalidArgument,
                    "the training data has no text to learn (empty files, or chats without assistant replies)");
    return docs;
}

int TrainingSample::learnedTokens() const
{
    return int(std::count_if(targets.begin(), targets.end(), [](int32_t t) { return t != kNoTarget; }));
}

std::vector<TrainingSample> packSamples(const std::vector<TrainingDocument>& docs, int ctx)
{
    if (ctx < 2)
        throw Error(ErrorCode::InvalidArgument, "the context length must be at least 2 tokens");
    std::vector<int32_t> stream;
    std::vector<uint8_t> learn;
    for (const auto& d : docs) {
        stream.insert(stream.end(), d.tokens.begin(), d.tokens.end());
        learn.insert(learn.end(), d.learn.begin(), d.learn.end());
        stream.push_back(0); // end of document: the model learns where a text ends
        learn.push_back(d.learn.empty() ? 0 : d.learn.back());
    }
    std::vector<TrainingSample> samples;
    // Each sample predicts the token after each of its ctx inputs, so consecutive samples share
    // one token: the last target of one is the first input of the next.
    for (size_t start = 0; start + 1 < stream.size(); start += size_t(ctx)) {
        const size_t n = std::min(size_t(ctx), stream.size() - 1 - start);
        TrainingSample s;
        s.tokens.assign(stream.begin() + ptrdiff_t(start), stream.begin() + ptrdiff_t(start + n));
        s.targets.resize(n);
        for (size_t i = 0; i < n; ++i)
            s.targets[i] = learn[start + i + 1] ? stream[start + i + 1] : kNoTarget;
        if (s.learnedTokens() > 0)
            samples.push_back(std::move(s));
    }
    return samples;
}

SampleSplit splitSamples(std::vector<TrainingSample> samples, double fraction, uint64_t seed)
{
    SampleSplit split;
    size_t count = fraction > 0 && samples.size() >= 2
        ? std::clamp<size_t>(size_t(double(samples.size()) * fraction + 0.5), 1, samples.size() - 1)
        : 0;
    std::vector<size_t> order(samples.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::mt19937_64 rng(seed ^ 0x5eed5eedULL);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<uint8_t> isValidation(samples.size(), 0);
    for (size_t i = 0; i < count; ++i)
        isValidation[order[i]] = 1;
    for (size_t i = 0; i < samples.size(); ++i)
        (isValidation[i] ? split.validation : split.train).push_back(std::move(samples[i]));
    return split;
}

} // namespace rwkv::train
