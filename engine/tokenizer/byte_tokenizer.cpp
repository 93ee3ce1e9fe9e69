#include "tokenizer/byte_tokenizer.h"

namespace rwkv {

std::vector<int32_t> ByteTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> ids;
    ids.reserve(text.size());
    for (char c : text)
        ids.push_back(static_cast<unsigned char>(c));
    return ids;
}

std::string ByteTokenizer::decode(std::span<const int32_t> ids) const
{
    std::string out;
    out.reserve(ids.size());
    for (int32_t id : ids)
        if (id >= 0 && id < 256)
            out += static_cast<char>(id);
    return out;
}

std::string ByteTokenizer::tokenBytes(int32_t id) const
{
    if (id < 0 || id >= 256)
        return {};
    return std::string(1, static_cast<char>(id));
}

} // namespace rwkv
