// Decodes the token text of the RWKV music models into a MIDI file, as MIDI-LLM-tokenizer's
// convert_str_to_midi does after upstream fix b4188a6 (docs/MIDI.md A.6): type 1, one track, 480
// ticks per quarter at 120 BPM, one channel and program per instrument bin. Any text is accepted:
// unknown words are skipped, so decoding never fails.
#pragma once

#include "app/music/codec/midi_file.h"
#include "app/music/codec/midi_vocabulary.h"

#include <string_view>

namespace rwkv::music {

struct DecodeOptions {
    // Upstream releases at most one note held longer than 5 s per wait word (A.6, A.11). When
    // true, every expired note is released at once: a deliberate deviation, off by default.
    bool releaseAllExpiredNotes = false;
    // Appends "<end>" when the text does not end with one, so every note is released (A.11).
    bool closeWithEnd = false;
};

MidiFile decodeTokens(std::string_view text, const MidiVocabulary& vocab = MidiVocabulary::full(),
                      const DecodeOptions& options = {});

// Cleans generated or edited text for decoding the way RWKV-Runner does before /text-to-midi:
// "<pad>", "<start>" and "<end>" removed, whitespace collapsed, then wrapped in "<start> … <end>".
std::string wrapForDecoding(std::string_view text);

} // namespace rwkv::music
