#include "tokenizer/hf_bpe_tokenizer.h"

#include "core/error.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/utf8.h"

#include <queue>
#include <tuple>

namespace rwkv {

HfBpeTokenizer::HfBpeTokenizer(const HfBpeModel& model, HfByteLevelOptions options,
                               HfNormalizer normalizer, HfAddedTokens addedTokens)
    : options_(options), normalizer_(std::move(normalizer)), addedTokens_(std::move(addedTokens)),
      unknownId_(model.unknownId), fuseUnknown_(model.fuseUnknown),
      ignoreMerges_(model.ignoreMerges)
{
    byteIds_.fill(-1);
    std::unordered_map<std::string, int32_t> idOfText;
    idOfText.reserve(model.vocab.size());

    // Hugging Face's ByteLevel decoder turns a token back into bytes through the byte alphabet
    // when every character belongs to it and keeps the token's own UTF-8 otherwise (added tokens
    // such as runs of plain spaces).
    auto place = [this](int32_t id, const std::string& text) {
        if (id < 0)
            return;
        if (static_cast<std::size_t>(id) >= bytesOf_.size())
            bytesOf_.resize(static_cast<std::size_t>(id) + 1);
        std::string bytes;
        bytesOf_[static_cast<std::size_t>(id)] = byteLevelDecode(text, bytes) ? bytes : text;
    };
    for (const auto& [text, id] : model.vocab) {
        idOfText.emplace(text, id);
        place(id, text);
        std::string bytes;
        if (byteLevelDecode(text, bytes)) {
            idOfBytes_.emplace(bytes, id);
            if (bytes.size() == 1)
                byteIds_[static_cast<uint8_t>(bytes[0])] = id;
        }
    }
    for (const HfAddedToken& t : addedTokens_.tokens())
        place(t.id, t.content);

    merges_.reserve(model.merges.size());
    for (std::size_t rank = 0; rank < model.merges.size(); ++rank) {
        const auto& [left, right] = model.merges[rank];
        auto idOf = [&](const std::string& token) {
            const auto it = idOfText.find(token);
            if (it == idOfText.end())
                throw Error(ErrorCode::Corrupt,
                            "merge " + std::to_string(rank + 1) + " ('" + left + " " + right +
                                "') uses '" + token + "', which is not in the vocabulary");
            return it->second;
        };
        const int32_t l = idOf(left);
        const int32_t r = idOf(right);
        const int32_t result = idOf(left + right);
        merges_.emplace(pairKey(l, r), Merge{static_cast<uint32_t>(rank), result}); // first wins
    }
}

std::vector<int32_t> HfBpeTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> ids;
    for (const HfAddedTokens::Piece& piece : addedTokens_.split(text)) {
        if (piece.id >= 0) {
            ids.push_back(piece.id);
            continue;
        }
        std::string normalized = normalizer_.apply(piece.text);
        if (normalized.empty())
            continue;
        if (options_.addPrefixSpace && normalized[0] != ' ')
            normalized.insert(normalized.begin(), ' ');
        if (!options_.useRegex) {
            encodeWord(normalized, ids);
            continue;
        }
        for (std::string_view word : splitGpt2Pieces(normalized))
            encodeWord(word, ids);
    }
    return ids;
}

void HfBpeTokenizer::encodeWord(std::string_view bytes, std::vector<int32_t>& ids) const
{
    if (ignoreMerges_) {
        if (const auto it = idOfBytes_.find(std::string(bytes)); it != idOfBytes_.end()) {
            ids.push_back(it->second);
            return;
        }
    }

    // Symbols form a linked list over byte positions; a merge folds the right symbol into the left
    // one. The queue holds candidate merges by (rank, position) so the lowest rank, leftmost first,
    // is applied next, as Hugging Face does; entries made stale by an earlier merge are skipped.
    const int n = static_cast<int>(bytes.size());
    std::vector<int32_t> symbol(n);
    std::vector<int> next(n), prev(n);
    std::vector<bool> alive(n, true);
    for (int i = 0; i < n; ++i) {
        symbol[i] = byteIds_[static_cast<uint8_t>(bytes[i])];
        next[i] = i + 1 < n ? i + 1 : -1;
        prev[i] = i - 1;
    }

    using Candidate = std::tuple<uint32_t, int, int32_t, int32_t>; // rank, left pos, left, right
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
    auto consider = [&](int left) {
        if (left < 0 || next[left] < 0)
            return;
        const int32_t a = symbol[left];
        const int32_t b = symbol[next[left]];
        if (a < 0 || b < 0)
            return;
        if (const auto it = merges_.find(pairKey(a, b)); it != merges_.end())
            queue.emplace(it->second.rank, left, a, b);
    };
    for (int i = 0; i + 1 < n; ++i)
        consider(i);

    while (!queue.empty()) {
        const auto [rank, left, a, b] = queue.top();
        queue.pop();
        const int right = next[left];
        if (!alive[left] || right < 0 || symbol[left] != a || symbol[right] != b)
            continue;
        symbol[left] = merges_.at(pairKey(a, b)).result;
        alive[right] = false;
        next[left] = next[right];
        if (next[right] >= 0)
            prev[next[right]] = left;
        consider(prev[left]);
        consider(left);
    }

    bool lastWasUnknown = false;
    for (int i = 0; i >= 0 && i < n; i = next[i]) {
        if (symbol[i] >= 0) {
            ids.push_back(symbol[i]);
            lastWasUnknown = false;
        } else if (unknownId_ && !(fuseUnknown_ && lastWasUnknown)) {
            ids.push_back(*unknownId_);
            lastWasUnknown = true;
        }
    }
}

std::string HfBpeTokenizer::decode(std::span<const int32_t> ids) const
{
    std::string out;
    for (int32_t id : ids)
        if (id >= 0 && static_cast<std::size_t>(id) < bytesOf_.size())
            out += bytesOf_[static_cast<std::size_t>(id)];
    return out;
}

std::string HfBpeTokenizer::tokenBytes(int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= bytesOf_.size())
        return {};
    return bytesOf_[static_cast<std::size_t>(id)];
}

} // namespace rwkv
