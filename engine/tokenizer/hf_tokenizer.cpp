#include "tokenizer/hf_tokenizer.h"

#include "core/error.h"
#include "tokenizer/hf_bpe_tokenizer.h"
#include "tokenizer/hf_wordlevel_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>

namespace rwkv {
namespace {

using Json = nlohmann::json;

// Builds errors that name the file, so "tokenizer.json: ..." tells the user which file is wrong.
struct Context {
    const std::string& source;

    Error corrupt(const std::string& what) const
    {
        return Error(ErrorCode::Corrupt, source + ": " + what);
    }
    Error unsupported(const std::string& what, const std::string& supported) const
    {
        return Error(ErrorCode::Unsupported,
                     source + " uses " + what + ", which RWKV Studio does not support (supported: " +
                         supported + ")");
    }
};

std::string typeOf(const Json& component)
{
    if (!component.is_object() || !component.contains("type") || !component["type"].is_string())
        return "(no type)";
    return component["type"].get<std::string>();
}

bool flag(const Json& object, const char* key, bool fallback)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

bool isSet(const Json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && !it->is_null();
}

void addNormalizerSteps(const Json& normalizer, const Context& ctx,
                        std::vector<HfNormalization>& steps, int depth = 0)
{
    if (normalizer.is_null())
        return;
    if (depth > 8) // real files nest one Sequence at most; this only stops runaway recursion
        throw ctx.unsupported("normalizer Sequences nested more than 8 deep", "shallow Sequences");
    const std::string type = typeOf(normalizer);
    if (type == "Lowercase") {
        steps.push_back(HfNormalization::Lowercase);
    } else if (type == "NFC") {
        steps.push_back(HfNormalization::Nfc);
    } else if (type == "Sequence" && normalizer.contains("normalizers") &&
               normalizer["normalizers"].is_array()) {
        for (const Json& inner : normalizer["normalizers"])
            addNormalizerSteps(inner, ctx, steps, depth + 1);
    } else {
        throw ctx.unsupported("the normalizer " + type, "Lowercase, NFC, Sequence of those");
    }
}

HfAddedTokens readAddedTokens(const Json& root, const Context& ctx)
{
    std::vector<HfAddedToken> tokens;
    const auto it = root.find("added_tokens");
    if (it == root.end() || it->is_null())
        return HfAddedTokens(tokens);
    if (!it->is_array())
        throw ctx.corrupt("added_tokens is not a list");
    for (const Json& entry : *it) {
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() ||
            !entry.contains("content") || !entry["content"].is_string())
            throw ctx.corrupt("an entry of added_tokens lacks its id or content");
        HfAddedToken token;
        if (entry["id"].get<int64_t>() < 0 || entry["id"].get<int64_t>() > INT32_MAX)
            throw ctx.corrupt("the added token '" + entry["content"].get<std::string>() +
                              "' has an impossible id");
        token.id = entry["id"].get<int32_t>();
        token.content = entry["content"].get<std::string>();
        token.special = flag(entry, "special", false);
        tokens.push_back(std::move(token));
    }
    return HfAddedTokens(std::move(tokens));
}

std::unordered_map<std::string, int32_t> readVocab(const Json& model, const Context& ctx)
{
    const auto it = model.find("vocab");
    if (it == model.end() || !it->is_object())
        throw ctx.corrupt("the model has no vocab object");
    std::unordered_map<std::string, int32_t> vocab;
    for (const auto& [token, id] : it->items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX)
            throw ctx.corrupt("the vocab entry '" + token + "' has no valid id");
        vocab.emplace(token, id.get<int32_t>());
    }
    return vocab;
}

// Tokenizers index tokens by id in arrays, so ids far beyond the number of tokens (a corrupt or
// hostile file) would mean gigabytes of empty slots. Real vocabularies are dense.
void checkIdsAreDense(const std::unordered_map<std::string, int32_t>& vocab,
                      const HfAddedTokens& added, const Context& ctx)
{
    int64_t maxId = -1;
    for (const auto& entry : vocab)
        maxId = std::max<int64_t>(maxId, entry.second);
    for (const HfAddedToken& t : added.tokens())
        maxId = std::max<int64_t>(maxId, t.id);
    const int64_t count = static_cast<int64_t>(vocab.size() + added.tokens().size());
    if (maxId >= 2 * count + 1024)
        throw ctx.corrupt("the id " + std::to_string(maxId) + " is far beyond the " +
                          std::to_string(count) + " tokens of the vocabulary");
}

std::optional<int32_t> readUnknownId(const Json& model, const std::unordered_map<std::string, int32_t>& vocab,
                                     const Context& ctx)
{
    if (!isSet(model, "unk_token"))
        return std::nullopt;
    if (!model["unk_token"].is_string())
        throw ctx.corrupt("unk_token is not a string");
    const std::string unk = model["unk_token"].get<std::string>();
    const auto it = vocab.find(unk);
    if (it == vocab.end())
        throw ctx.corrupt("the unknown token '" + unk + "' is not in the vocabulary");
    return it->second;
}

std::unique_ptr<Tokenizer> buildWordLevel(const Json& root, const Json& model, const Context& ctx,
                                          HfNormalizer normalizer, HfAddedTokens added)
{
    const Json& pre = root.contains("pre_tokenizer") ? root["pre_tokenizer"] : Json();
    if (typeOf(pre) != "WhitespaceSplit")
        throw ctx.unsupported("the pre-tokenizer " + typeOf(pre) + " with a WordLevel model",
                              "WhitespaceSplit");
    if (root.contains("decoder") && !root["decoder"].is_null())
        throw ctx.unsupported("the decoder " + typeOf(root["decoder"]) + " with a WordLevel model",
                              "none");
    auto vocab = readVocab(model, ctx);
    checkIdsAreDense(vocab, added, ctx);
    const std::optional<int32_t> unknownId = readUnknownId(model, vocab, ctx);
    return std::make_unique<HfWordLevelTokenizer>(std::move(vocab), unknownId,
                                                  std::move(normalizer), std::move(added));
}

std::vector<std::pair<std::string, std::string>> readMerges(const Json& model, const Context& ctx)
{
    std::vector<std::pair<std::string, std::string>> merges;
    const auto it = model.find("merges");
    if (it == model.end() || it->is_null())
        return merges;
    if (!it->is_array())
        throw ctx.corrupt("the BPE merges are not a list");
    merges.reserve(it->size());
    for (const Json& m : *it) {
        // Older files write a merge as "left right", newer ones as ["left", "right"].
        if (m.is_string()) {
            const std::string s = m.get<std::string>();
            const std::size_t space = s.find(' ');
            if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
                throw ctx.corrupt("the merge '" + s + "' is not two tokens separated by a space");
            merges.emplace_back(s.substr(0, space), s.substr(space + 1));
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
        } else {
            throw ctx.corrupt("a BPE merge is neither \"a b\" nor [\"a\", \"b\"]");
        }
    }
    return merges;
}

std::unique_ptr<Tokenizer> buildBpe(const Json& root, const Json& model, const Context& ctx,
                                    HfNormalizer normalizer, HfAddedTokens added)
{
    const Json& pre = root.contains("pre_tokenizer") ? root["pre_tokenizer"] : Json();
    if (typeOf(pre) != "ByteLevel")
        throw ctx.unsupported("the pre-tokenizer " + typeOf(pre) + " with a BPE model",
                              "ByteLevel");
    if (root.contains("decoder") && !root["decoder"].is_null() &&
        typeOf(root["decoder"]) != "ByteLevel")
        throw ctx.unsupported("the decoder " + typeOf(root["decoder"]) + " with a BPE model",
                              "ByteLevel");
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (isSet(model, key) && !(model[key].is_string() && model[key].get<std::string>().empty()))
            throw ctx.unsupported(std::string("the BPE option ") + key, "byte-level BPE without it");
    if (flag(model, "byte_fallback", false))
        throw ctx.unsupported("the BPE option byte_fallback", "byte-level BPE without it");
    if (isSet(model, "dropout") && model["dropout"].is_number() && model["dropout"].get<double>() > 0)
        throw ctx.unsupported("BPE dropout", "deterministic BPE");

    HfBpeModel bpe;
    const auto vocab = readVocab(model, ctx);
    checkIdsAreDense(vocab, added, ctx);
    bpe.vocab.assign(vocab.begin(), vocab.end());
    bpe.merges = readMerges(model, ctx);
    bpe.unknownId = readUnknownId(model, vocab, ctx);
    bpe.fuseUnknown = flag(model, "fuse_unk", false);
    bpe.ignoreMerges = flag(model, "ignore_merges", false);

    HfByteLevelOptions options;
    options.addPrefixSpace = flag(pre, "add_prefix_space", false);
    options.useRegex = flag(pre, "use_regex", true);
    return std::make_unique<HfBpeTokenizer>(bpe, options, std::move(normalizer), std::move(added));
}

} // namespace

std::unique_ptr<Tokenizer> parseHfTokenizer(std::string_view json, const std::string& sourceName)
{
    const Context ctx{sourceName};
    Json root;
    try {
        root = Json::parse(json);
    } catch (const Json::parse_error& e) {
        throw ctx.corrupt(std::string("not valid JSON (") + e.what() + ")");
    }
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
        throw ctx.corrupt("no \"model\" object: this is not a Hugging Face tokenizer.json");

    try {
        std::vector<HfNormalization> steps;
        if (root.contains("normalizer"))
            addNormalizerSteps(root["normalizer"], ctx, steps);
        HfNormalizer normalizer(std::move(steps));
        HfAddedTokens added = readAddedTokens(root, ctx);

        const Json& model = root["model"];
        // Files written by older versions of the tokenizers library omit the type of a BPE model.
        const std::string type = model.contains("type") ? typeOf(model) : "BPE";
        if (type == "WordLevel")
            return buildWordLevel(root, model, ctx, std::move(normalizer), std::move(added));
        if (type == "BPE")
            return buildBpe(root, model, ctx, std::move(normalizer), std::move(added));
        throw ctx.unsupported("the model type " + type, "WordLevel, BPE");
    } catch (const Json::exception& e) {
        // A field of an unexpected JSON type that the checks above did not anticipate.
        throw ctx.corrupt(std::string("unexpected content (") + e.what() + ")");
    }
}

std::unique_ptr<Tokenizer> loadHfTokenizer(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open the tokenizer file " + path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parseHfTokenizer(buffer.str(), path);
}

} // namespace rwkv
