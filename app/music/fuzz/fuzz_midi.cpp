// libFuzzer entry: any bytes as a .mid must give a MidiFile or an rwkv::Error, never a crash; a
// parsed file must encode, decode and re-serialise cleanly. The same bytes read as token text
// must decode (every word stream is accepted).
#include "app/music/codec/midi_decoder.h"
#include "app/music/codec/midi_encoder.h"
#include "app/music/codec/midi_file.h"
#include "core/error.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rwkv::music;
    try {
        const MidiFile file = readMidiFile(std::span<const uint8_t>(data, size), "fuzz.mid");
        for (const auto* vocab : {&MidiVocabulary::full(), &MidiVocabulary::piano()}) {
            const auto pieces = encodeMidi(file, *vocab);
            if (pieces.empty())
                __builtin_trap();
            const auto bytes = writeMidiFile(decodeTokens(pieces.front(), *vocab));
            readMidiFile(bytes, "re-encoded.mid");
        }
    } catch (const rwkv::Error&) {
    }
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const MidiFile decoded = decodeTokens(text, MidiVocabulary::full(), {.closeWithEnd = true});
    writeMidiFile(decoded);
    return 0;
}
