#include "app/music/midi_logit_shaper.h"

#include <algorithm>

namespace rwkv::music {

namespace {
constexpr int32_t kT125 = 127;
constexpr int32_t kFirstNote = 128;
constexpr int32_t kFirstPiano = 12416; // pi:0:0
constexpr int32_t kFirstSax = 13952;   // s:0:0, the bin after piano
} // namespace

MidiLogitShaper::MidiLogitShaper(int vocabSize, bool pianoOnly)
    : occurrence_(size_t(std::max(vocabSize, 0)), 0.0f), pianoOnly_(pianoOnly && vocabSize >= 20096)
{
}

void MidiLogitShaper::shape(std::span<float> logits, int step) const
{
    for (int32_t t : seen_)
        if (size_t(t) < logits.size())
            logits[size_t(t)] -= occurrence_[size_t(t)] * kPenalty;
    if (!logits.empty())
        logits[0] += float(step - 2000) / 500.0f;
    if (logits.size() > size_t(kT125))
        logits[kT125] -= 1.0f; // "avoid t125"
    if (pianoOnly_) {
        const size_t end = std::min<size_t>(logits.size(), 20096);
        for (size_t i = kFirstNote; i < std::min<size_t>(kFirstPiano, end); ++i)
            logits[i] -= 1e10f;
        for (size_t i = kFirstSax; i < end; ++i)
            logits[i] -= 1e10f;
    }
}

void MidiLogitShaper::accept(int32_t token)
{
    if (token < 0 || size_t(token) >= occurrence_.size())
        return;
    for (int32_t t : seen_)
        occurrence_[size_t(t)] *= kDecay;
    if (occurrence_[size_t(token)] == 0.0f)
        seen_.push_back(token);
    occurrence_[size_t(token)] += (token >= kFirstNote || token == kT125) ? 1.0f : 0.3f;
}

} // namespace rwkv::music
