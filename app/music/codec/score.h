// Score is a piece as a list of notes with start and end times in milliseconds: what the piano
// roll shows and edits. It converts from a MIDI file or token text and back to token text, so an
// edited piece becomes a prompt again. Plain C++20.
#pragma once

#include "app/music/codec/midi_file.h"
#include "app/music/codec/midi_vocabulary.h"

#include <string>
#include <string_view>
#include <vector>

namespace rwkv::music {

struct ScoreNote {
    int bin = 0;         // instrument bin of the vocabulary
    int key = 60;        // MIDI key 0..127
    int velocityBin = 8; // 1..bins-1
    double startMs = 0.0;
    double endMs = 0.0;
    bool operator==(const ScoreNote&) const = default;
};

struct Score {
    std::vector<ScoreNote> notes; // sorted by start time
    double lengthMs = 0.0;        // end of the last note or of the file, whichever is later
};

// Notes of `file`, paired note-on/note-off per channel and key; notes on dropped instruments are
// left out; notes never released end at the end of the file.
Score scoreFromMidi(const MidiFile& file, const MidiVocabulary& vocab = MidiVocabulary::full());

// Notes of token text, decoded as decodeTokens() with a closing "<end>" would.
Score scoreFromTokens(std::string_view text, const MidiVocabulary& vocab = MidiVocabulary::full());

// A MIDI file that plays `score` with the decoder's channels and programs, 480 ticks/quarter at
// 120 BPM.
MidiFile midiFromScore(const Score& score, const MidiVocabulary& vocab = MidiVocabulary::full());

// Token text "<start> … <end>" for `score` (encoded through midiFromScore).
std::string tokensFromScore(const Score& score, const MidiVocabulary& vocab = MidiVocabulary::full());

// Milliseconds of music in token text: the sum of its waits (what "seconds of music" shows).
double tokenTextDurationMs(std::string_view text);

} // namespace rwkv::music
