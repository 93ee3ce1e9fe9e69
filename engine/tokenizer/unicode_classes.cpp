#include "tokenizer/unicode_classes.h"

#include <algorithm>

namespace rwkv {
namespace {

bool inRanges(const unicode_data::CodePointRange* ranges, std::size_t count, char32_t cp)
{
    const auto* end = ranges + count;
    // First range whose last code point is >= cp; the ranges are sorted and disjoint.
    const auto* it = std::lower_bound(ranges, end, cp, [](const unicode_data::CodePointRange& r,
                                                          char32_t value) { return r.last < value; });
    return it != end && it->first <= cp;
}

} // namespace

bool isUnicodeLetter(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return inRanges(unicode_data::kLetters, unicode_data::kLetterCount, cp);
}

bool isUnicodeNumber(char32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return inRanges(unicode_data::kNumbers, unicode_data::kNumberCount, cp);
}

bool isUnicodeWhitespace(char32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

} // namespace rwkv
