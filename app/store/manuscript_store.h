// ManuscriptStore keeps the Write pane's manuscripts (novels): each a title, the writing preset
// settings, and ordered chapters of text, plus for each chapter the model state after the text
// it has accepted so far. It shares the SQLite file and schema with ConversationStore.
//
// Threads and durability as in ConversationStore: one instance per thread, every call commits
// before it returns.
//
// Stale states: a chapter state remembers the length and SHA-256 of the text it was computed
// over: the earlier chapters (textBefore) and a prefix of the chapter. loadChapterState()
// compares that with the current texts, so after the user edits anything inside that prefix, or
// any earlier chapter, the state is reported StaleState and never used; text appended after the
// prefix keeps the state usable (the caller prefills only the new part).
#pragma once

#include "app/store/result.h"
#include "app/store/state_blob.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

class StoreConnection;

using ManuscriptId = qint64;
using ChapterId = qint64;

struct Manuscript {
    ManuscriptId id = 0;
    QString title;
    QDateTime createdAt;
    QDateTime updatedAt; // bumped by every change to the manuscript or its chapters
    QJsonObject preset;  // writing preset settings as the Write service writes them
};

struct Chapter {
    ChapterId id = 0;
    ManuscriptId manuscriptId = 0;
    int position = 0; // 0-based place in the manuscript
    QString title;
    QString text;
    QDateTime updatedAt;
};

// A chapter's saved state and how much of the chapter text (in QString UTF-16 units) it covers.
struct ChapterState {
    StateBlob state;
    int coveredLength = 0;
};

class ManuscriptStore {
public:
    // As ConversationStore::open (same file, same checks and migrations, same errors).
    static Result<ManuscriptStore> open(const QString& path);

    // A moved-from instance may only be destroyed or assigned to.
    ManuscriptStore(ManuscriptStore&&) noexcept;
    ManuscriptStore& operator=(ManuscriptStore&&) noexcept;
    ~ManuscriptStore();

    QString path() const;

    // --- Manuscripts -------------------------------------------------------------------------

    Result<ManuscriptId> createManuscript(const QString& title, const QJsonObject& preset = {});
    Result<Manuscript> manuscript(ManuscriptId id) const;
    // All manuscripts, most recently updated first.
    Result<QList<Manuscript>> listManuscripts() const;
    Result<void> renameManuscript(ManuscriptId id, const QString& title);
    Result<void> setPreset(ManuscriptId id, const QJsonObject& preset);
    // Deletes the manuscript with its chapters and their states.
    Result<void> deleteManuscript(ManuscriptId id);

    // --- Chapters ----------------------------------------------------------------------------

    // Inserts a chapter at `position` (clamped to 0..count; -1 appends), shifting later ones.
    Result<ChapterId> addChapter(ManuscriptId manuscript, const QString& title,
                                 const QString& text = {}, int position = -1);
    Result<Chapter> chapter(ChapterId id) const;
    // The manuscript's chapters in order (with their text).
    Result<QList<Chapter>> chapters(ManuscriptId manuscript) const;
    Result<void> renameChapter(ChapterId id, const QString& title);
    // Saves the chapter's text (autosave while the user types or a generation streams in).
    Result<void> setChapterText(ChapterId id, const QString& text);
    // Moves a chapter to `position` (clamped), keeping the others in order.
    Result<void> moveChapter(ChapterId id, int position);
    // Deletes a chapter and its state; later chapters move up.
    Result<void> deleteChapter(ChapterId id);

    // --- Chapter states ----------------------------------------------------------------------

    // Accepting generated text: saves `text` as the chapter's text and `stateAfter` as the state
    // covering all of it, in one transaction.
    Result<void> acceptChapterText(ChapterId id, const QString& text, const StateBlob& stateAfter);
    // Saves `state` as covering the first `coveredLength` units of the chapter's current text.
    // InvalidArgument when coveredLength is negative or longer than the text.
    Result<void> saveChapterState(ChapterId id, const StateBlob& state, int coveredLength);
    // The text of the chapters before `id`, in order, each followed by a blank line: the book the
    // model reads before the chapter. A chapter state covers it too, so editing an earlier
    // chapter makes the later chapters' states stale.
    Result<QString> textBefore(ChapterId id) const;
    // The chapter's state. NotFound when none is saved, OtherModel for another fingerprint,
    // StaleState when the chapter text it covered has been edited since, Corrupt when damaged.
    Result<ChapterState> loadChapterState(ChapterId id, quint64 expectedFingerprint) const;
    Result<void> deleteChapterState(ChapterId id);

private:
    explicit ManuscriptStore(std::unique_ptr<StoreConnection> connection);

    std::unique_ptr<StoreConnection> db_;
};
