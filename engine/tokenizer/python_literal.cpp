#include "tokenizer/python_literal.h"

#include "core/error.h"
#include "tokenizer/utf8.h"

namespace rwkv {
namespace {

[[noreturn]] void fail(const std::string& reason)
{
    throw Error(ErrorCode::Corrupt, reason);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Reads exactly `digits` hex digits at body[pos].
uint32_t readHex(std::string_view body, std::size_t pos, int digits, char escape)
{
    uint32_t value = 0;
    for (int k = 0; k < digits; ++k) {
        const int h = pos + k < body.size() ? hexValue(body[pos + k]) : -1;
        if (h < 0)
            fail("the escape \\" + std::string(1, escape) + " needs " + std::to_string(digits) +
                 " hex digits");
        value = value * 16 + static_cast<uint32_t>(h);
    }
    return value;
}

} // namespace

std::string parsePythonLiteral(std::string_view literal)
{
    bool isBytes = false;
    std::string_view rest = literal;
    if (!rest.empty() && (rest[0] == 'b' || rest[0] == 'B')) {
        isBytes = true;
        rest.remove_prefix(1);
    }
    if (rest.size() < 2 || (rest[0] != '\'' && rest[0] != '"') || rest.back() != rest[0])
        fail("expected a quoted Python string such as 'abc' or b'\\x80'");
    const char quote = rest[0];
    const std::string_view body = rest.substr(1, rest.size() - 2);

    std::string out;
    std::size_t i = 0;
    while (i < body.size()) {
        const char c = body[i];
        if (c == quote)
            fail(std::string("an unescaped ") + quote + " ends the string early");
        if (c != '\\') {
            if (isBytes && static_cast<unsigned char>(c) >= 0x80)
                fail("a bytes literal may only contain ASCII characters");
            out += c;
            ++i;
            continue;
        }
        if (i + 1 >= body.size())
            fail("the string ends with a lone backslash");
        const char e = body[i + 1];
        i += 2;
        switch (e) {
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '\n': break; // backslash-newline continues the line
        case 'x': {
            const uint32_t v = readHex(body, i, 2, 'x');
            i += 2;
            // In a str literal \xhh is the code point U+00hh, which UTF-8 encodes in two bytes
            // from 0x80 up; in a bytes literal it is the byte itself.
            if (isBytes)
                out += static_cast<char>(v);
            else
                utf8::append(out, v);
            break;
        }
        case 'u':
        case 'U': {
            if (isBytes) { // Python keeps \u literally in bytes literals
                out += '\\';
                out += e;
                break;
            }
            const int digits = e == 'u' ? 4 : 8;
            const uint32_t v = readHex(body, i, digits, e);
            i += digits;
            if (v > 0x10FFFF)
                fail("the escape \\U" + std::string(body.substr(i - 8, 8)) +
                     " is beyond the last Unicode code point");
            if (v >= 0xD800 && v <= 0xDFFF)
                fail("the escape encodes a lone surrogate, which has no UTF-8 form");
            utf8::append(out, v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                uint32_t v = static_cast<uint32_t>(e - '0');
                for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k)
                    v = v * 8 + static_cast<uint32_t>(body[i++] - '0');
                if (isBytes)
                    out += static_cast<char>(v & 0xFF);
                else
                    utf8::append(out, v);
            } else {
                if (isBytes && static_cast<unsigned char>(e) >= 0x80)
                    fail("a bytes literal may only contain ASCII characters");
                out += '\\';
                out += e;
            }
        }
    }
    return out;
}

} // namespace rwkv
