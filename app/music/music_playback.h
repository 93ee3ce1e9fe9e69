// MusicPlayback is the GUI's live player: it opens FluidSynth's audio output on first use, plays a
// MidiFile with loop / start position / tempo stretch, and reports the playhead every 30 ms while
// playing. Machines without a sound card get a clear error() sentence once and playback stays off;
// nothing else in the app depends on it. GUI thread only.
#pragma once

#include "app/music/codec/midi_file.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace rwkv::music {
class MidiPlayer;
}

class MusicPlayback : public QObject {
    Q_OBJECT
public:
    explicit MusicPlayback(QObject* parent = nullptr);
    ~MusicPlayback() override;

    // The SoundFont for the next play(); empty picks the default (fluid-soundfont-gm). Changing it
    // reopens the synthesizer.
    void setSoundFont(const QString& path);
    QString soundFont() const;

    // Starts playing `file` from `startMs`. Returns false and emits error() when the audio output
    // or the SoundFont cannot be opened.
    bool play(const rwkv::music::MidiFile& file, double startMs = 0.0, bool loop = false, double tempoScale = 1.0);
    void stop();
    bool isPlaying() const;
    double positionMs() const;

signals:
    void positionChanged(double ms);
    void stopped();
    void error(const QString& sentence);

private:
    void poll();

    std::unique_ptr<rwkv::music::MidiPlayer> player_;
    QString soundFont_;
    QTimer timer_;
};
