#include "app/music/render/midi_renderer.h"

#include "core/error.h"
#include "app/music/render/fluid_session.h"

#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace rwkv::music {

std::string defaultSoundFont()
{
    std::error_code ec;
    if (const char* env = std::getenv("RWKV_SOUNDFONT"); env && *env && std::filesystem::is_regular_file(env, ec))
        return env;
    for (const char* p : {"/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/default-GM.sf2"})
        if (std::filesystem::is_regular_file(p, ec))
            return p;
    return {};
}

Audio renderMidi(const MidiFile& file, const RenderOptions& options)
{
    const std::string soundFont = options.soundFont.empty() ? defaultSoundFont() : options.soundFont;
    FluidSession session(soundFont, options.sampleRate, options.gain);
    const auto events = mergeTracks(file);
    const auto times = eventTimesMs(file, events);
    const double endMs = durationMs(file);
    // A corrupt or hostile file can claim days of silence; the buffer would not fit in memory.
    constexpr double kMaxRenderMs = 60.0 * 60.0 * 1000.0;
    if (endMs > kMaxRenderMs)
        throw Error(ErrorCode::ResourceLimit, "the piece lasts " + std::to_string(int(endMs / 60000.0)) +
                                                  " minutes; rendering is limited to 60 minutes");

    Audio audio;
    audio.sampleRate = options.sampleRate;
    const size_t totalFrames = size_t(std::llround((endMs + std::max(0.0, options.tailMs)) * options.sampleRate / 1000.0));
    audio.samples.resize(totalFrames * 2);
    size_t done = 0;
    std::vector<float> block(4096 * 2);
    // Float output converted here: fluid_synth_write_s16 adds dither noise, and silence should
    // stay exactly silent.
    auto renderUntil = [&](size_t frame) {
        frame = std::min(frame, totalFrames);
        while (done < frame) {
            const int n = int(std::min<size_t>(frame - done, 4096));
            fluid_synth_write_float(session.synth(), n, block.data(), 0, 2, block.data(), 1, 2);
            int16_t* out = audio.samples.data() + done * 2;
            for (int i = 0; i < n * 2; ++i)
                out[i] = int16_t(std::lround(std::clamp(block[size_t(i)], -1.0f, 1.0f) * 32767.0f));
            done += size_t(n);
        }
    };
    for (size_t i = 0; i < events.size(); ++i) {
        renderUntil(size_t(std::llround(times[i] * options.sampleRate / 1000.0)));
        session.apply(events[i]);
    }
    renderUntil(totalFrames);
    return audio;
}

void writeWav(const Audio& audio, const std::string& path)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw Error(ErrorCode::Io, "cannot write " + path);
    auto u32 = [&](uint32_t v) {
        const char b[4] = {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
        out.write(b, 4);
    };
    auto u16 = [&](uint16_t v) {
        const char b[2] = {char(v), char(v >> 8)};
        out.write(b, 2);
    };
    const uint32_t dataBytes = uint32_t(audio.samples.size() * 2);
    out.write("RIFF", 4);
    u32(36 + dataBytes);
    out.write("WAVEfmt ", 8);
    u32(16);
    u16(1); // PCM
    u16(2);
    u32(uint32_t(audio.sampleRate));
    u32(uint32_t(audio.sampleRate) * 4);
    u16(4);
    u16(16);
    out.write("data", 4);
    u32(dataBytes);
    for (int16_t s : audio.samples)
        u16(uint16_t(s));
    if (!out)
        throw Error(ErrorCode::Io, "cannot write " + path + " (disk full?)");
}

double rms(const Audio& audio)
{
    if (audio.samples.empty())
        return 0.0;
    double sum = 0.0;
    for (int16_t s : audio.samples)
        sum += double(s) * s;
    return std::sqrt(sum / double(audio.samples.size())) / 32768.0;
}

} // namespace rwkv::music
