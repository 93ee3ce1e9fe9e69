// Tokenizer turns text into token ids and back. Implementations: WorldTokenizer (greedy trie over
// the rwkv_vocab_v20230424 vocabulary, world_tokenizer.h), ByteTokenizer, AbcTokenizer, and the
// Hugging Face tokenizer.json models HfWordLevelTokenizer and HfBpeTokenizer (hf_tokenizer.h).
// Tokenizers are immutable after construction and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rwkv {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    virtual std::vector<int32_t> encode(std::string_view text) const = 0;
    // The raw bytes of the tokens, concatenated. May end inside a UTF-8 character; use
    // Utf8StreamDecoder when streaming. Unknown ids decode to nothing. (hf-wordlevel joins its
    // words with single spaces, as Hugging Face does; its tokenBytes() have no spaces.)
    virtual std::string decode(std::span<const int32_t> ids) const = 0;
    // Bytes of one token.
    virtual std::string tokenBytes(int32_t id) const = 0;
    // Highest id + 1. A model's vocabulary may be larger (World models have 65536 rows for
    // 65530 ids), so check tokenizer.vocabSize() <= model vocabulary, not equality.
    virtual int32_t vocabSize() const = 0;
    // A short name: "world", "bytes", "abc", "hf-wordlevel", "hf-bpe".
    virtual std::string kind() const = 0;
};

// Builds a tokenizer from a command-line style spec:
//   "world"  → the World vocabulary found via RWKV_WORLD_VOCAB, then the app's data directory
//              ($XDG_DATA_HOME or ~/.local/share)/RWKV Studio/rwkv_vocab_v20230424.txt; if absent the
//              Error says exactly where to put it and where to get it.
//   "bytes", "abc" → built in.
//   a path  → rwkv_vocab*.txt (World format) or *.json (Hugging Face tokenizer.json).
// Throws Error: Io for a missing file (for "world", saying where to put it), Corrupt for a
// malformed one, Unsupported for a tokenizer.json this engine cannot run, InvalidArgument for a
// spec that is none of the above.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& spec);

// Feeds token bytes and hands back only complete UTF-8 text, holding an incomplete character
// until its remaining bytes arrive, so streamed output never shows broken characters.
class Utf8StreamDecoder {
public:
    // Appends `bytes` and returns the text now complete (possibly empty).
    std::string push(std::string_view bytes);
    // Returns whatever is held back (invalid sequences become U+FFFD).
    std::string flush();

private:
    std::string pending_;
};

} // namespace rwkv
