// StopMatcher watches streamed text for stop strings (such as "\n\nUser:") so generation can end
// on them without ever showing part of one: text that could be the start of a stop string is held
// back until the next chunk shows whether it is. Feed it decoded, complete UTF-8 text (e.g. from
// Utf8StreamDecoder). Not thread-safe; one per generation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rwkv {

class StopMatcher {
public:
    struct Result {
        std::string text;     // safe to show now
        bool stopped = false; // a stop string was found; `text` ends right before it
    };

    // Empty strings in `stopStrings` are ignored; with none left, push() passes text through.
    explicit StopMatcher(std::vector<std::string> stopStrings);

    // Appends `chunk` and returns what can be shown. Once a stop string is found the rest is
    // dropped and every later push returns {"", true}.
    Result push(std::string_view chunk);
    // Generation ended without a stop: returns the held-back text (empty after a stop).
    std::string flush();

    bool stopped() const { return stopped_; }
    // Bytes currently held back.
    std::size_t pending() const { return held_.size(); }

private:
    std::vector<std::string> stops_;
    std::string held_;
    bool stopped_ = false;
};

} // namespace rwkv
