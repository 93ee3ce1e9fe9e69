// ByteTrie maps byte strings to token ids and finds the longest key that starts at a position of
// a text: the core of greedy longest-match tokenization (World vocabulary, added tokens of
// tokenizer.json). Immutable after construction; lookups are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwkv {

class ByteTrie {
public:
    struct Match {
        int32_t id = -1;         // -1 when no key starts at the position
        std::size_t length = 0;  // bytes of the matched key
    };

    ByteTrie() = default;
    // Builds the trie from (key, id) pairs. Keys must be distinct and non-empty (empty keys are
    // ignored); ids must be >= 0.
    explicit ByteTrie(const std::vector<std::pair<std::string, int32_t>>& entries);

    // The longest key equal to a prefix of text.substr(pos).
    Match longestMatch(std::string_view text, std::size_t pos) const;

    bool empty() const { return nodes_.size() <= 1; }

private:
    // Children of a node are the contiguous edge range [firstEdge, firstEdge + edgeCount), sorted by
    // byte, so the trie is a few flat arrays (~4 MB for the World vocabulary) instead of 300k
    // heap-allocated nodes.
    struct Node {
        int32_t id = -1;
        uint32_t firstEdge = 0;
        uint32_t edgeCount = 0;
    };

    uint32_t child(uint32_t node, uint8_t byte) const;

    std::vector<Node> nodes_;
    std::vector<uint8_t> edgeBytes_;
    std::vector<uint32_t> edgeTargets_;
    uint32_t rootChildren_[256] = {}; // 0 = none (the root is never a child)
};

} // namespace rwkv
