#include "tokenizer/hf_wordlevel_tokenizer.h"

#include "core/error.h"
#include "tokenizer/unicode_classes.h"
#include "tokenizer/utf8.h"

namespace rwkv {
namespace {

// Words separated by Unicode whitespace, as the WhitespaceSplit pre-tokenizer cuts them.
std::vector<std::string_view> splitOnWhitespace(std::string_view text)
{
    std::vector<std::string_view> words;
    std::size_t wordStart = std::string_view::npos;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const utf8::Decoded d = utf8::decodeAt(text, pos);
        const bool space = d.status == utf8::Status::Valid && isUnicodeWhitespace(d.codePoint);
        if (space && wordStart != std::string_view::npos) {
            words.push_back(text.substr(wordStart, pos - wordStart));
            wordStart = std::string_view::npos;
        } else if (!space && wordStart == std::string_view::npos) {
            wordStart = pos;
        }
        pos += d.length;
    }
    if (wordStart != std::string_view::npos)
        words.push_back(text.substr(wordStart));
    return words;
}

} // namespace

HfWordLevelTokenizer::HfWordLevelTokenizer(std::unordered_map<std::string, int32_t> vocab,
                                           std::optional<int32_t> unknownId,
                                           HfNormalizer normalizer, HfAddedTokens addedTokens)
    : vocab_(std::move(vocab)), unknownId_(unknownId), normalizer_(std::move(normalizer)),
      addedTokens_(std::move(addedTokens))
{
    auto place = [this](int32_t id, const std::string& word) {
        if (id < 0)
            return;
        if (static_cast<std::size_t>(id) >= words_.size()) {
            words_.resize(static_cast<std::size_t>(id) + 1);
            known_.resize(static_cast<std::size_t>(id) + 1, false);
        }
        words_[static_cast<std::size_t>(id)] = word;
        known_[static_cast<std::size_t>(id)] = true;
    };
    for (const auto& [word, id] : vocab_)
        place(id, word);
    for (const HfAddedToken& t : addedTokens_.tokens()) // added tokens win, as in Hugging Face
        place(t.id, t.content);
}

std::vector<int32_t> HfWordLevelTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> ids;
    for (const HfAddedTokens::Piece& piece : addedTokens_.split(text)) {
        if (piece.id >= 0) {
            ids.push_back(piece.id);
            continue;
        }
        const std::string normalized = normalizer_.apply(piece.text);
        for (std::string_view word : splitOnWhitespace(normalized)) {
            const auto it = vocab_.find(std::string(word));
            if (it != vocab_.end()) {
                ids.push_back(it->second);
            } else if (unknownId_) {
                ids.push_back(*unknownId_);
            } else {
                throw Error(ErrorCode::InvalidArgument,
                            "the word '" + utf8::sanitize(word) +
                                "' is not in the tokenizer's vocabulary and it has no unknown token");
            }
        }
    }
    return ids;
}

std::string HfWordLevelTokenizer::decode(std::span<const int32_t> ids) const
{
    std::string out;
    for (int32_t id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= words_.size() || !known_[id])
            continue;
        if (!out.empty())
            out += ' ';
        out += words_[static_cast<std::size_t>(id)];
    }
    return out;
}

std::string HfWordLevelTokenizer::tokenBytes(int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= words_.size())
        return {};
    return words_[static_cast<std::size_t>(id)];
}

} // namespace rwkv
