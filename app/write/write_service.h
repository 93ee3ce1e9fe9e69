// WriteService runs the Write pane: manuscripts (novels) with chapters in the ManuscriptStore, and
// "Continue", which streams a continuation of the chapter text before the cursor. The user then
// accepts, rejects or retries it. Each chapter keeps the model state after its text up to the
// start of its last word (the store checks that text is unchanged), so a continuation only feeds
// the last few words, however long the book is; the last word is always fed again because the
// next token's probabilities come from feeding text, not from a saved state. The book remembers:
// a chapter's continuation starts from the state after the chapters before it (the store keeps
// that state valid only while those chapters are unchanged), so chapter 10 knows chapter 1 while a
// continuation still feeds only new text. GUI thread only.
#pragma once

#include "app/inference/generation_request.h"
#include "app/settings/app_settings.h"
#include "app/store/manuscript_store.h"
#include "app/write/manuscript_list_model.h"

#include <QObject>

class InferenceService;

class WriteService : public QObject {
    Q_OBJECT
public:
    WriteService(ManuscriptStore& store, InferenceService& inference, AppSettings& settings,
                 QObject* parent = nullptr);

    ManuscriptListModel* manuscripts() { return &manuscripts_; }
    ChapterListModel* chapters() { return &chapters_; }

    ManuscriptId currentManuscript() const { return manuscript_; }
    ChapterId currentChapter() const { return chapter_; }
    QString chapterText() const { return text_; }

    // A new manuscript with one empty chapter, opened.
    ManuscriptId newManuscript(const QString& title);
    void openManuscript(ManuscriptId id);
    void renameManuscript(ManuscriptId id, const QString& title);
    void deleteManuscript(ManuscriptId id);
    ChapterId addChapter(const QString& title);
    void openChapter(ChapterId id);
    void renameChapter(ChapterId id, const QString& title);
    void deleteChapter(ChapterId id);

    // Autosave of the editor's text for the open chapter.
    void saveText(const QString& text);

    SamplingParams sampling() const { return sampling_; }
    // Kept with the manuscript as its preset; maxTokens is the continuation length.
    void setSampling(const SamplingParams& params);

    // Saves `text` and streams a continuation of text.left(cursor) that will be inserted at
    // `cursor`; with alternatives > 1 (up to kMaxAlternatives) that many are written at once, in
    // one batched decode, and the first is the pending one until another is chosen. False (with
    // errorOccurred) without a model, text, chapter, or while busy.
    bool continueAt(const QString& text, int cursor, int alternatives = 1);
    static constexpr int kMaxAlternatives = 3;
    // The same continuation request again (new random draws, as many alternatives as before).
    bool retry();
    // Makes alternative `index` the pending continuation (what accept() inserts).
    void chooseAlternative(int index);
    // Inserts the pending continuation and saves; the chapter's state moves past it.
    void accept();
    void reject();
    void stop();

    bool isBusy() const { return job_ != 0; }
    bool hasPending() const { return !pending_.isEmpty() && job_ == 0; }
    QString pendingText() const { return pending_; }
    int pendingPosition() const { return cursor_; }
    // The alternatives being written or waiting for a choice (empty for a single continuation).
    QStringList alternatives() const { return alternatives_.size() > 1 ? alternatives_ : QStringList(); }
    int chosenAlternative() const { return chosen_; }

signals:
    void manuscriptOpened(ManuscriptId id);
    // The open chapter changed or its text was replaced (accept, open).
    void chapterOpened(ChapterId id, const QString& text);
    void continuationChanged(const QString& pending, int tokens, double tokensPerSecond);
    void continuationFinished(bool ok);
    // The alternatives' texts or the chosen one changed (streaming, chosen, accepted, rejected).
    void alternativesChanged();
    void busyChanged(bool busy);
    void prefillProgress(qint64 done, qint64 total);
    // The chapter's state was saved (covering `coveredLength` characters); for views and tests.
    void stateSaved(ChapterId chapter, int coveredLength);
    void notice(const QString& sentence);
    void errorOccurred(const QString& sentence);

private:
    enum class JobKind { Continue, Advance };

    void onDelta(quint64 job, const QString& text, int tokens, double speed);
    void onFinished(const GenerationResult& result);
    void refreshManuscripts();
    void refreshChapters();
    bool report(const Result<void>& result);
    // Start of the last word of `text`: the state is saved up to here.
    static int splitPoint(const QString& text);
    // The request feeding text[from..split] and text[split..cursor] from the best saved state.
    GenerationRequest requestFor(const QString& prefix, int* split);

    ManuscriptStore& store_;
    InferenceService& inference_;
    AppSettings& settings_;
    ManuscriptListModel manuscripts_;
    ChapterListModel chapters_;
    ManuscriptId manuscript_ = 0;
    ChapterId chapter_ = 0;
    QString text_;
    SamplingParams sampling_;

    quint64 job_ = 0; // the running job (the first alternative's, while several are written)
    JobKind jobKind_ = JobKind::Continue;
    QList<quint64> alternativeJobs_; // every alternative's job while they are written
    QStringList alternatives_;
    int chosen_ = 0;
    int alternativesLeft_ = 0;
    bool anyFailed_ = false;
    ChapterId jobChapter_ = 0;
    int jobSplit_ = 0;    // what segment 0's state covers
    int cursor_ = 0;
    QString pending_;
    bool discard_ = false; // a rejected continuation still finishing
    bool warnedLaterChapters_ = false; // the open chapter's edits were said to reach later chapters
};
