#include "app/music/music_model_kind.h"

namespace rwkv::music {

std::optional<MusicModelKind> musicModelKindForVocab(int vocabSize, std::string* why)
{
    auto fail = [&](const std::string& sentence) -> std::optional<MusicModelKind> {
        if (why)
            *why = sentence;
        return std::nullopt;
    };
    if (vocabSize <= 0)
        return fail("the model has no vocabulary");
    if (vocabSize < 129)
        return MusicModelKind::Abc;
    if (vocabSize < 2176)
        return fail("this model uses the REMI music vocabulary (" + std::to_string(vocabSize) +
                    " tokens), which RWKV Studio does not support yet");
    if (vocabSize < 20096)
        return MusicModelKind::MidiPiano;
    if (vocabSize < 50277)
        return MusicModelKind::Midi;
    return fail("this is a text model (vocabulary of " + std::to_string(vocabSize) +
                " tokens): load an RWKV MIDI or ABC music model to compose");
}

const char* musicModelKindName(MusicModelKind kind)
{
    switch (kind) {
    case MusicModelKind::Midi:
        return "MIDI";
    case MusicModelKind::MidiPiano:
        return "MIDI piano";
    case MusicModelKind::Abc:
        return "ABC";
    }
    return "?";
}

} // namespace rwkv::music
