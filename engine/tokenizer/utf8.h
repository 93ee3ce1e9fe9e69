// UTF-8 decoding and encoding that the tokenizers share. Decoding follows the Unicode "maximal
// subpart" rule, so each ill-formed piece becomes exactly one U+FFFD, as browsers and Python do.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rwkv::utf8 {

enum class Status {
    Valid,      // `length` bytes encode `codePoint`
    Invalid,    // the `length` bytes at the position can never start a character (one U+FFFD)
    Incomplete, // the input ends inside a character that could still become valid
};

struct Decoded {
    Status status;
    char32_t codePoint; // meaningful only when Valid
    std::size_t length; // >= 1 whenever pos < text.size()
};

// Decodes the character starting at `text[pos]`; requires pos < text.size().
Decoded decodeAt(std::string_view text, std::size_t pos);

// Appends the UTF-8 encoding of `cp` (surrogates and values above U+10FFFF become U+FFFD).
void append(std::string& out, char32_t cp);

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// `text` with every ill-formed piece replaced by U+FFFD.
std::string sanitize(std::string_view text);

} // namespace rwkv::utf8
