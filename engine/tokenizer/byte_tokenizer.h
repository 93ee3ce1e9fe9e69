// ByteTokenizer is the tokenizer of byte-level models (the tiny test models, V = 256): each byte of
// the UTF-8 text is its own id. Every id 0..255 decodes to its byte, 0 included.
#pragma once

#include "tokenizer/tokenizer.h"

namespace rwkv {

class ByteTokenizer final : public Tokenizer {
public:
    std::vector<int32_t> encode(std::string_view text) const override;
    std::string decode(std::span<const int32_t> ids) const override;
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return 256; }
    std::string kind() const override { return "bytes"; }
};

} // namespace rwkv
