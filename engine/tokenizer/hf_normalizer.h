// HfNormalizer applies the "normalizer" of a Hugging Face tokenizer.json, limited to the steps the
// RWKV vocabularies use: Lowercase (MIDI WordLevel vocabulary) and NFC (GPT-NeoX 20B BPE).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rwkv {

enum class HfNormalization {
    Lowercase, // Unicode lowercase for Latin, Greek, Cyrillic, Armenian and fullwidth Latin letters
    Nfc,       // passed through unchanged, see apply()
};

class HfNormalizer {
public:
    HfNormalizer() = default;
    explicit HfNormalizer(std::vector<HfNormalization> steps) : steps_(std::move(steps)) {}

    // Applies the steps in order. NFC composition is not performed: text typed or pasted on every
    // desktop system is already NFC, and composing would need the Unicode decomposition tables.
    // Decomposed input (e.g. "e" + U+0301) may therefore get other ids than Hugging Face gives.
    std::string apply(std::string_view text) const;

private:
    std::vector<HfNormalization> steps_;
};

// The lowercase form of one code point (the code point itself when it has none or is outside the
// scripts covered).
char32_t simpleLowercase(char32_t cp);

} // namespace rwkv
