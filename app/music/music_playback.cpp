#include "app/music/music_playback.h"

#include "app/music/render/midi_player.h"
#include "core/error.h"

MusicPlayback::MusicPlayback(QObject* parent) : QObject(parent)
{
    timer_.setInterval(30);
    connect(&timer_, &QTimer::timeout, this, &MusicPlayback::poll);
}

MusicPlayback::~MusicPlayback() = default;

void MusicPlayback::setSoundFont(const QString& path)
{
    if (path == soundFont_)
        return;
    stop();
    player_.reset();
    soundFont_ = path;
}

QString MusicPlayback::soundFont() const
{
    return player_ ? QString::fromStdString(player_->soundFont()) : soundFont_;
}

bool MusicPlayback::play(const rwkv::music::MidiFile& file, double startMs, bool loop, double tempoScale)
{
    try {
        if (!player_)
            player_ = std::make_unique<rwkv::music::MidiPlayer>(soundFont_.toStdString());
        player_->play(file, startMs, loop, tempoScale);
    } catch (const rwkv::Error& e) {
        emit error(QString::fromStdString(e.what()));
        return false;
    }
    timer_.start();
    return true;
}

void MusicPlayback::stop()
{
    if (player_)
        player_->stop();
    if (timer_.isActive()) {
        timer_.stop();
        emit stopped();
    }
}

bool MusicPlayback::isPlaying() const
{
    return player_ && player_->isPlaying();
}

double MusicPlayback::positionMs() const
{
    return player_ ? player_->positionMs() : 0.0;
}

void MusicPlayback::poll()
{
    if (!isPlaying()) {
        timer_.stop();
        emit stopped();
        return;
    }
    emit positionChanged(positionMs());
}
