// MidiPlayer plays a MidiFile live through FluidSynth's own audio driver (PulseAudio, ALSA, ...).
// It owns the synth, the driver and FluidSynth's file player; all methods are called from one
// thread (the GUI thread), FluidSynth plays on its own audio thread. No Qt.
#pragma once

#include "app/music/codec/midi_file.h"

#include <memory>
#include <string>

namespace rwkv::music {

class MidiPlayer {
public:
    // Opens the SoundFont and the system's audio output. Throws rwkv::Error(Io) with a clear
    // sentence when the SoundFont cannot be loaded or when no audio device is available
    // ("no audio output device is available (tried pulseaudio, alsa): ...").
    explicit MidiPlayer(const std::string& soundFont = {});
    ~MidiPlayer();

    // Starts playing `file` from `startMs`; `loop` repeats it until stop(). `tempoScale` 1.0 plays
    // at the written tempo, 2.0 twice as fast. Replaces whatever was playing.
    void play(const MidiFile& file, double startMs = 0.0, bool loop = false, double tempoScale = 1.0);
    void stop();
    bool isPlaying() const;
    // Position of the playhead in the file's milliseconds (tempo map honoured).
    double positionMs() const;

    const std::string& soundFont() const { return soundFont_; }
    const std::string& audioDriver() const { return driverName_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string soundFont_;
    std::string driverName_;
};

} // namespace rwkv::music
