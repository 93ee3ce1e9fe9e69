// MidiVocabulary is the word list of the RWKV MIDI music models (docs/MIDI.md A.2–A.4, A.8): the
// instrument bins with their short names, decode channels and programs, the GM-program → bin map,
// the velocity bins and the token-id formula. Two configurations exist: the 20,096-word
// multi-instrument scheme (`full()`) and the 2,176-word piano-only scheme (`piano()`).
// Instances are immutable and cheap to copy; the two standard ones are built once.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwkv::music {

// One instrument bin: the prefix of its tokens and what the decoder writes for it.
struct InstrumentBin {
    std::string name;      // "percussion", "piano", ...
    std::string shortName; // token prefix: "p", "pi", "tr", ...
    int channel = 0;       // 0-based MIDI channel written on decode
    int program = 0;       // GM program written on decode
};

// A note token split into its parts. velocityBin 0 means note-off.
struct NoteToken {
    int bin = 0;
    int note = 0;
    int velocityBin = 0;
    bool operator==(const NoteToken&) const = default;
};

class MidiVocabulary {
public:
    static const MidiVocabulary& full();  // 13 bins x 128 notes x 12 velocity bins, 20,096 words
    static const MidiVocabulary& piano(); // 1 bin x 128 notes x 16 velocity bins, 2,176 words

    // The configuration that matches a model with `vocabSize` embeddings (RWKV-Runner's rule,
    // A.7): below 20,096 the piano scheme, otherwise the full one.
    static const MidiVocabulary& forVocabSize(int vocabSize);

    static constexpr int kPad = 0, kStart = 1, kEnd = 2;
    static constexpr int kFirstWait = 3;   // id of t1
    static constexpr int kWaitEvents = 125; // t1 .. t125
    static constexpr int kFirstNote = 128;
    static constexpr double kMsPerWait = 8.0; // max_wait_time 1000 ms / 125 wait events

    bool isPiano() const { return piano_; }
    int size() const { return kFirstNote + int(bins_.size()) * 128 * velocityBins_; }
    const std::vector<InstrumentBin>& bins() const { return bins_; }
    int velocityBins() const { return velocityBins_; }
    // The bin that takes notes on MIDI channel 9 (0-based), or -1 when drums are dropped.
    int drumChannelBin() const { return drumBin_; }

    // The bin that a note of GM `program` on 0-based `channel` goes to, or -1 when it is dropped.
    int binFor(int program, int channel) const;
    // Bin index for a token prefix, or -1 for an unknown prefix.
    int binForShortName(std::string_view shortName) const;

    // velocity_to_bin / bin_to_velocity of VocabUtils (A.4). Velocities are clamped to 0..127.
    int velocityToBin(double velocity) const;
    int binToVelocity(int velocityBin) const { return decodeVelocity_[size_t(velocityBin)]; }

    // Token ids (A.2). noteTokenId requires valid parts.
    int noteTokenId(const NoteToken& t) const { return kFirstNote + (t.bin * 128 + t.note) * velocityBins_ + t.velocityBin; }
    static int waitTokenId(int waits) { return waits + kFirstWait - 1; }

    // Text of a token id ("<pad>", "t12", "pi:3c:a"); empty for an id outside the vocabulary.
    std::string tokenText(int id) const;
    // Id of a word (lowercased first, as the tokenizer's normalizer does); nullopt when the word is
    // not in the vocabulary.
    std::optional<int> tokenId(std::string_view word) const;
    // Parses "short:notehex:velhex" into its parts without range checks on the bin's existence
    // beyond the prefix lookup; nullopt for anything else.
    std::optional<NoteToken> parseNoteToken(std::string_view word) const;
    std::string formatNoteToken(const NoteToken& t) const;

    // Turns `text` into token ids: words split on whitespace, unknown words become <pad> (A.11).
    std::vector<int> encodeText(std::string_view text) const;
    // Joins the texts of `ids` with single spaces; ids outside the vocabulary are skipped.
    std::string decodeIds(const std::vector<int>& ids) const;

private:
    MidiVocabulary(bool piano);

    bool piano_ = false;
    std::vector<InstrumentBin> bins_;
    std::array<int, 128> programBin_{};
    int drumBin_ = -1;
    int velocityBins_ = 12;
    double velocityExp_ = 0.5;
    std::vector<int> decodeVelocity_;
};

// True for a wait word: 't' followed by a digit (A.3: "t:" is the tuba prefix).
inline bool isWaitWord(std::string_view w) { return w.size() >= 2 && w[0] == 't' && w[1] >= '0' && w[1] <= '9'; }

} // namespace rwkv::music
