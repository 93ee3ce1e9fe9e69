#include "app/music/codec/midi_file.h"

#include "core/error.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace rwkv::music {

namespace {

// A .mid is small; anything past this is not a song we should try to hold in memory.
constexpr size_t kMaxFileBytes = 256u << 20;

class Reader {
public:
    Reader(std::span<const uint8_t> bytes, const std::string& name) : bytes_(bytes), name_(name) {}

    size_t pos() const { return pos_; }
    size_t left() const { return bytes_.size() - pos_; }
    bool atEnd() const { return pos_ >= bytes_.size(); }

    uint8_t u8(const char* what)
    {
        need(1, what);
        return bytes_[pos_++];
    }
    uint32_t u16(const char* what)
    {
        need(2, what);
        const uint32_t v = uint32_t(bytes_[pos_]) << 8 | bytes_[pos_ + 1];
        pos_ += 2;
        return v;
    }
    uint32_t u32(const char* what)
    {
        need(4, what);
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v = v << 8 | bytes_[pos_ + size_t(i)];
        pos_ += 4;
        return v;
    }
    // Variable-length quantity: at most 4 bytes (SMF limit 0x0FFFFFFF).
    uint32_t varLen(const char* what)
    {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const uint8_t b = u8(what);
            v = v << 7 | (b & 0x7F);
            if (!(b & 0x80))
                return v;
        }
        throw Error(ErrorCode::Corrupt, name_ + ": a variable-length number in " + what + " is longer than 4 bytes");
    }
    std::span<const uint8_t> take(size_t n, const char* what)
    {
        need(n, what);
        auto s = bytes_.subspan(pos_, n);
        pos_ += n;
        return s;
    }
    void need(size_t n, const char* what) const
    {
        if (left() < n)
            throw Error(ErrorCode::Truncated, name_ + " ends inside " + what + " (at byte " + std::to_string(pos_) +
                                                  " of " + std::to_string(bytes_.size()) + "): the file is incomplete");
    }

private:
    std::span<const uint8_t> bytes_;
    const std::string& name_;
    size_t pos_ = 0;
};

// Data bytes after a status byte of a channel message.
int channelDataBytes(uint8_t status)
{
    const int type = status & 0xF0;
    return (type == 0xC0 || type == 0xD0) ? 1 : 2;
}

// Data bytes after a system common / real-time status (0xF1..0xFE, not 0xF7/0xFF).
int systemDataBytes(uint8_t status)
{
    switch (status) {
    case 0xF1:
    case 0xF3:
        return 1;
    case 0xF2:
        return 2;
    default:
        return 0;
    }
}

MidiTrack readTrack(std::span<const uint8_t> chunk, const std::string& name, int index)
{
    const std::string where = "track " + std::to_string(index);
    const std::string trackName = name + " (" + where + ")";
    Reader r(chunk, trackName);
    MidiTrack track;
    uint64_t tick = 0;
    uint8_t running = 0;
    while (!r.atEnd()) {
        tick += r.varLen("an event time");
        uint8_t status = r.u8("an event");
        MidiEvent e;
        e.tick = tick;
        if (status == 0xFF) {
            e.kind = MidiEvent::Kind::Meta;
            e.status = 0xFF;
            e.data1 = r.u8("a meta event");
            const uint32_t len = r.varLen("a meta event");
            auto data = r.take(len, "a meta event");
            e.payload.assign(data.begin(), data.end());
            if (e.data1 == kMetaEndOfTrack)
                break; // bytes after end-of-track are ignored, as most players do
            track.events.push_back(std::move(e));
            continue;
        }
        if (status == 0xF0 || status == 0xF7) {
            e.kind = MidiEvent::Kind::SysEx;
            e.status = status;
            const uint32_t len = r.varLen("a sysex event");
            auto data = r.take(len, "a sysex event");
            e.payload.assign(data.begin(), data.end());
            track.events.push_back(std::move(e));
            continue;
        }
        if (status > 0xF0) { // system common / real-time inside a file: skipped
            r.take(size_t(systemDataBytes(status)), "a system message");
            continue;
        }
        std::array<uint8_t, 2> data{};
        int have = 0;
        if (status < 0x80) {
            if (!running) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", status);
                throw Error(ErrorCode::Corrupt, trackName + ": data byte " + hex + " at byte " + std::to_string(r.pos() - 1) +
                                                    " has no status byte before it (running status without a status)");
            }
            data[0] = status;
            have = 1;
            status = running;
        }
        running = status;
        const int n = channelDataBytes(status);
        for (int i = have; i < n; ++i) {
            data[size_t(i)] = r.u8("a channel message");
            if (data[size_t(i)] & 0x80)
                throw Error(ErrorCode::Corrupt, trackName + ": a channel message at byte " + std::to_string(r.pos() - 1) +
                                                    " has a data byte above 127");
        }
        e.kind = MidiEvent::Kind::Channel;
        e.status = status;
        e.data1 = data[0];
        e.data2 = n == 2 ? data[1] : 0;
        track.events.push_back(std::move(e));
    }
    return track;
}

void putVarLen(std::vector<uint8_t>& out, uint64_t value)
{
    value = std::min<uint64_t>(value, 0x0FFFFFFF);
    uint8_t buf[4];
    int n = 0;
    buf[n++] = uint8_t(value & 0x7F);
    while (value >>= 7)
        buf[n++] = uint8_t((value & 0x7F) | 0x80);
    while (n)
        out.push_back(buf[--n]);
}

void putU32(std::vector<uint8_t>& out, uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8)
        out.push_back(uint8_t(v >> s));
}

void putU16(std::vector<uint8_t>& out, uint32_t v)
{
    out.push_back(uint8_t(v >> 8));
    out.push_back(uint8_t(v));
}

} // namespace

MidiEvent MidiEvent::channelMessage(uint64_t tick, int type, int channel, int d1, int d2)
{
    MidiEvent e;
    e.tick = tick;
    e.kind = Kind::Channel;
    e.status = uint8_t((type & 0xF0) | (channel & 0x0F));
    e.data1 = uint8_t(d1 & 0x7F);
    e.data2 = uint8_t(d2 & 0x7F);
    return e;
}

MidiEvent MidiEvent::meta(uint64_t tick, uint8_t metaType, std::vector<uint8_t> bytes)
{
    MidiEvent e;
    e.tick = tick;
    e.kind = Kind::Meta;
    e.status = 0xFF;
    e.data1 = metaType;
    e.payload = std::move(bytes);
    return e;
}

MidiEvent MidiEvent::tempo(uint64_t tick, uint32_t us)
{
    return meta(tick, kMetaTempo, {uint8_t(us >> 16), uint8_t(us >> 8), uint8_t(us)});
}

MidiFile readMidiFile(std::span<const uint8_t> bytes, const std::string& name)
{
    if (bytes.size() > kMaxFileBytes)
        throw Error(ErrorCode::ResourceLimit, name + " is " + std::to_string(bytes.size() >> 20) +
                                                  " MB, too large for a MIDI file");
    Reader r(bytes, name);
    if (bytes.size() < 4 || !std::equal(bytes.begin(), bytes.begin() + 4, "MThd"))
        throw Error(ErrorCode::Unsupported, name + " is not a Standard MIDI File (it does not start with \"MThd\")");
    r.take(4, "the header");
    const uint32_t headerLength = r.u32("the header");
    if (headerLength < 6)
        throw Error(ErrorCode::Corrupt, name + ": the header chunk claims " + std::to_string(headerLength) +
                                            " bytes, fewer than the 6 it must hold");
    auto header = r.take(headerLength, "the header");
    MidiFile file;
    file.format = header[0] << 8 | header[1];
    const int trackCount = header[2] << 8 | header[3];
    const int division = header[4] << 8 | header[5];
    if (file.format > 2)
        throw Error(ErrorCode::Unsupported, name + " has MIDI format " + std::to_string(file.format) +
                                                ": only formats 0, 1 and 2 exist");
    if (division & 0x8000) {
        file.smpteFramesPerSecond = -int8_t(division >> 8);
        file.smpteTicksPerFrame = division & 0xFF;
        file.ticksPerQuarter = -1;
        if (file.smpteFramesPerSecond <= 0 || file.smpteTicksPerFrame == 0)
            throw Error(ErrorCode::Corrupt, name + " has an invalid SMPTE time division");
    } else {
        file.ticksPerQuarter = division;
        if (division == 0)
            throw Error(ErrorCode::Corrupt, name + " says 0 ticks per quarter note, which gives no timing");
    }
    // Each track needs at least an 8-byte chunk header, so the count is checked against the size
    // before anything is allocated.
    if (size_t(trackCount) * 8 > r.left())
        throw Error(ErrorCode::Truncated, name + " promises " + std::to_string(trackCount) + " tracks but holds only " +
                                              std::to_string(r.left()) + " bytes after its header");
    file.tracks.reserve(size_t(trackCount));
    while (int(file.tracks.size()) < trackCount) {
        if (r.left() < 8)
            throw Error(ErrorCode::Truncated, name + " ends after " + std::to_string(file.tracks.size()) + " of its " +
                                                  std::to_string(trackCount) + " tracks: the file is incomplete");
        auto id = r.take(4, "a chunk header");
        const uint32_t length = r.u32("a chunk header");
        if (length > r.left())
            throw Error(ErrorCode::Truncated, name + ": chunk " + std::to_string(file.tracks.size() + 1) + " claims " +
                                                  std::to_string(length) + " bytes but only " + std::to_string(r.left()) +
                                                  " remain: the file is truncated or its chunk length is wrong");
        auto body = r.take(length, "a chunk");
        if (!std::equal(id.begin(), id.end(), "MTrk"))
            continue; // alien chunk: the SMF spec says to skip it
        file.tracks.push_back(readTrack(body, name, int(file.tracks.size()) + 1));
    }
    return file;
}

MidiFile readMidiFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open " + path);
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0)
        throw Error(ErrorCode::Io, "cannot read " + path);
    if (size_t(size) > kMaxFileBytes)
        throw Error(ErrorCode::ResourceLimit, path + " is " + std::to_string(size_t(size) >> 20) +
                                                  " MB, too large for a MIDI file");
    in.seekg(0);
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw Error(ErrorCode::Io, "cannot read " + path);
    return readMidiFile(bytes, path);
}

std::vector<uint8_t> writeMidiFile(const MidiFile& file)
{
    std::vector<uint8_t> out = {'M', 'T', 'h', 'd'};
    putU32(out, 6);
    putU16(out, uint32_t(file.format));
    putU16(out, uint32_t(file.tracks.size()));
    if (file.ticksPerQuarter > 0)
        putU16(out, uint32_t(file.ticksPerQuarter));
    else
        putU16(out, uint32_t(uint8_t(-file.smpteFramesPerSecond)) << 8 | uint32_t(file.smpteTicksPerFrame));
    for (const MidiTrack& track : file.tracks) {
        std::vector<uint8_t> body;
        uint64_t last = 0;
        for (const MidiEvent& e : track.events) {
            if (e.kind == MidiEvent::Kind::Meta && e.data1 == kMetaEndOfTrack)
                continue;
            putVarLen(body, e.tick >= last ? e.tick - last : 0);
            last = std::max(last, e.tick);
            switch (e.kind) {
            case MidiEvent::Kind::Channel:
                body.push_back(e.status);
                body.push_back(e.data1);
                if (channelDataBytes(e.status) == 2)
                    body.push_back(e.data2);
                break;
            case MidiEvent::Kind::Meta:
                body.push_back(0xFF);
                body.push_back(e.data1);
                putVarLen(body, e.payload.size());
                body.insert(body.end(), e.payload.begin(), e.payload.end());
                break;
            case MidiEvent::Kind::SysEx:
                body.push_back(e.status);
                putVarLen(body, e.payload.size());
                body.insert(body.end(), e.payload.begin(), e.payload.end());
                break;
            }
        }
        // The end-of-track event keeps the time of a trailing end-of-track in the input, so a
        // decoded piece keeps its final pause.
        uint64_t endTick = last;
        for (const MidiEvent& e : track.events)
            if (e.kind == MidiEvent::Kind::Meta && e.data1 == kMetaEndOfTrack)
                endTick = std::max(endTick, e.tick);
        putVarLen(body, endTick - last);
        body.insert(body.end(), {0xFF, kMetaEndOfTrack, 0x00});
        out.insert(out.end(), {'M', 'T', 'r', 'k'});
        putU32(out, uint32_t(body.size()));
        out.insert(out.end(), body.begin(), body.end());
    }
    return out;
}

void saveMidiFile(const MidiFile& file, const std::string& path)
{
    const auto bytes = writeMidiFile(file);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())))
        throw Error(ErrorCode::Io, "cannot write " + path);
}

std::vector<MidiEvent> mergeTracks(const MidiFile& file)
{
    std::vector<MidiEvent> merged;
    for (const MidiTrack& t : file.tracks)
        for (const MidiEvent& e : t.events)
            if (!(e.kind == MidiEvent::Kind::Meta && e.data1 == kMetaEndOfTrack))
                merged.push_back(e);
    std::stable_sort(merged.begin(), merged.end(), [](const MidiEvent& a, const MidiEvent& b) { return a.tick < b.tick; });
    return merged;
}

std::vector<double> eventTimesMs(const MidiFile& file, const std::vector<MidiEvent>& merged)
{
    std::vector<double> times;
    times.reserve(merged.size());
    double ms = 0.0;
    double tempo = 500000.0; // microseconds per quarter until the first set_tempo
    uint64_t lastTick = 0;
    for (const MidiEvent& e : merged) {
        const double delta = double(e.tick - lastTick);
        lastTick = e.tick;
        if (file.ticksPerQuarter > 0)
            ms += delta * tempo / 1000.0 / file.ticksPerQuarter;
        else
            ms += delta * 1000.0 / (double(file.smpteFramesPerSecond) * file.smpteTicksPerFrame);
        times.push_back(ms);
        if (e.kind == MidiEvent::Kind::Meta && e.data1 == kMetaTempo && e.payload.size() == 3) {
            const uint32_t t = uint32_t(e.payload[0]) << 16 | uint32_t(e.payload[1]) << 8 | e.payload[2];
            if (t > 0)
                tempo = t;
        }
    }
    return times;
}

double durationMs(const MidiFile& file)
{
    std::vector<MidiEvent> merged = mergeTracks(file);
    uint64_t end = merged.empty() ? 0 : merged.back().tick;
    for (const MidiTrack& t : file.tracks)
        for (const MidiEvent& e : t.events)
            end = std::max(end, e.tick);
    merged.push_back(MidiEvent::meta(end, kMetaText, {}));
    return eventTimesMs(file, merged).back();
}

} // namespace rwkv::music
