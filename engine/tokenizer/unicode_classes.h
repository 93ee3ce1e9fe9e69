// Unicode character classes the GPT-2 pre-tokenizer regex needs (\p{L}, \p{N}, \s), without ICU:
// the letter and number ranges are generated from the Unicode database by gen_unicode_classes.py.
#pragma once

#include <cstddef>

namespace rwkv {

// True for general categories Lu, Ll, Lt, Lm, Lo.
bool isUnicodeLetter(char32_t cp);
// True for general categories Nd, Nl, No.
bool isUnicodeNumber(char32_t cp);
// True for the White_Space property (what \s matches in Unicode-aware regex engines).
bool isUnicodeWhitespace(char32_t cp);

namespace unicode_data {
struct CodePointRange {
    char32_t first;
    char32_t last;
};
extern const CodePointRange kLetters[];
extern const std::size_t kLetterCount;
extern const CodePointRange kNumbers[];
extern const std::size_t kNumberCount;
} // namespace unicode_data

} // namespace rwkv
