#include "tokenizer/hf_added_tokens.h"

namespace rwkv {

HfAddedTokens::HfAddedTokens(std::vector<HfAddedToken> tokens) : tokens_(std::move(tokens))
{
    std::vector<std::pair<std::string, int32_t>> entries;
    for (const HfAddedToken& t : tokens_)
        entries.emplace_back(t.content, t.id);
    trie_ = ByteTrie(entries);
}

std::vector<HfAddedTokens::Piece> HfAddedTokens::split(std::string_view text) const
{
    std::vector<Piece> pieces;
    if (trie_.empty()) {
        if (!text.empty())
            pieces.push_back({text, -1});
        return pieces;
    }
    std::size_t runStart = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const ByteTrie::Match m = trie_.longestMatch(text, pos);
        if (m.id < 0) {
            ++pos;
            continue;
        }
        if (pos > runStart)
            pieces.push_back({text.substr(runStart, pos - runStart), -1});
        pieces.push_back({text.substr(pos, m.length), m.id});
        pos += m.length;
        runStart = pos;
    }
    if (runStart < text.size())
        pieces.push_back({text.substr(runStart), -1});
    return pieces;
}

} // namespace rwkv
