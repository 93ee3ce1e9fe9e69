// HfWordLevelTokenizer is a Hugging Face tokenizer.json with a WordLevel model and a
// WhitespaceSplit pre-tokenizer: every whitespace-separated word is one token, as in the vocabulary
// of the RWKV MIDI music models ("<start> pi:3c:a t10 <end>"). Build it with loadHfTokenizer().
#pragma once

#include "tokenizer/hf_added_tokens.h"
#include "tokenizer/hf_normalizer.h"
#include "tokenizer/tokenizer.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rwkv {

class HfWordLevelTokenizer final : public Tokenizer {
public:
    // `unknownId` is used for words missing from `vocab`; without it such words are an error.
    HfWordLevelTokenizer(std::unordered_map<std::string, int32_t> vocab,
                         std::optional<int32_t> unknownId, HfNormalizer normalizer,
                         HfAddedTokens addedTokens);

    // Throws Error(InvalidArgument) for a word outside the vocabulary when there is no unknown token.
    std::vector<int32_t> encode(std::string_view text) const override;
    // The tokens joined by single spaces (Hugging Face's default decoder), so decode(encode(s))
    // gives s back with its whitespace collapsed. Unknown ids are skipped.
    std::string decode(std::span<const int32_t> ids) const override;
    // The token's word, without separating space.
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return static_cast<int32_t>(words_.size()); }
    std::string kind() const override { return "hf-wordlevel"; }

private:
    std::unordered_map<std::string, int32_t> vocab_;
    std::optional<int32_t> unknownId_;
    HfNormalizer normalizer_;
    HfAddedTokens addedTokens_;
    std::vector<std::string> words_; // by id
    std::vector<bool> known_;        // by id: whether words_[id] is a token
};

} // namespace rwkv
