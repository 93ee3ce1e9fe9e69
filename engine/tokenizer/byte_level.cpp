#include "tokenizer/byte_level.h"

#include "tokenizer/unicode_classes.h"
#include "tokenizer/utf8.h"

#include <array>

namespace rwkv {
namespace {

bool standsForItself(unsigned b)
{
    return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
}

struct ByteAlphabet {
    std::array<char32_t, 256> charOf{};
    ByteAlphabet()
    {
        char32_t next = 256;
        for (unsigned b = 0; b < 256; ++b)
            charOf[b] = standsForItself(b) ? char32_t(b) : next++;
    }
};

const ByteAlphabet& alphabet()
{
    static const ByteAlphabet table;
    return table;
}

enum class CharClass { Letter, Number, Space, Other };

struct CodePoint {
    char32_t cp;        // 0xFFFD for an ill-formed byte sequence
    std::size_t offset; // byte offset in the text
    CharClass cls;
};

std::vector<CodePoint> classify(std::string_view text)
{
    std::vector<CodePoint> out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const utf8::Decoded d = utf8::decodeAt(text, pos);
        CodePoint c{0xFFFD, pos, CharClass::Other};
        if (d.status == utf8::Status::Valid) {
            c.cp = d.codePoint;
            if (isUnicodeLetter(c.cp))
                c.cls = CharClass::Letter;
            else if (isUnicodeNumber(c.cp))
                c.cls = CharClass::Number;
            else if (isUnicodeWhitespace(c.cp))
                c.cls = CharClass::Space;
        }
        out.push_back(c);
        pos += d.length;
    }
    return out;
}

// Length of the contraction ('s 't 're 've 'm 'll 'd, lowercase only, as in GPT-2) at i, or 0.
std::size_t contractionLength(const std::vector<CodePoint>& cps, std::size_t i)
{
    if (cps[i].cp != U'\'' || i + 1 >= cps.size())
        return 0;
    const char32_t a = cps[i + 1].cp;
    if (a == U's' || a == U't' || a == U'm' || a == U'd')
        return 2;
    if (i + 2 < cps.size()) {
        const char32_t b = cps[i + 2].cp;
        if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l'))
            return 3;
    }
    return 0;
}

} // namespace

char32_t byteLevelCharOf(uint8_t byte)
{
    return alphabet().charOf[byte];
}

int byteLevelByteOf(char32_t cp)
{
    if (cp < 256 && standsForItself(cp))
        return static_cast<int>(cp);
    if (cp >= 256 && cp < 256 + 68) {
        // The n-th byte that does not stand for itself is U+0100 + n.
        unsigned n = cp - 256;
        for (unsigned b = 0; b < 256; ++b)
            if (!standsForItself(b) && n-- == 0)
                return static_cast<int>(b);
    }
    return -1;
}

bool byteLevelDecode(std::string_view token, std::string& bytes)
{
    bytes.clear();
    std::size_t pos = 0;
    while (pos < token.size()) {
        const utf8::Decoded d = utf8::decodeAt(token, pos);
        if (d.status != utf8::Status::Valid)
            return false;
        const int b = byteLevelByteOf(d.codePoint);
        if (b < 0)
            return false;
        bytes += static_cast<char>(b);
        pos += d.length;
    }
    return true;
}

std::string byteLevelEncode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes)
        utf8::append(out, byteLevelCharOf(static_cast<uint8_t>(c)));
    return out;
}

std::vector<std::string_view> splitGpt2Pieces(std::string_view text)
{
    const std::vector<CodePoint> cps = classify(text);
    const std::size_t n = cps.size();
    auto offsetOf = [&](std::size_t i) { return i < n ? cps[i].offset : text.size(); };
    auto runEnd = [&](std::size_t i, CharClass cls) {
        while (i < n && cps[i].cls == cls)
            ++i;
        return i;
    };

    std::vector<std::string_view> pieces;
    std::size_t i = 0;
    while (i < n) {
        std::size_t end = i;
        if (const std::size_t c = contractionLength(cps, i)) {
            end = i + c;
        } else {
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional ASCII space, then a run.
            const std::size_t j = (cps[i].cp == U' ' && i + 1 < n) ? i + 1 : i;
            const CharClass cls = cps[j].cls;
            if (cls != CharClass::Space) {
                end = cls == CharClass::Other ? runEnd(j, CharClass::Other) : runEnd(j, cls);
            } else {
                // `\s+(?!\S)|\s+`: a whitespace run, leaving its last character to the next
                // piece when a non-space follows (so " word" keeps its space), unless the run is
                // a single character.
                const std::size_t k = runEnd(i, CharClass::Space);
                end = (k < n && k - i >= 2) ? k - 1 : k;
            }
        }
        pieces.push_back(text.substr(offsetOf(i), offsetOf(end) - offsetOf(i)));
        i = end;
    }
    return pieces;
}

} // namespace rwkv
