#include "sampling/stop_matcher.h"

#include <algorithm>

namespace rwkv {

StopMatcher::StopMatcher(std::vector<std::string> stopStrings)
{
    for (std::string& s : stopStrings)
        if (!s.empty())
            stops_.push_back(std::move(s));
}

StopMatcher::Result StopMatcher::push(std::string_view chunk)
{
    Result result;
    if (stopped_) {
        result.stopped = true;
        return result;
    }
    held_.append(chunk);

    // The earliest stop string wins; held_ is short (less than the longest stop string plus one
    // chunk), so plain searching is cheap.
    std::size_t stopAt = std::string::npos;
    for (const std::string& s : stops_)
        stopAt = std::min(stopAt, held_.find(s));
    if (stopAt != std::string::npos) {
        result.text = held_.substr(0, stopAt);
        result.stopped = true;
        stopped_ = true;
        held_.clear();
        return result;
    }

    // Hold back the longest tail of held_ that is a proper prefix of some stop string. Stop
    // strings start on a character boundary, so the cut never splits a UTF-8 character.
    std::size_t holdFrom = held_.size();
    for (const std::string& s : stops_) {
        const std::size_t longest = std::min(s.size() - 1, held_.size());
        for (std::size_t len = longest; len > 0; --len) {
            if (held_.compare(held_.size() - len, len, s, 0, len) == 0) {
                holdFrom = std::min(holdFrom, held_.size() - len);
                break;
            }
        }
    }
    result.text = held_.substr(0, holdFrom);
    held_.erase(0, holdFrom);
    return result;
}

std::string StopMatcher::flush()
{
    std::string out;
    out.swap(held_);
    return out;
}

} // namespace rwkv
