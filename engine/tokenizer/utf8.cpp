#include "tokenizer/utf8.h"

#include <cstdint>

namespace rwkv::utf8 {
namespace {

// Allowed range of the second byte for each lead byte (Unicode Table 3-7); later bytes are always
// 80..BF. This excludes overlong forms, surrogates and code points above U+10FFFF.
struct LeadInfo {
    int length;
    uint8_t secondLow;
    uint8_t secondHigh;
};

LeadInfo leadInfo(uint8_t b)
{
    if (b < 0x80) return {1, 0, 0};
    if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
    if (b == 0xE0) return {3, 0xA0, 0xBF};
    if (b == 0xED) return {3, 0x80, 0x9F};
    if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
    if (b == 0xF0) return {4, 0x90, 0xBF};
    if (b == 0xF4) return {4, 0x80, 0x8F};
    if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
    return {0, 0, 0};
}

} // namespace

Decoded decodeAt(std::string_view text, std::size_t pos)
{
    const auto lead = static_cast<uint8_t>(text[pos]);
    const LeadInfo info = leadInfo(lead);
    if (info.length == 1)
        return {Status::Valid, lead, 1};
    if (info.length == 0)
        return {Status::Invalid, 0, 1};

    char32_t cp = lead & (0xFF >> (info.length + 1));
    for (int k = 1; k < info.length; ++k) {
        if (pos + k >= text.size())
            return {Status::Incomplete, 0, static_cast<std::size_t>(k)};
        const auto b = static_cast<uint8_t>(text[pos + k]);
        const uint8_t low = k == 1 ? info.secondLow : 0x80;
        const uint8_t high = k == 1 ? info.secondHigh : 0xBF;
        if (b < low || b > high)
            return {Status::Invalid, 0, static_cast<std::size_t>(k)};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {Status::Valid, cp, static_cast<std::size_t>(info.length)};
}

void append(std::string& out, char32_t cp)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out += kReplacement;
    } else if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string sanitize(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const Decoded d = decodeAt(text, pos);
        if (d.status == Status::Valid)
            out.append(text.substr(pos, d.length));
        else
            out += kReplacement;
        pos += d.length;
    }
    return out;
}

} // namespace rwkv::utf8
