// HfAddedTokens finds the "added_tokens" of a Hugging Face tokenizer.json in text before the model
// sees it, as Hugging Face does: each occurrence (leftmost, then longest) becomes its own id and the
// text between them goes through normalizer, pre-tokenizer and model.
#pragma once

#include "tokenizer/byte_trie.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwkv {

struct HfAddedToken {
    int32_t id = 0;
    std::string content;
    bool special = false;
};

class HfAddedTokens {
public:
    HfAddedTokens() = default;
    explicit HfAddedTokens(std::vector<HfAddedToken> tokens);

    struct Piece {
        std::string_view text;
        int32_t id; // the added token's id, or -1 for ordinary text
    };
    // `text` cut into ordinary runs and added tokens, in order; empty runs are left out.
    std::vector<Piece> split(std::string_view text) const;

    const std::vector<HfAddedToken>& tokens() const { return tokens_; }

private:
    std::vector<HfAddedToken> tokens_;
    ByteTrie trie_;
};

} // namespace rwkv
