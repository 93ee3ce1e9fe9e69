// The two halves of the Hugging Face "ByteLevel" pre-tokenizer used by GPT-2 and the GPT-NeoX 20B
// tokenizer of the Pile/Raven v4 models: GPT-2's regex split of text into word-like pieces, and
// GPT-2's byte alphabet, which writes each of the 256 bytes as a printable character so that BPE
// vocabularies of byte strings can be stored as text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwkv {

// The character that stands for `byte`: bytes 33..126, 161..172 and 174..255 stand for
// themselves, the other 68 take U+0100, U+0101, ... in byte order (so ' ' is 'Ġ', '\n' is 'Ċ').
char32_t byteLevelCharOf(uint8_t byte);
// The byte that `cp` stands for, or -1 when `cp` is not in the alphabet.
int byteLevelByteOf(char32_t cp);
// Turns a vocabulary entry written in the byte alphabet back into bytes; returns false (and
// leaves `bytes` unspecified) when `token` has a character outside the alphabet.
bool byteLevelDecode(std::string_view token, std::string& bytes);
// Writes raw bytes in the byte alphabet (UTF-8 of the stand-in characters).
std::string byteLevelEncode(std::string_view bytes);

// Splits `text` as GPT-2's pattern
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// does, with Unicode letter, number and whitespace classes. The pieces cover `text` exactly, in
// order. Ill-formed UTF-8 bytes count as punctuation.
std::vector<std::string_view> splitGpt2Pieces(std::string_view text);

} // namespace rwkv
