// PieceStore keeps composed pieces in the studio database, in the `pieces` and `piece_states`
// tables the store's schema reserves for music (app/store/schema.cpp, version 2): the text (MIDI
// tokens "<pad> …" or ABC), its kind and where the generated part starts, and the model state
// that lets Continue resume without reading the piece again. The state kept is the one *before*
// the piece's last token (covered_tokens = prompt ids - 1): feeding that token again gives the
// logits, so they need no storage. States are zstd-compressed like the chat's.
//
// Threads: as ConversationStore, one instance per thread (each has its own connection). Every
// write is committed before the call returns. No call throws: Result carries a user sentence.
#pragma once

#include "app/store/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class StoreConnection;

struct PieceResumePoint {
    quint64 modelFingerprint = 0; // ModelInfo::fingerprint of the model that read the piece
    int formatVersion = 1;        // the engine's State serialization version
    QByteArray stateBeforeLast;   // rwkv::State::serialize() after all but the last token
    int lastToken = -1;           // the piece's last prompt token
    int coveredTokens = 0;        // tokens stateBeforeLast has read
};

struct MusicPiece {
    qint64 id = 0;         // 0 for a piece not saved yet
    QString title;
    QString kind;          // "MIDI", "MIDI piano" or "ABC"
    QString text;          // the whole piece
    int generatedFrom = 0; // characters of `text` before the generated part
    QDateTime created, updated;
    std::optional<PieceResumePoint> resume; // filled by load() only when asked for
};

class PieceStore {
public:
    // Opens or creates the database at `path` (the app's studio.sqlite), migrating it as
    // ConversationStore::open does; the same errors.
    static Result<PieceStore> open(const QString& path);

    PieceStore(PieceStore&&) noexcept;
    PieceStore& operator=(PieceStore&&) noexcept;
    ~PieceStore();

    // Inserts (id 0) or updates the piece; with `resume` its state is replaced in the same
    // transaction, without it any old state is dropped (it no longer matches the text). Returns
    // the id. NotFound when updating a piece that was deleted.
    Result<qint64> save(const MusicPiece& piece, const std::optional<PieceResumePoint>& resume = std::nullopt);
    // The piece; NotFound when missing. With `modelFingerprint` != 0, also its resume point when
    // one was saved by that model (a state of another model is left out, not an error).
    Result<MusicPiece> load(qint64 id, quint64 modelFingerprint = 0) const;
    // Every piece without text or state, most recently saved first.
    Result<QList<MusicPiece>> list() const;
    Result<void> remove(qint64 id);

private:
    explicit PieceStore(std::unique_ptr<StoreConnection> db);
    std::unique_ptr<StoreConnection> db_;
};
