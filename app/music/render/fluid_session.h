// FluidSession owns a FluidSynth settings + synth pair with one SoundFont loaded, and feeds it
// MIDI channel events. Shared by the offline renderer and the live player. Internal to music_render.
#pragma once

#include "app/music/codec/midi_file.h"

#include <string>

typedef struct _fluid_hashtable_t fluid_settings_t;
typedef struct _fluid_synth_t fluid_synth_t;

namespace rwkv::music {

class FluidSession {
public:
    // Throws rwkv::Error(Io) naming the SoundFont when it is missing or not loadable.
    FluidSession(const std::string& soundFont, int sampleRate, double gain);
    ~FluidSession();
    FluidSession(const FluidSession&) = delete;
    FluidSession& operator=(const FluidSession&) = delete;

    fluid_settings_t* settings() { return settings_; }
    fluid_synth_t* synth() { return synth_; }

    // Applies one channel event (note on/off, CC, program, pitch bend, pressure).
    void apply(const MidiEvent& e);

private:
    fluid_settings_t* settings_ = nullptr;
    fluid_synth_t* synth_ = nullptr;
};

// FluidSynth's most recent error message on this thread (then forgotten); empty when none.
std::string takeLastFluidError();

} // namespace rwkv::music
