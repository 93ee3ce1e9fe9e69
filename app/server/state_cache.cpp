#include "app/server/state_cache.h"

#include <algorithm>

void StateCache::put(std::vector<int32_t> tokens, const rwkv::State& state)
{
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
        if (it->tokens == tokens) {
            bytes_ -= it->bytes;
            entries_.erase(it);
            break;
        }
    const size_t size = state.all().size() * sizeof(float) + tokens.size() * sizeof(int32_t);
    if (size > budget_)
        return;
    entries_.push_front(Entry{std::move(tokens), state, size});
    bytes_ += size;
    evict();
}

std::optional<StateCache::Hit> StateCache::longestPrefix(std::span<const int32_t> prompt)
{
    auto best = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        const auto& key = it->tokens;
        if (key.empty() || key.size() >= prompt.size())
            continue;
        if (best != entries_.end() && key.size() <= best->tokens.size())
            continue;
        if (std::equal(key.begin(), key.end(), prompt.begin()))
            best = it;
    }
    if (best == entries_.end())
        return std::nullopt;
    entries_.splice(entries_.begin(), entries_, best);
    return Hit{best->state, best->tokens.size()};
}

void StateCache::clear()
{
    entries_.clear();
    bytes_ = 0;
}

void StateCache::evict()
{
    while (bytes_ > budget_ && !entries_.empty()) {
        bytes_ -= entries_.back().bytes;
        entries_.pop_back();
    }
}
