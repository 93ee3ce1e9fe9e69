// Parses the Python string literals of rwkv_vocab_v20230424.txt ('abc', "it's", b'\xe4') into the
// bytes they stand for: str literals as their UTF-8 encoding, bytes literals as is.
#pragma once

#include <string>
#include <string_view>

namespace rwkv {

// Returns the bytes of `literal`, which must be exactly one quoted literal with an optional b/B
// prefix (no r/f/u prefixes, no triple quotes). Supports every Python escape: \\ \' \" \a \b \f
// \n \r \t \v \ooo \xhh and, in str literals, \uhhhh \Uhhhhhhhh. Unknown escapes keep the
// backslash, as Python does. Throws Error(Corrupt) with a reason (no file or line) when malformed.
std::string parsePythonLiteral(std::string_view literal);

} // namespace rwkv
