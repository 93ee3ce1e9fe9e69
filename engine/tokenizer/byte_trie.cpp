#include "tokenizer/byte_trie.h"

#include <algorithm>

namespace rwkv {

ByteTrie::ByteTrie(const std::vector<std::pair<std::string, int32_t>>& entries)
{
    // Sorting the keys lets us build the flat layout breadth-first without a pointer-based trie:
    // the children of the node for prefix P are the distinct next bytes among keys starting with P.
    std::vector<const std::pair<std::string, int32_t>*> sorted;
    sorted.reserve(entries.size());
    for (const auto& entry : entries)
        if (!entry.first.empty())
            sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });

    // Each pending node covers the keys sorted[begin, end), all sharing a prefix of `depth` bytes.
    struct Pending {
        std::size_t begin, end, depth;
    };
    std::vector<Pending> queue{{0, sorted.size(), 0}};
    nodes_.emplace_back();
    for (std::size_t n = 0; n < queue.size(); ++n) {
        const Pending p = queue[n];
        std::size_t i = p.begin;
        // A key ending here comes first in sorted order; a repeated key keeps its first id.
        if (i < p.end && sorted[i]->first.size() == p.depth)
            nodes_[n].id = sorted[i]->second;
        while (i < p.end && sorted[i]->first.size() == p.depth)
            ++i;
        nodes_[n].firstEdge = static_cast<uint32_t>(edgeBytes_.size());
        while (i < p.end) {
            const auto byte = static_cast<uint8_t>(sorted[i]->first[p.depth]);
            std::size_t j = i + 1;
            while (j < p.end && static_cast<uint8_t>(sorted[j]->first[p.depth]) == byte)
                ++j;
            edgeBytes_.push_back(byte);
            edgeTargets_.push_back(static_cast<uint32_t>(queue.size()));
            queue.push_back({i, j, p.depth + 1});
            nodes_.emplace_back();
            i = j;
        }
        nodes_[n].edgeCount = static_cast<uint32_t>(edgeBytes_.size()) - nodes_[n].firstEdge;
    }
    for (uint32_t e = 0; e < nodes_[0].edgeCount; ++e)
        rootChildren_[edgeBytes_[e]] = edgeTargets_[e];
}

uint32_t ByteTrie::child(uint32_t node, uint8_t byte) const
{
    const Node& n = nodes_[node];
    const uint8_t* first = edgeBytes_.data() + n.firstEdge;
    const uint8_t* last = first + n.edgeCount;
    const uint8_t* it = n.edgeCount <= 8 ? std::find(first, last, byte)
                                         : std::lower_bound(first, last, byte);
    if (it == last || *it != byte)
        return 0;
    return edgeTargets_[n.firstEdge + (it - first)];
}

ByteTrie::Match ByteTrie::longestMatch(std::string_view text, std::size_t pos) const
{
    Match best;
    if (nodes_.empty() || pos >= text.size())
        return best;
    uint32_t node = rootChildren_[static_cast<uint8_t>(text[pos])];
    std::size_t length = 1;
    while (node != 0) {
        if (nodes_[node].id >= 0)
            best = {nodes_[node].id, length};
        if (pos + length >= text.size())
            break;
        node = child(node, static_cast<uint8_t>(text[pos + length]));
        ++length;
    }
    return best;
}

} // namespace rwkv
