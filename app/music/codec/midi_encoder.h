// Encodes a MIDI file into the token text of the RWKV music models, exactly as
// MIDI-LLM-tokenizer's convert_midi_to_str does (docs/MIDI.md A.5): tracks merged, per-channel
// program/volume/expression/sustain state, 8 ms waits, simultaneous notes sorted, one
// "<start> … <end>" string per piece.
#pragma once

#include "app/music/codec/midi_file.h"
#include "app/music/codec/midi_vocabulary.h"

#include <limits>
#include <string>
#include <vector>

namespace rwkv::music {

struct EncodeOptions {
    // A silence longer than this (with no note held) closes the piece and starts another.
    // The default never splits (RWKV-Runner's user-file setting).
    double pieceSplitDelayMs = std::numeric_limits<double>::infinity();
    // Pieces not longer than this are dropped. Negative keeps every piece, even an empty one
    // (user files: upstream's 0 would drop a piece made of a single chord).
    double minPieceLengthMs = -1.0;
};

// The training-data settings of vocab_config.json: split on 10 s of silence, drop pieces under 30 s.
inline EncodeOptions trainingEncodeOptions() { return {10000.0, 30000.0}; }

// Returns the pieces of `file` as token texts, each "<start> … <end>". With the default options
// there is exactly one piece. Never throws for a well-formed MidiFile.
std::vector<std::string> encodeMidi(const MidiFile& file, const MidiVocabulary& vocab = MidiVocabulary::full(),
                                    const EncodeOptions& options = {});

// The wait words for `ms` of silence (A.5): at most 10 s, floor(ms/1000) x "t125" and then the
// remainder rounded half-down to 8 ms steps when that is > 0.
std::vector<std::string> waitWords(double ms);

} // namespace rwkv::music
