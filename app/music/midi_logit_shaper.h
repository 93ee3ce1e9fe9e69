// MidiLogitShaper applies the per-step logit shaping of ChatRWKV music/run.py for the MIDI models
// (docs/MIDI.md A.7) before top-k/top-p sampling: a repetition penalty whose counts decay by 0.997
// per token (notes and t125 count 1, other tokens 0.3), a length bias on token 0 (<pad>, the end
// of a piece) that is -4 at the first step and neutral at step 2000, -1 on t125, and optionally a
// ban on every non-piano instrument.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rwkv::music {

class MidiLogitShaper {
public:
    // `vocabSize`: the model's. `pianoOnly` bans notes outside the piano bin of the 20,096-word
    // scheme (no effect on the piano vocabulary).
    MidiLogitShaper(int vocabSize, bool pianoOnly);

    // Shapes the logits for generation step `step` (0 for the first generated token).
    void shape(std::span<float> logits, int step) const;
    // Records a generated token: decays every count, then counts this one.
    void accept(int32_t token);

    float occurrence(int32_t token) const { return occurrence_[size_t(token)]; }

    static constexpr float kPenalty = 0.5f;
    static constexpr float kDecay = 0.997f;

private:
    std::vector<float> occurrence_;
    std::vector<int32_t> seen_; // tokens with a non-zero count, to keep shape() cheap
    bool pianoOnly_;
};

} // namespace rwkv::music
