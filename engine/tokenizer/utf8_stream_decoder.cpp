#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8.h"

namespace rwkv {

std::string Utf8StreamDecoder::push(std::string_view bytes)
{
    pending_.append(bytes);
    std::string out;
    std::size_t pos = 0;
    while (pos < pending_.size()) {
        const utf8::Decoded d = utf8::decodeAt(pending_, pos);
        if (d.status == utf8::Status::Incomplete)
            break; // the next token may complete it
        if (d.status == utf8::Status::Valid)
            out.append(pending_, pos, d.length);
        else
            out += utf8::kReplacement; // can never become valid, so no reason to wait
        pos += d.length;
    }
    pending_.erase(0, pos);
    return out;
}

std::string Utf8StreamDecoder::flush()
{
    std::string out = utf8::sanitize(pending_);
    pending_.clear();
    return out;
}

} // namespace rwkv
