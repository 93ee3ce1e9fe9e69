// Reads a Hugging Face tokenizer.json into the matching Tokenizer: a WordLevel model with a
// WhitespaceSplit pre-tokenizer (HfWordLevelTokenizer) or a BPE model with the ByteLevel
// pre-tokenizer (HfBpeTokenizer). Other model types, normalizers, pre-tokenizers and decoders are
// rejected by name rather than tokenized differently from Hugging Face.
//
// Not modelled: post-processors (encode never adds BOS/EOS), truncation and padding, and the
// lstrip/rstrip/single_word flags of added tokens; NFC is passed through (see HfNormalizer).
#pragma once

#include "tokenizer/tokenizer.h"

#include <memory>
#include <string>
#include <string_view>

namespace rwkv {

// Throws Error(Io) when the file cannot be read, Error(Corrupt) when it is not valid JSON or lacks
// required fields, and Error(Unsupported) naming the component it does not support.
std::unique_ptr<Tokenizer> loadHfTokenizer(const std::string& path);
// The same from JSON text; `sourceName` names it in error messages.
std::unique_ptr<Tokenizer> parseHfTokenizer(std::string_view json, const std::string& sourceName);

} // namespace rwkv
