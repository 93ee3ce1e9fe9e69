// Offline FluidSynth rendering of decoded pieces, WAV output, and the rwkv-cli midi commands.
#include "app/music/codec/midi_decoder.h"
#include "app/music/codec/midi_file.h"
#include "app/music/render/midi_player.h"
#include "app/music/render/midi_renderer.h"
#include "core/error.h"
#include "fixtures.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace rwkv::music;

class MidiRenderTest : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        if (defaultSoundFont().empty())
            QSKIP("no SoundFont installed (apt-get install fluid-soundfont-gm)");
    }

    void decodedPieceRendersAudibleAudioOfTheRightLength()
    {
        // 2 s of chords, then <end>: 3 s pause before the releases.
        const MidiFile f = decodeTokens("<start> pi:3c:a pi:40:a pi:43:a t125 b:30:9 t125 pi:3c:0 pi:40:0 pi:43:0 <end>");
        const double fileMs = durationMs(f);
        QVERIFY(std::abs(fileMs - 5000.0) < 2.0);
        RenderOptions options;
        options.tailMs = 500.0;
        const Audio audio = renderMidi(f, options);
        QCOMPARE(audio.sampleRate, 44100);
        QVERIFY(std::abs(audio.seconds() - 5.5) < 0.01);
        QVERIFY2(rms(audio) > 0.01, qPrintable(QString::number(rms(audio))));

        Audio lastSecond = audio; // the notes were released 3.5 s earlier: the tail is near silent
        lastSecond.samples.erase(lastSecond.samples.begin(), lastSecond.samples.end() - 44100);
        QVERIFY(rms(lastSecond) < rms(audio) / 4);
    }

    void emptyPieceRendersSilence()
    {
        const Audio audio = renderMidi(decodeTokens("<start>"), {});
        QVERIFY(audio.seconds() >= 0.99 && audio.seconds() < 1.01);
        QCOMPARE(rms(audio), 0.0);
    }

    void missingSoundFontIsAClearError()
    {
        RenderOptions options;
        options.soundFont = "/nonexistent/piano.sf2";
        try {
            renderMidi(decodeTokens("pi:3c:a"), options);
            QFAIL("expected an error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Io);
            QVERIFY2(std::string(e.what()).find("/nonexistent/piano.sf2") != std::string::npos, e.what());
        }
    }

    void absurdlyLongPieceIsRefusedBeforeAllocating()
    {
        MidiFile f;
        f.ticksPerQuarter = 1;
        f.tracks.resize(1);
        f.tracks[0].events = {MidiEvent::tempo(0, 0xFFFFFF), MidiEvent::channelMessage(0x0FFFFFFF, 0x90, 0, 60, 100)};
        try {
            renderMidi(f);
            QFAIL("expected an error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::ResourceLimit);
        }
    }

    void livePlayerPlaysOrExplainsWhyNot()
    {
        try {
            MidiPlayer player;
            player.play(decodeTokens("pi:3c:a t125 pi:3c:0"));
            QVERIFY(player.isPlaying());
            player.stop();
            QVERIFY(!player.isPlaying());
        } catch (const rwkv::Error& e) {
            qInfo("no live playback here: %s", e.what());
            QCOMPARE(e.code(), rwkv::ErrorCode::Io);
            QVERIFY2(std::string(e.what()).find("no audio output device") != std::string::npos, e.what());
        }
    }

    void wavFileHasPcmHeaderAndAllSamples()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.wav");
        Audio audio;
        audio.samples = {1, -1, 2, -2, 3, -3};
        writeWav(audio, path.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QCOMPARE(data.size(), 44 + 12);
        QVERIFY(data.startsWith("RIFF"));
        QCOMPARE(data.mid(8, 8), QByteArray("WAVEfmt "));
        QCOMPARE(data.mid(36, 4), QByteArray("data"));
    }

    void cliEncodesDecodesAndRenders()
    {
        RWKV_REQUIRE_FIXTURE("midi/sample3-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        const QString cli = rwkvtest::binDir() + "/rwkv-cli";
        if (!QFileInfo::exists(cli))
            QSKIP("rwkv-cli is not built");
        QTemporaryDir dir;
        QProcess encode;
        encode.start(cli, {"midi", "encode", rwkvtest::fixture("midi/sample3-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid")});
        QVERIFY(encode.waitForFinished(60000));
        QCOMPARE(encode.exitCode(), 0);
        const QByteArray tokens = encode.readAllStandardOutput();
        QVERIFY(tokens.startsWith("<start> ") && tokens.trimmed().endsWith(" <end>"));

        QProcess decode;
        decode.start(cli, {"midi", "decode", dir.filePath("back.mid")});
        decode.write(tokens);
        decode.closeWriteChannel();
        QVERIFY(decode.waitForFinished(60000));
        QCOMPARE(decode.exitCode(), 0);

        QProcess render;
        render.start(cli, {"midi", "render", dir.filePath("back.mid"), dir.filePath("back.wav"), "--tail-ms", "0"});
        QVERIFY(render.waitForFinished(120000));
        QCOMPARE(render.exitCode(), 0);
        const double seconds = double(QFileInfo(dir.filePath("back.wav")).size() - 44) / (44100 * 4);
        const double expected = durationMs(readMidiFile(dir.filePath("back.mid").toStdString())) / 1000.0;
        QVERIFY(std::abs(seconds - expected) < 0.01);

        QProcess bad;
        QFile junk(dir.filePath("junk.mid"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("MThd\0\0\0\6\0\1\0\5\1\340", 14);
        junk.close();
        bad.start(cli, {"midi", "encode", dir.filePath("junk.mid")});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
        QVERIFY(bad.readAllStandardError().contains("junk.mid"));
    }
};

QTEST_GUILESS_MAIN(MidiRenderTest)
#include "tst_midi_render.moc"
