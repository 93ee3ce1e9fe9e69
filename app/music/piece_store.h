// PieceStore keeps composed pieces in SQLite: their text (MIDI tokens or ABC), where the generated
// part starts, and the model state and logits after the text, so reopening a piece and pressing
// Continue does not re-read it. It uses its own table `music_pieces` and can share the app's
// database file. All methods run on the caller's thread; one instance per thread (each opens its
// own Qt SQL connection). Errors return false / nullopt with lastError() set to a sentence.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

struct MusicPiece {
    qint64 id = 0;          // 0 for a piece not saved yet
    QString title;
    QString kind;           // "MIDI", "MIDI piano" or "ABC"
    QString text;           // the whole piece
    int generatedFrom = 0;  // characters of `text` before the generated part
    // The model state after `text` (rwkv::State::serialize) and its logits; empty when unknown.
    quint64 modelFingerprint = 0;
    QByteArray state;
    std::vector<float> logits;
    QDateTime updated;
};

class PieceStore {
public:
    // Opens or creates `path`. On failure isOpen() is false and lastError() says why.
    explicit PieceStore(const QString& path);
    ~PieceStore();
    PieceStore(const PieceStore&) = delete;
    PieceStore& operator=(const PieceStore&) = delete;

    bool isOpen() const { return open_; }
    QString lastError() const { return error_; }

    // Inserts a piece (id 0) or replaces the stored one; returns its id.
    std::optional<qint64> save(const MusicPiece& piece);
    // The piece with `id`, state included; nullopt when missing.
    std::optional<MusicPiece> load(qint64 id);
    // Every piece without state and logits, most recently saved first.
    QList<MusicPiece> list();
    bool remove(qint64 id);

private:
    bool fail(const QString& what, const QString& detail);

    QString connection_;
    bool open_ = false;
    QString error_;
};
