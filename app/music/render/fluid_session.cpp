#include "app/music/render/fluid_session.h"

#include "core/error.h"

#include <fluidsynth.h>

#include <filesystem>
#include <mutex>
#include <string>

namespace rwkv::music {

namespace {

thread_local std::string lastFluidError;

void keepFluidError(int, const char* message, void*)
{
    lastFluidError = message ? message : "";
}

// FluidSynth prints everything to stderr by default; we report failures ourselves, with
// FluidSynth's own last error sentence as the cause.
void quietFluidLogs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        for (int level : {FLUID_WARN, FLUID_INFO, FLUID_DBG})
            fluid_set_log_function(level, nullptr, nullptr);
        fluid_set_log_function(FLUID_ERR, keepFluidError, nullptr);
        fluid_set_log_function(FLUID_PANIC, keepFluidError, nullptr);
    });
}

} // namespace

std::string takeLastFluidError()
{
    std::string e = std::move(lastFluidError);
    lastFluidError.clear();
    return e;
}

FluidSession::FluidSession(const std::string& soundFont, int sampleRate, double gain)
{
    quietFluidLogs();
    if (soundFont.empty())
        throw Error(ErrorCode::Io, "no SoundFont found: install fluid-soundfont-gm or choose a .sf2 file");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(soundFont, ec))
        throw Error(ErrorCode::Io, "SoundFont " + soundFont + " does not exist");
    settings_ = new_fluid_settings();
    fluid_settings_setnum(settings_, "synth.sample-rate", double(sampleRate));
    fluid_settings_setnum(settings_, "synth.gain", gain);
    synth_ = new_fluid_synth(settings_);
    if (!synth_) {
        delete_fluid_settings(settings_);
        throw Error(ErrorCode::Io, "FluidSynth could not create a synthesizer");
    }
    if (fluid_synth_sfload(synth_, soundFont.c_str(), 1) == FLUID_FAILED) {
        delete_fluid_synth(synth_);
        delete_fluid_settings(settings_);
        throw Error(ErrorCode::Io, "SoundFont " + soundFont + " could not be loaded: it is not a valid .sf2 file");
    }
}

FluidSession::~FluidSession()
{
    delete_fluid_synth(synth_);
    delete_fluid_settings(settings_);
}

void FluidSession::apply(const MidiEvent& e)
{
    if (e.kind != MidiEvent::Kind::Channel)
        return;
    const int c = e.channel();
    switch (e.type()) {
    case 0x80:
        fluid_synth_noteoff(synth_, c, e.data1);
        break;
    case 0x90:
        if (e.data2 == 0)
            fluid_synth_noteoff(synth_, c, e.data1);
        else
            fluid_synth_noteon(synth_, c, e.data1, e.data2);
        break;
    case 0xA0:
        fluid_synth_key_pressure(synth_, c, e.data1, e.data2);
        break;
    case 0xB0:
        fluid_synth_cc(synth_, c, e.data1, e.data2);
        break;
    case 0xC0:
        fluid_synth_program_change(synth_, c, e.data1);
        break;
    case 0xD0:
        fluid_synth_channel_pressure(synth_, c, e.data1);
        break;
    case 0xE0:
        fluid_synth_pitch_bend(synth_, c, e.data2 << 7 | e.data1);
        break;
    default:
        break;
    }
}

} // namespace rwkv::music
