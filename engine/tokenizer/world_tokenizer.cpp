#include "tokenizer/world_tokenizer.h"

#include "core/error.h"
#include "tokenizer/python_literal.h"

#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rwkv {
namespace {

constexpr int64_t kMaxWorldId = INT32_MAX;

bool parseNumber(std::string_view text, int64_t& value)
{
    if (text.empty())
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open the vocabulary " + path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw Error(ErrorCode::Io, "cannot read the vocabulary " + path);
    return buffer.str();
}

} // namespace

std::unique_ptr<WorldTokenizer> WorldTokenizer::fromFile(const std::string& path)
{
    return fromText(readWholeFile(path), path);
}

std::unique_ptr<WorldTokenizer> WorldTokenizer::fromText(std::string_view vocabText,
                                                         const std::string& sourceName)
{
    struct Entry {
        int32_t id;
        int line;
        std::string bytes;
    };
    std::vector<Entry> entries;
    int64_t maxId = 0;
    int maxIdLine = 0;
    std::size_t lineStart = 0;
    for (int lineNumber = 1; lineStart < vocabText.size(); ++lineNumber) {
        std::size_t lineEnd = vocabText.find('\n', lineStart);
        if (lineEnd == std::string_view::npos)
            lineEnd = vocabText.size();
        std::string_view line = vocabText.substr(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 1;
        if (!line.empty() && line.back() == '\r') // a checkout with Windows line endings
            line.remove_suffix(1);
        if (line.empty())
            continue;

        auto fail = [&](const std::string& reason) {
            return Error(ErrorCode::Corrupt, sourceName + " line " + std::to_string(lineNumber) +
                                                 ": " + reason);
        };
        const std::size_t firstSpace = line.find(' ');
        const std::size_t lastSpace = line.rfind(' ');
        if (firstSpace == std::string_view::npos || lastSpace == firstSpace)
            throw fail("expected `id literal length`, as in 33 'A' 1");
        int64_t id = 0;
        int64_t length = 0;
        if (!parseNumber(line.substr(0, firstSpace), id))
            throw fail("the id '" + std::string(line.substr(0, firstSpace)) + "' is not a number");
        if (!parseNumber(line.substr(lastSpace + 1), length))
            throw fail("the length '" + std::string(line.substr(lastSpace + 1)) +
                       "' is not a number");
        if (id <= 0 || id > kMaxWorldId)
            throw fail("the id " + std::to_string(id) + " is out of range (1 to " +
                       std::to_string(kMaxWorldId) + "; 0 is end-of-text)");

        std::string bytes;
        try {
            bytes = parsePythonLiteral(line.substr(firstSpace + 1, lastSpace - firstSpace - 1));
        } catch (const Error& e) {
            throw fail(e.what());
        }
        if (static_cast<int64_t>(bytes.size()) != length)
            throw fail("the literal has " + std::to_string(bytes.size()) + " bytes but the line says " +
                       std::to_string(length));
        if (bytes.empty())
            throw fail("the token is empty");

        if (id > maxId) {
            maxId = id;
            maxIdLine = lineNumber;
        }
        entries.push_back({static_cast<int32_t>(id), lineNumber, std::move(bytes)});
    }
    if (entries.empty())
        throw Error(ErrorCode::Corrupt, sourceName + " has no tokens: it is not a World vocabulary");
    // Ids index an array; one far beyond the number of lines means a corrupt file, not a request
    // for a huge table.
    if (maxId >= 2 * static_cast<int64_t>(entries.size()) + 1024)
        throw Error(ErrorCode::Corrupt, sourceName + " line " + std::to_string(maxIdLine) +
                                            ": the id " + std::to_string(maxId) +
                                            " is far beyond the number of tokens in the file");

    std::vector<std::string> tokens(static_cast<std::size_t>(maxId) + 1);
    std::vector<bool> used(tokens.size(), false);
    for (Entry& e : entries) {
        if (used[e.id])
            throw Error(ErrorCode::Corrupt, sourceName + " line " + std::to_string(e.line) +
                                                ": the id " + std::to_string(e.id) + " appears twice");
        used[e.id] = true;
        tokens[e.id] = std::move(e.bytes);
    }
    return std::unique_ptr<WorldTokenizer>(new WorldTokenizer(std::move(tokens)));
}

WorldTokenizer::WorldTokenizer(std::vector<std::string> tokens) : tokens_(std::move(tokens))
{
    std::vector<std::pair<std::string, int32_t>> entries;
    entries.reserve(tokens_.size());
    for (std::size_t id = 1; id < tokens_.size(); ++id)
        if (!tokens_[id].empty())
            entries.emplace_back(tokens_[id], static_cast<int32_t>(id));
    trie_ = ByteTrie(entries);
}

std::vector<int32_t> WorldTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> ids;
    ids.reserve(text.size() / 3 + 1);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const ByteTrie::Match m = trie_.longestMatch(text, pos);
        if (m.id < 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[pos]));
            throw Error(ErrorCode::InvalidArgument,
                        std::string("the vocabulary has no token for the byte ") + hex +
                            " at offset " + std::to_string(pos) + " of the text");
        }
        ids.push_back(m.id);
        pos += m.length;
    }
    return ids;
}

std::string WorldTokenizer::decode(std::span<const int32_t> ids) const
{
    std::string out;
    for (int32_t id : ids)
        if (id >= 0 && static_cast<std::size_t>(id) < tokens_.size())
            out += tokens_[static_cast<std::size_t>(id)];
    return out;
}

std::string WorldTokenizer::tokenBytes(int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size())
        return {};
    return tokens_[static_cast<std::size_t>(id)];
}

std::string defaultWorldVocabPath()
{
    namespace fs = std::filesystem;
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        base = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = fs::path(home) / ".local" / "share";
    } else {
        base = fs::current_path();
    }
    return (base / "RWKV Studio" / kWorldVocabFileName).string();
}

std::string locateWorldVocab()
{
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("RWKV_WORLD_VOCAB"); env && *env) {
        std::error_code ec;
        if (!fs::is_regular_file(env, ec))
            throw Error(ErrorCode::Io, std::string("RWKV_WORLD_VOCAB points to ") + env +
                                           ", which is not a file; set it to the path of " +
                                           kWorldVocabFileName);
        return env;
    }
    const std::string path = defaultWorldVocabPath();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw Error(ErrorCode::Io,
                    std::string("the World tokenizer needs its vocabulary file ") + kWorldVocabFileName +
                        ", which is not at " + path +
                        ": copy it there from the RWKV-LM or ChatRWKV repository on GitHub (it sits "
                        "beside rwkv_tokenizer.py), or set RWKV_WORLD_VOCAB to its path");
    return path;
}

} // namespace rwkv
