// Standard MIDI File reader/writer: round trips, running status, skipped chunks and events, tempo
// maps, and clear errors for malformed files.
#include "app/music/codec/midi_file.h"
#include "core/error.h"
#include "fixtures.h"

#include <QFile>
#include <QtTest>

using namespace rwkv::music;

namespace {

std::vector<uint8_t> bytesOf(std::initializer_list<int> values)
{
    std::vector<uint8_t> out;
    for (int v : values)
        out.push_back(uint8_t(v));
    return out;
}

std::vector<uint8_t> header(int format, int tracks, int division)
{
    return bytesOf({'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, format, tracks >> 8, tracks & 0xFF, division >> 8, division & 0xFF});
}

void appendTrack(std::vector<uint8_t>& file, const std::vector<uint8_t>& body)
{
    const size_t n = body.size();
    file.insert(file.end(), {'M', 'T', 'r', 'k', uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)});
    file.insert(file.end(), body.begin(), body.end());
}

std::vector<uint8_t> readFixture(const QString& name)
{
    QFile f(rwkvtest::fixture(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray data = f.readAll();
    return {data.begin(), data.end()};
}

// Runs `parse` and returns the rwkv::Error it throws (fails the test if it does not throw).
template <typename F>
std::optional<rwkv::Error> errorOf(F parse)
{
    try {
        parse();
    } catch (const rwkv::Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

class MidiFileTest : public QObject {
    Q_OBJECT
private slots:
    void writtenFileReadsBackIdentically()
    {
        MidiFile f;
        f.format = 1;
        f.ticksPerQuarter = 96;
        f.tracks.resize(2);
        f.tracks[0].events = {MidiEvent::tempo(0, 400000), MidiEvent::meta(10, kMetaText, {'h', 'i'})};
        f.tracks[1].events = {MidiEvent::channelMessage(0, 0xC0, 3, 40), MidiEvent::channelMessage(5, 0x90, 3, 60, 100),
                              MidiEvent::channelMessage(200000, 0x80, 3, 60, 64)};
        const MidiFile back = readMidiFile(writeMidiFile(f));
        QCOMPARE(back.format, 1);
        QCOMPARE(back.ticksPerQuarter, 96);
        QCOMPARE(back.tracks.size(), size_t(2));
        QCOMPARE(back.tracks[1].events.size(), size_t(3));
        QCOMPARE(back.tracks[1].events[2].tick, uint64_t(200000));
        QCOMPARE(back.tracks[1].events[1].data2, uint8_t(100));
        QCOMPARE(back.tracks[0].events[1].payload, (std::vector<uint8_t>{'h', 'i'}));
    }

    void runningStatusSysexAndAlienChunksAreHandled()
    {
        auto file = header(0, 1, 480);
        // An alien chunk before the track must be skipped.
        file.insert(file.end(), {'X', 'Y', 'Z', 'W', 0, 0, 0, 2, 1, 2});
        appendTrack(file, bytesOf({0x00, 0x90, 60, 100,              // note on
                                   0x10, 62, 90,                      // running status: another note on
                                   0x00, 0xF0, 0x03, 0x7E, 0x01, 0xF7, // sysex
                                   0x00, 0xFF, 0x7F, 0x02, 0xAA, 0xBB, // sequencer-specific meta
                                   0x20, 0x80, 60, 0,                 // note off
                                   0x00, 0xFF, 0x2F, 0x00}));
        const MidiFile f = readMidiFile(file);
        QCOMPARE(f.tracks.size(), size_t(1));
        const auto& ev = f.tracks[0].events;
        QCOMPARE(ev.size(), size_t(5));
        QCOMPARE(ev[1].status, uint8_t(0x90));
        QCOMPARE(ev[1].data1, uint8_t(62));
        QCOMPARE(ev[1].tick, uint64_t(0x10));
        QCOMPARE(ev[2].kind, MidiEvent::Kind::SysEx);
        QCOMPARE(ev[4].tick, uint64_t(0x30));
    }

    void tempoMapChangesEventTimes()
    {
        MidiFile f;
        f.ticksPerQuarter = 100;
        f.tracks.resize(2);
        f.tracks[0].events = {MidiEvent::tempo(100, 1000000)}; // after one beat at 120 BPM: 60 BPM
        f.tracks[1].events = {MidiEvent::channelMessage(100, 0x90, 0, 60, 1), MidiEvent::channelMessage(200, 0x80, 0, 60)};
        const auto merged = mergeTracks(f);
        const auto ms = eventTimesMs(f, merged);
        QCOMPARE(merged.size(), size_t(3));
        QCOMPARE(merged[0].kind, MidiEvent::Kind::Meta); // ties keep track order
        QCOMPARE(ms[1], 500.0);
        QCOMPARE(ms[2], 1500.0);
        QCOMPARE(durationMs(f), 1500.0);
    }

    void truncatedFileIsRejectedWithSize()
    {
        RWKV_REQUIRE_FIXTURE("midi/sample3-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        auto bytes = readFixture("midi/sample3-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        bytes.resize(200);
        const auto e = errorOf([&] { readMidiFile(bytes, "song.mid"); });
        QVERIFY(e);
        QCOMPARE(e->code(), rwkv::ErrorCode::Truncated);
        QVERIFY2(std::string(e->what()).find("song.mid") != std::string::npos, e->what());
        QVERIFY2(std::string(e->what()).find("remain") != std::string::npos, e->what());
    }

    void everyTruncationIsAnErrorNeverACrash()
    {
        RWKV_REQUIRE_FIXTURE("midi/sample2-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        const auto bytes = readFixture("midi/sample2-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        int errors = 0;
        for (size_t n = 0; n < bytes.size(); n += 7) {
            std::span<const uint8_t> part(bytes.data(), n);
            errors += errorOf([&] { readMidiFile(part); }).has_value();
        }
        QCOMPARE(errors, int((bytes.size() + 6) / 7));
        QCOMPARE(readMidiFile(bytes).tracks.size(), size_t(1));
    }

    void badChunkLengthIsRejected()
    {
        auto file = header(1, 1, 480);
        appendTrack(file, bytesOf({0x00, 0x90, 60, 100, 0x00, 0xFF, 0x2F, 0x00}));
        file[14 + 4 + 2] = 0xF0; // the track length (bytes 18..21) now points far beyond the file
        const auto e = errorOf([&] { readMidiFile(file); });
        QVERIFY(e);
        QCOMPARE(e->code(), rwkv::ErrorCode::Truncated);
    }

    void absurdTrackCountIsRejectedBeforeAllocating()
    {
        auto file = header(1, 65535, 480);
        appendTrack(file, bytesOf({0x00, 0xFF, 0x2F, 0x00}));
        const auto e = errorOf([&] { readMidiFile(file, "many.mid"); });
        QVERIFY(e);
        QVERIFY2(std::string(e->what()).find("65535 tracks") != std::string::npos, e->what());
    }

    void malformedContentIsCorrupt()
    {
        const auto notMidi = errorOf([] { readMidiFile(bytesOf({'R', 'I', 'F', 'F', 0, 0, 0, 0})); });
        QVERIFY(notMidi);
        QCOMPARE(notMidi->code(), rwkv::ErrorCode::Unsupported);

        auto noStatus = header(0, 1, 480);
        appendTrack(noStatus, bytesOf({0x00, 60, 100}));
        QCOMPARE(errorOf([&] { readMidiFile(noStatus); })->code(), rwkv::ErrorCode::Corrupt);

        auto longVarLen = header(0, 1, 480);
        appendTrack(longVarLen, bytesOf({0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100}));
        QCOMPARE(errorOf([&] { readMidiFile(longVarLen); })->code(), rwkv::ErrorCode::Corrupt);

        auto zeroDivision = header(0, 0, 0);
        QCOMPARE(errorOf([&] { readMidiFile(zeroDivision); })->code(), rwkv::ErrorCode::Corrupt);

        auto badFormat = header(7, 0, 480);
        QCOMPARE(errorOf([&] { readMidiFile(badFormat); })->code(), rwkv::ErrorCode::Unsupported);
    }

    void missingFileIsAnIoError()
    {
        const auto e = errorOf([] { readMidiFile(std::string("/nonexistent/x.mid")); });
        QVERIFY(e);
        QCOMPARE(e->code(), rwkv::ErrorCode::Io);
    }
};

QTEST_GUILESS_MAIN(MidiFileTest)
#include "tst_midi_file.moc"
