// MidiFile is a Standard MIDI File in memory (types 0, 1 and 2): its header and tracks of events
// with absolute tick times. readMidiFile() parses the bytes of a .mid (running status, sysex,
// meta events, unknown chunks skipped) and throws rwkv::Error with a sentence naming the problem
// for anything malformed; it never reads past the buffer. writeMidiFile() produces the bytes.
// Plain C++20, no Qt: the codec is shared by the app and rwkv-cli.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rwkv::music {

struct MidiEvent {
    enum class Kind : uint8_t { Channel, Meta, SysEx };

    uint64_t tick = 0; // absolute time in ticks from the start of the track
    Kind kind = Kind::Channel;
    uint8_t status = 0;  // Channel: 0x80..0xEF; Meta: 0xFF; SysEx: 0xF0 or 0xF7
    uint8_t data1 = 0;   // Channel: note / controller / program; Meta: the meta type
    uint8_t data2 = 0;   // Channel: velocity / value (0 for one-byte messages)
    std::vector<uint8_t> payload; // Meta and SysEx bytes

    int channel() const { return status & 0x0F; }
    int type() const { return status & 0xF0; } // 0x80 note-off, 0x90 note-on, 0xB0 CC, 0xC0 program...

    static MidiEvent channelMessage(uint64_t tick, int type, int channel, int d1, int d2 = 0);
    static MidiEvent meta(uint64_t tick, uint8_t metaType, std::vector<uint8_t> bytes);
    static MidiEvent tempo(uint64_t tick, uint32_t microsPerQuarter);
};

constexpr uint8_t kMetaText = 0x01;
constexpr uint8_t kMetaEndOfTrack = 0x2F;
constexpr uint8_t kMetaTempo = 0x51;

struct MidiTrack {
    std::vector<MidiEvent> events; // in file order, ticks non-decreasing
};

struct MidiFile {
    int format = 1;
    // Ticks per quarter note when > 0. When negative, SMPTE timing: -frames per second in the high
    // byte's two's complement and ticks per frame in `smpteTicksPerFrame`.
    int ticksPerQuarter = 480;
    int smpteFramesPerSecond = 0; // 24, 25, 29 or 30 when SMPTE timing is used, else 0
    int smpteTicksPerFrame = 0;
    std::vector<MidiTrack> tracks;
};

// Parses `bytes`. `name` is used in error sentences ("song.mid: track 3 ends inside an event").
// Throws rwkv::Error: Truncated when the data ends early, Corrupt for malformed content,
// Unsupported for a non-MIDI file, ResourceLimit for absurd sizes.
MidiFile readMidiFile(std::span<const uint8_t> bytes, const std::string& name = "MIDI file");
// Reads and parses the file at `path`; Error(Io) when it cannot be read.
MidiFile readMidiFile(const std::string& path);

// Serialises `file` (running status is not used; end-of-track is added when missing).
std::vector<uint8_t> writeMidiFile(const MidiFile& file);
// Writes `file` to `path`; Error(Io) on failure.
void saveMidiFile(const MidiFile& file, const std::string& path);

// All tracks merged into one by absolute time, ties kept in track order (mido.merge_tracks), with
// end-of-track events removed.
std::vector<MidiEvent> mergeTracks(const MidiFile& file);

// Converts ticks to milliseconds along the tempo changes found in `merged` (or SMPTE timing).
// Returns the millisecond time of every event of `merged`, same order.
std::vector<double> eventTimesMs(const MidiFile& file, const std::vector<MidiEvent>& merged);

// Length of the file in milliseconds, up to its latest event or end-of-track.
double durationMs(const MidiFile& file);

} // namespace rwkv::music
