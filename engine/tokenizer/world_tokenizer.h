// WorldTokenizer is the tokenizer of RWKV World models (v5 and later, World v4): the
// rwkv_vocab_v20230424.txt vocabulary with greedy longest-match over UTF-8 bytes, not BPE
// (docs/RWKV.md "Tokenizers"). Id 0 is end-of-text: it has no bytes and encode() never produces it.
// Immutable after construction and thread-safe.
#pragma once

#include "tokenizer/byte_trie.h"
#include "tokenizer/tokenizer.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rwkv {

inline constexpr const char* kWorldVocabFileName = "rwkv_vocab_v20230424.txt";

class WorldTokenizer final : public Tokenizer {
public:
    static constexpr int32_t kEndOfText = 0;

    // Reads a vocabulary in the rwkv_vocab format: one `id literal length` per line, where
    // literal is a Python str or bytes literal whose bytes must number `length`. Throws Error(Io)
    // when the file cannot be read and Error(Corrupt) naming the file and line when a line is
    // malformed.
    static std::unique_ptr<WorldTokenizer> fromFile(const std::string& path);
    // The same from text already in memory; `sourceName` names it in error messages.
    static std::unique_ptr<WorldTokenizer> fromText(std::string_view vocabText,
                                                    const std::string& sourceName);

    // Greedy longest match. Throws Error(InvalidArgument) only if the vocabulary has no token for
    // some byte of `text` (never with the official vocabulary, which has all 256 single bytes).
    std::vector<int32_t> encode(std::string_view text) const override;
    std::string decode(std::span<const int32_t> ids) const override;
    std::string tokenBytes(int32_t id) const override;
    // Highest id in the vocabulary + 1 (65530 for rwkv_vocab_v20230424; World models have 65536
    // rows of logits, the extra ones are never produced by encode()).
    int32_t vocabSize() const override { return static_cast<int32_t>(tokens_.size()); }
    std::string kind() const override { return "world"; }

private:
    explicit WorldTokenizer(std::vector<std::string> tokens);

    std::vector<std::string> tokens_; // bytes of each id; empty for 0 and unused ids
    ByteTrie trie_;
};

// Where the app keeps the World vocabulary:
// ($XDG_DATA_HOME or ~/.local/share)/RWKV Studio/rwkv_vocab_v20230424.txt.
std::string defaultWorldVocabPath();

// The World vocabulary file to load: $RWKV_WORLD_VOCAB when set, else defaultWorldVocabPath().
// Throws Error(Io) when that file does not exist, saying where to put it and where to get it.
std::string locateWorldVocab();

} // namespace rwkv
