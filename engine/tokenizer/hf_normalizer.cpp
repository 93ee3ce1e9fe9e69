#include "tokenizer/hf_normalizer.h"

#include "tokenizer/utf8.h"

namespace rwkv {
namespace {

std::string lowercase(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const utf8::Decoded d = utf8::decodeAt(text, pos);
        if (d.status == utf8::Status::Valid && d.codePoint >= 0x80)
            utf8::append(out, simpleLowercase(d.codePoint));
        else if (d.status == utf8::Status::Valid)
            out += static_cast<char>(simpleLowercase(d.codePoint));
        else
            out.append(text.substr(pos, d.length)); // keep ill-formed bytes as they are
        pos += d.length;
    }
    return out;
}

bool between(char32_t cp, char32_t first, char32_t last)
{
    return cp >= first && cp <= last;
}

} // namespace

char32_t simpleLowercase(char32_t cp)
{
    if (between(cp, 'A', 'Z'))
        return cp + 32;
    if (cp < 0xC0)
        return cp;
    if (between(cp, 0xC0, 0xDE) && cp != 0xD7) // Latin-1 letters, not the multiplication sign
        return cp + 32;
    // Latin Extended-A pairs capital/small as even/odd, except two stretches that go odd/even.
    if (between(cp, 0x100, 0x12F) || between(cp, 0x132, 0x137) || between(cp, 0x14A, 0x177))
        return cp % 2 == 0 ? cp + 1 : cp;
    if (between(cp, 0x139, 0x148) || between(cp, 0x179, 0x17E))
        return cp % 2 == 1 ? cp + 1 : cp;
    if (cp == 0x178)
        return 0xFF;
    // Greek.
    if (cp == 0x386) return 0x3AC;
    if (between(cp, 0x388, 0x38A)) return cp + 37;
    if (cp == 0x38C) return 0x3CC;
    if (between(cp, 0x38E, 0x38F)) return cp + 63;
    if (between(cp, 0x391, 0x3A9) && cp != 0x3A2) return cp + 32;
    // Cyrillic.
    if (between(cp, 0x400, 0x40F)) return cp + 80;
    if (between(cp, 0x410, 0x42F)) return cp + 32;
    if (between(cp, 0x460, 0x481) || between(cp, 0x48A, 0x4BF))
        return cp % 2 == 0 ? cp + 1 : cp;
    // Armenian and fullwidth Latin.
    if (between(cp, 0x531, 0x556)) return cp + 48;
    if (between(cp, 0xFF21, 0xFF3A)) return cp + 32;
    return cp;
}

std::string HfNormalizer::apply(std::string_view text) const
{
    std::string out(text);
    for (HfNormalization step : steps_) {
        switch (step) {
        case HfNormalization::Lowercase: out = lowercase(out); break;
        case HfNormalization::Nfc: break;
        }
    }
    return out;
}

} // namespace rwkv
