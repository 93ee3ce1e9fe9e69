#include "tokenizer/abc_tokenizer.h"

namespace rwkv {

std::vector<int32_t> AbcTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> ids;
    ids.reserve(text.size());
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80)
            ids.push_back(byte);
    }
    return ids;
}

std::string AbcTokenizer::decode(std::span<const int32_t> ids) const
{
    std::string out;
    out.reserve(ids.size());
    for (int32_t id : ids)
        out += tokenBytes(id);
    return out;
}

std::string AbcTokenizer::tokenBytes(int32_t id) const
{
    if (id <= kEnd || id >= 128)
        return {};
    return std::string(1, static_cast<char>(id));
}

} // namespace rwkv
