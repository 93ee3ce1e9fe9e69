// HfBpeTokenizer is a Hugging Face tokenizer.json with a byte-level BPE model: the GPT-NeoX 20B
// tokenizer of the Pile and Raven v4 models (and GPT-2 style vocabularies). Encoding: added tokens
// are cut out first, the rest is normalized, split by GPT-2's regex, written in the byte alphabet
// and merged pair by pair in the order of the "merges" list. Build it with loadHfTokenizer().
#pragma once

#include "tokenizer/hf_added_tokens.h"
#include "tokenizer/hf_normalizer.h"
#include "tokenizer/tokenizer.h"

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rwkv {

struct HfBpeModel {
    // Tokens as tokenizer.json writes them, in the byte alphabet ("Ġthe" is " the").
    std::vector<std::pair<std::string, int32_t>> vocab;
    // Pairs of tokens to merge, highest priority first.
    std::vector<std::pair<std::string, std::string>> merges;
    std::optional<int32_t> unknownId; // for bytes without a token; without it they are dropped
    bool fuseUnknown = false;         // consecutive unknowns become one unknown token
    bool ignoreMerges = false;        // a word that is itself a token skips the merges
};

struct HfByteLevelOptions {
    bool addPrefixSpace = false; // prepend a space to text that does not start with one
    bool useRegex = true;        // split with GPT-2's regex before BPE
};

class HfBpeTokenizer final : public Tokenizer {
public:
    // Throws Error(Corrupt) when a merge names a token that is not in the vocabulary or produces
    // one that is not.
    HfBpeTokenizer(const HfBpeModel& model, HfByteLevelOptions options, HfNormalizer normalizer,
                   HfAddedTokens addedTokens);

    std::vector<int32_t> encode(std::string_view text) const override;
    std::string decode(std::span<const int32_t> ids) const override;
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return static_cast<int32_t>(bytesOf_.size()); }
    std::string kind() const override { return "hf-bpe"; }

private:
    struct Merge {
        uint32_t rank;
        int32_t result;
    };
    static uint64_t pairKey(int32_t left, int32_t right)
    {
        return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) |
               static_cast<uint32_t>(right);
    }

    // Appends the ids of one pre-tokenized piece of raw bytes.
    void encodeWord(std::string_view bytes, std::vector<int32_t>& ids) const;

    HfByteLevelOptions options_;
    HfNormalizer normalizer_;
    HfAddedTokens addedTokens_;
    std::optional<int32_t> unknownId_;
    bool fuseUnknown_ = false;
    bool ignoreMerges_ = false;
    std::array<int32_t, 256> byteIds_{};               // id of each single byte, -1 if none
    std::unordered_map<uint64_t, Merge> merges_;        // by pairKey(left, right)
    std::unordered_map<std::string, int32_t> idOfBytes_; // for ignoreMerges
    std::vector<std::string> bytesOf_;                 // decoded bytes by id
};

} // namespace rwkv
