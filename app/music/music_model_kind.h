// Which kind of music model a checkpoint is, told from its vocabulary size as RWKV-Runner does
// (docs/MIDI.md A.7): ABC character models (< 129), MIDI piano-only (< 20,096) and the
// multi-instrument MIDI models (< 50,277). Anything larger is a text model.
#pragma once

#include <optional>
#include <string>

namespace rwkv::music {

enum class MusicModelKind { Midi, MidiPiano, Abc };

// The kind for a model with `vocabSize` embeddings, or nullopt with `why` set to a sentence for
// the user when it is not a music model this app can drive.
std::optional<MusicModelKind> musicModelKindForVocab(int vocabSize, std::string* why = nullptr);

const char* musicModelKindName(MusicModelKind kind); // "MIDI", "MIDI piano", "ABC"

} // namespace rwkv::music
