// StateCache keeps the model states that finished API requests leave behind, keyed by the tokens
// that produced them, so a request whose prompt extends a cached prefix (the next turn of a
// conversation sent through the API) starts from that state and reads only its new tokens. The
// least recently used entries go first when the memory budget is exceeded. Not thread-safe: the
// scheduler's thread owns it.
#pragma once

#include "state/state.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <span>
#include <vector>

class StateCache {
public:
    explicit StateCache(size_t budgetBytes) : budget_(budgetBytes) {}

    // Keeps `state` as the state after `tokens` (replacing an entry with the same tokens), then
    // evicts the least recently used entries until the budget holds. A state larger than the
    // whole budget is not kept.
    void put(std::vector<int32_t> tokens, const rwkv::State& state);

    struct Hit {
        rwkv::State state;
        size_t length = 0; // tokens of the prompt the state has read
    };
    // The entry with the longest token list that is a prefix of `prompt` and leaves at least
    // one token to read (the model must read the last one to predict what follows); it becomes
    // the most recently used. nullopt when none.
    std::optional<Hit> longestPrefix(std::span<const int32_t> prompt);

    void clear();
    size_t bytes() const { return bytes_; }
    size_t entries() const { return entries_.size(); }
    size_t budget() const { return budget_; }

private:
    struct Entry {
        std::vector<int32_t> tokens;
        rwkv::State state;
        size_t bytes = 0;
    };
    void evict();

    size_t budget_;
    size_t bytes_ = 0;
    std::list<Entry> entries_; // most recently used first
};
