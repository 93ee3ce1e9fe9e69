#include "app/music/render/midi_player.h"

#include "core/error.h"
#include "app/music/render/fluid_session.h"
#include "app/music/render/midi_renderer.h"

#include <fluidsynth.h>

#include <algorithm>
#include <cmath>

namespace rwkv::music {

struct MidiPlayer::Impl {
    std::unique_ptr<FluidSession> session;
    fluid_audio_driver_t* driver = nullptr;
    fluid_player_t* player = nullptr;
    // tick -> ms of the file being played, for the playhead
    MidiFile file;
    std::vector<std::pair<uint64_t, double>> tickMs;

    void dropPlayer()
    {
        if (player) {
            fluid_player_stop(player);
            fluid_player_join(player);
            delete_fluid_player(player);
            player = nullptr;
        }
        if (session)
            fluid_synth_all_notes_off(session->synth(), -1);
    }
};

MidiPlayer::MidiPlayer(const std::string& soundFont) : impl_(std::make_unique<Impl>())
{
    soundFont_ = soundFont.empty() ? defaultSoundFont() : soundFont;
    impl_->session = std::make_unique<FluidSession>(soundFont_, 44100, 0.5);
    std::string tried, firstCause;
    for (const char* driver : {"pulseaudio", "alsa", "jack", "oss", "sdl2"}) {
        fluid_settings_setstr(impl_->session->settings(), "audio.driver", driver);
        impl_->driver = new_fluid_audio_driver(impl_->session->settings(), impl_->session->synth());
        if (impl_->driver) {
            driverName_ = driver;
            return;
        }
        tried += tried.empty() ? driver : std::string(", ") + driver;
        const std::string cause = takeLastFluidError();
        if (firstCause.empty())
            firstCause = cause;
    }
    throw Error(ErrorCode::Io, "no audio output device is available (tried " + tried +
                                   "): playback is off, but pieces can still be rendered to WAV" +
                                   (firstCause.empty() ? std::string() : " (" + firstCause + ")"));
}

MidiPlayer::~MidiPlayer()
{
    impl_->dropPlayer();
    if (impl_->driver)
        delete_fluid_audio_driver(impl_->driver);
}

void MidiPlayer::play(const MidiFile& file, double startMs, bool loop, double tempoScale)
{
    impl_->dropPlayer();
    impl_->file = file;
    const auto merged = mergeTracks(file);
    const auto times = eventTimesMs(file, merged);
    impl_->tickMs.clear();
    for (size_t i = 0; i < merged.size(); ++i)
        impl_->tickMs.emplace_back(merged[i].tick, times[i]);
    const auto bytes = writeMidiFile(file);
    impl_->player = new_fluid_player(impl_->session->synth());
    if (!impl_->player || fluid_player_add_mem(impl_->player, bytes.data(), bytes.size()) != FLUID_OK)
        throw Error(ErrorCode::Io, "FluidSynth could not load the piece for playback");
    fluid_player_set_loop(impl_->player, loop ? -1 : 1);
    fluid_player_set_tempo(impl_->player, FLUID_PLAYER_TEMPO_INTERNAL, std::clamp(tempoScale, 0.1, 10.0));
    fluid_player_play(impl_->player);
    if (startMs > 0.0) {
        uint64_t tick = 0;
        for (const auto& [t, ms] : impl_->tickMs)
            if (ms <= startMs)
                tick = t;
        fluid_player_seek(impl_->player, int(tick));
    }
}

void MidiPlayer::stop()
{
    impl_->dropPlayer();
}

bool MidiPlayer::isPlaying() const
{
    return impl_->player && fluid_player_get_status(impl_->player) == FLUID_PLAYER_PLAYING;
}

double MidiPlayer::positionMs() const
{
    if (!impl_->player)
        return 0.0;
    const int tick = fluid_player_get_current_tick(impl_->player);
    // Piecewise linear between known events.
    const auto& m = impl_->tickMs;
    if (m.empty() || tick <= 0)
        return 0.0;
    auto it = std::upper_bound(m.begin(), m.end(), uint64_t(tick),
                               [](uint64_t t, const std::pair<uint64_t, double>& p) { return t < p.first; });
    if (it == m.end())
        return m.back().second;
    if (it == m.begin())
        return it->second * double(tick) / double(std::max<uint64_t>(1, it->first));
    const auto prev = std::prev(it);
    const double f = double(uint64_t(tick) - prev->first) / double(std::max<uint64_t>(1, it->first - prev->first));
    return prev->second + f * (it->second - prev->second);
}

} // namespace rwkv::music
