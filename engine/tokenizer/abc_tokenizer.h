// AbcTokenizer is the character tokenizer of the ABC-notation music models (docs/MIDI.md A.9): the
// id of a character is its ASCII code; 0 is padding, 2 begins and 3 ends a tune. The models only
// know ASCII, so encode() drops other characters rather than feed ids the model never saw, and
// decode() drops the control ids 0..3 as the reference player does.
#pragma once

#include "tokenizer/tokenizer.h"

namespace rwkv {

class AbcTokenizer final : public Tokenizer {
public:
    static constexpr int32_t kPad = 0;
    static constexpr int32_t kBegin = 2;
    static constexpr int32_t kEnd = 3;

    // ASCII codes of `text`; a non-ASCII character (all of its UTF-8 bytes) is skipped. The begin
    // marker is not added: a prompt that wants it starts with "\x02".
    std::vector<int32_t> encode(std::string_view text) const override;
    // Characters of ids 4..127; others are dropped.
    std::string decode(std::span<const int32_t> ids) const override;
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return 128; }
    std::string kind() const override { return "abc"; }
};

} // namespace rwkv
