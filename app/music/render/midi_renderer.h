// Offline rendering of a MidiFile to PCM audio with FluidSynth and a SoundFont (.sf2), and WAV
// output. The synth is fed the file's events at their times (tempo map honoured), so the audio
// lasts exactly as long as the file plus the requested tail. No Qt.
#pragma once

#include "app/music/codec/midi_file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rwkv::music {

struct RenderOptions {
    std::string soundFont;   // empty: defaultSoundFont()
    int sampleRate = 44100;
    double tailMs = 1000.0;  // rendered after the last event so releases ring out
    double gain = 0.5;       // FluidSynth synth.gain
};

struct Audio {
    int sampleRate = 44100;
    std::vector<int16_t> samples; // interleaved stereo
    size_t frames() const { return samples.size() / 2; }
    double seconds() const { return double(frames()) / sampleRate; }
};

// The SoundFont used when none is chosen: $RWKV_SOUNDFONT, else Debian's fluid-soundfont-gm
// (/usr/share/sounds/sf2/FluidR3_GM.sf2), else /usr/share/sounds/sf2/default-GM.sf2; empty when
// none exists.
std::string defaultSoundFont();

// Renders `file`. Throws rwkv::Error(Io) when the SoundFont is missing or FluidSynth cannot load it,
// Error(ResourceLimit) for a piece longer than 60 minutes.
Audio renderMidi(const MidiFile& file, const RenderOptions& options = {});

// Writes 16-bit stereo PCM WAV. Throws rwkv::Error(Io) when the file cannot be written.
void writeWav(const Audio& audio, const std::string& path);

// Root-mean-square level of the samples in 0..1 (used by tests and the "silent output" check).
double rms(const Audio& audio);

} // namespace rwkv::music
