#include "app/music/codec/score.h"

#include "app/music/codec/midi_decoder.h"
#include "app/music/codec/midi_encoder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>

namespace rwkv::music {

Score scoreFromMidi(const MidiFile& file, const MidiVocabulary& vocab)
{
    const auto events = mergeTracks(file);
    const auto times = eventTimesMs(file, events);
    std::array<int, 16> program{};
    // (channel, key) -> index of the sounding note in score.notes
    std::map<std::pair<int, int>, size_t> sounding;
    Score score;
    double endMs = 0.0;
    for (size_t i = 0; i < events.size(); ++i) {
        const MidiEvent& e = events[i];
        endMs = std::max(endMs, times[i]);
        if (e.kind != MidiEvent::Kind::Channel)
            continue;
        const int c = e.channel();
        const bool on = e.type() == 0x90 && e.data2 > 0;
        const bool off = e.type() == 0x80 || (e.type() == 0x90 && e.data2 == 0);
        if (e.type() == 0xC0)
            program[size_t(c)] = e.data1;
        if (!on && !off)
            continue;
        const auto key = std::make_pair(c, int(e.data1));
        if (auto it = sounding.find(key); it != sounding.end()) {
            score.notes[it->second].endMs = times[i];
            sounding.erase(it);
        }
        if (on) {
            const int bin = vocab.binFor(program[size_t(c)], c);
            if (bin < 0)
                continue;
            const int velocityBin = std::max(1, vocab.velocityToBin(e.data2));
            sounding[key] = score.notes.size();
            score.notes.push_back({bin, e.data1, velocityBin, times[i], -1.0});
        }
    }
    for (auto& n : score.notes)
        if (n.endMs < 0)
            n.endMs = endMs;
    std::stable_sort(score.notes.begin(), score.notes.end(),
                     [](const ScoreNote& a, const ScoreNote& b) { return a.startMs < b.startMs; });
    score.lengthMs = endMs;
    for (const auto& n : score.notes)
        score.lengthMs = std::max(score.lengthMs, n.endMs);
    return score;
}

Score scoreFromTokens(std::string_view text, const MidiVocabulary& vocab)
{
    return scoreFromMidi(decodeTokens(text, vocab, {.closeWithEnd = true}), vocab);
}

MidiFile midiFromScore(const Score& score, const MidiVocabulary& vocab)
{
    // Start from the decoder's header so channels and programs are the ones tokens decode to.
    MidiFile file = decodeTokens("", vocab);
    MidiTrack& track = file.tracks[0];
    track.events.pop_back(); // end of track
    struct Timed {
        double ms;
        int order; // offs before ons at the same time, so a repeated note restarts cleanly
        MidiEvent event;
    };
    std::vector<Timed> timed;
    const auto& bins = vocab.bins();
    for (const ScoreNote& n : score.notes) {
        const int channel = bins[size_t(std::clamp(n.bin, 0, int(bins.size()) - 1))].channel;
        const int velocity = vocab.binToVelocity(std::clamp(n.velocityBin, 1, vocab.velocityBins() - 1));
        const double end = std::max(n.endMs, n.startMs + MidiVocabulary::kMsPerWait);
        timed.push_back({n.startMs, 1, MidiEvent::channelMessage(0, 0x90, channel, n.key, velocity)});
        timed.push_back({end, 0, MidiEvent::channelMessage(0, 0x80, channel, n.key, 64)});
    }
    std::stable_sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
        return a.ms != b.ms ? a.ms < b.ms : a.order < b.order;
    });
    for (auto& t : timed) {
        t.event.tick = uint64_t(std::llround(std::max(0.0, t.ms) * 0.96));
        track.events.push_back(std::move(t.event));
    }
    const uint64_t endTick = uint64_t(std::llround(std::max(0.0, score.lengthMs) * 0.96));
    track.events.push_back(MidiEvent::meta(std::max(endTick, track.events.back().tick), kMetaEndOfTrack, {}));
    return file;
}

std::string tokensFromScore(const Score& score, const MidiVocabulary& vocab)
{
    return encodeMidi(midiFromScore(score, vocab), vocab).front();
}

double tokenTextDurationMs(std::string_view text)
{
    double ms = 0.0;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        size_t j = i;
        while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])))
            ++j;
        const std::string_view w = text.substr(i, j - i);
        if (isWaitWord(w) && w.size() <= 4) {
            int n = 0;
            bool ok = true;
            for (size_t k = 1; k < w.size(); ++k) {
                ok = ok && std::isdigit(static_cast<unsigned char>(w[k]));
                n = n * 10 + (w[k] - '0');
            }
            if (ok && n <= MidiVocabulary::kWaitEvents)
                ms += n * MidiVocabulary::kMsPerWait;
        }
        i = j;
    }
    return ms;
}

} // namespace rwkv::music
