#include "app/write/write_service.h"

#include "app/inference/inference_service.h"

#include <QJsonObject>

namespace {
constexpr int kStateFormat = 1;
}

WriteService::WriteService(ManuscriptStore& store, InferenceService& inference, AppSettings& settings,
                           QObject* parent)
    : QObject(parent), store_(store), inference_(inference), settings_(settings),
      sampling_(settings.writeSampling())
{
    connect(&inference_, &InferenceService::replyDelta, this, &WriteService::onDelta);
    connect(&inference_, &InferenceService::jobFinished, this, &WriteService::onFinished);
    connect(&inference_, &InferenceService::jobProgress, this, [this](quint64 job, qint64 done, qint64 total) {
        if (job == job_)
            emit prefillProgress(done, total);
    });
    refreshManuscripts();
}

// --- Manuscripts and chapters -------------------------------------------------------------

ManuscriptId WriteService::newManuscript(const QString& title)
{
    auto id = store_.createManuscript(title, QJsonObject::fromVariantMap(sampling_.toMap()));
    if (!id.ok()) {
        emit errorOccurred(id.errorString());
        return 0;
    }
    auto chapter = store_.addChapter(id.value(), tr("Chapter 1"));
    if (!chapter.ok())
        emit errorOccurred(chapter.errorString());
    refreshManuscripts();
    openManuscript(id.value());
    return id.value();
}

void WriteService::openManuscript(ManuscriptId id)
{
    auto doc = store_.manuscript(id);
    if (!doc.ok()) {
        emit errorOccurred(doc.errorString());
        return;
    }
    reject();
    manuscript_ = id;
    if (!doc.value().preset.isEmpty())
        sampling_ = SamplingParams::fromMap(doc.value().preset.toVariantMap(), settings_.writeSampling());
    refreshChapters();
    emit manuscriptOpened(id);
    auto list = store_.chapters(id);
    if (list.ok() && !list.value().isEmpty())
        openChapter(list.value().first().id);
}

void WriteService::renameManuscript(ManuscriptId id, const QString& title)
{
    if (!title.trimmed().isEmpty() && report(store_.renameManuscript(id, title.trimmed())))
        refreshManuscripts();
}

void WriteService::deleteManuscript(ManuscriptId id)
{
    if (!report(store_.deleteManuscript(id)))
        return;
    if (id == manuscript_) {
        reject();
        manuscript_ = 0;
        chapter_ = 0;
        text_.clear();
        chapters_.setChapters({});
        emit manuscriptOpened(0);
        emit chapterOpened(0, {});
    }
    refreshManuscripts();
}

ChapterId WriteService::addChapter(const QString& title)
{
    if (!manuscript_)
        return 0;
    auto id = store_.addChapter(manuscript_, title);
    if (!id.ok()) {
        emit errorOccurred(id.errorString());
        return 0;
    }
    refreshChapters();
    openChapter(id.value());
    return id.value();
}

void WriteService::openChapter(ChapterId id)
{
    auto chapter = store_.chapter(id);
    if (!chapter.ok()) {
        emit errorOccurred(chapter.errorString());
        return;
    }
    reject();
    chapter_ = id;
    text_ = chapter.value().text;
    warnedLaterChapters_ = false;
    emit chapterOpened(id, text_);
}

void WriteService::renameChapter(ChapterId id, const QString& title)
{
    if (!title.trimmed().isEmpty() && report(store_.renameChapter(id, title.trimmed())))
        refreshChapters();
}

void WriteService::deleteChapter(ChapterId id)
{
    if (!report(store_.deleteChapter(id)))
        return;
    refreshChapters();
    if (id == chapter_) {
        chapter_ = 0;
        text_.clear();
        const ChapterId next = chapters_.idAt(0);
        if (next)
            openChapter(next);
        else
            emit chapterOpened(0, {});
    }
}

void WriteService::saveText(const QString& text)
{
    if (!chapter_ || text == text_)
        return;
    text_ = text;
    report(store_.setChapterText(chapter_, text));
    if (warnedLaterChapters_)
        return;
    // Later chapters were written knowing this one: say once that they will read the change.
    auto chapters = store_.chapters(manuscript_);
    if (chapters.ok() && !chapters.value().isEmpty() && chapters.value().last().id != chapter_) {
        warnedLaterChapters_ = true;
        emit notice(tr("The chapters after this one will read this change the next time you continue them."));
    }
}

void WriteService::setSampling(const SamplingParams& params)
{
    sampling_ = params;
    settings_.setWriteSampling(params);
    if (manuscript_)
        report(store_.setPreset(manuscript_, QJsonObject::fromVariantMap(params.toMap())));
}

// --- Continuations -------------------------------------------------------------------------

int WriteService::splitPoint(const QString& text)
{
    qsizetype i = text.size();
    while (i > 0 && text[i - 1].isSpace())
        --i;
    while (i > 0 && !text[i - 1].isSpace())
        --i;
    return int(i);
}

GenerationRequest WriteService::requestFor(const QString& prefix, int* split)
{
    *split = splitPoint(prefix);
    GenerationRequest request;
    const quint64 fingerprint = inference_.model().fingerprint;
    auto saved = store_.loadChapterState(chapter_, fingerprint);
    if (saved.ok() && saved.value().coveredLength <= *split) {
        const int covered = saved.value().coveredLength;
        request.startState = saved.value().state.bytes;
        request.segments << prefix.mid(covered, *split - covered) << prefix.mid(*split);
        return request;
    }
    if (!saved.ok() && saved.error().code() == StoreError::Code::OtherModel)
        emit notice(tr("This chapter's saved state was made with another model, so its text is read again."));
    // The book remembers: the model reads the earlier chapters first, starting from the state of
    // the nearest earlier chapter that has one (it covers everything before it), so only the text
    // after that state is fed.
    auto before = store_.textBefore(chapter_);
    QString book = before.ok() ? before.value() : QString();
    auto chapters = store_.chapters(manuscript_);
    const QList<Chapter> list = chapters.ok() ? chapters.value() : QList<Chapter>();
    int position = -1;
    for (int i = 0; i < list.size(); ++i)
        if (list[i].id == chapter_)
            position = i;
    for (int i = position - 1; i >= 0 && !book.isEmpty(); --i) {
        auto earlier = store_.loadChapterState(list[i].id, fingerprint);
        if (!earlier.ok())
            continue;
        auto upTo = store_.textBefore(list[i].id);
        if (!upTo.ok())
            break;
        request.startState = earlier.value().state.bytes;
        book = book.mid(upTo.value().size() + earlier.value().coveredLength);
        break;
    }
    request.segments << book + prefix.left(*split) << prefix.mid(*split);
    return request;
}

bool WriteService::continueAt(const QString& text, int cursor, int alternatives)
{
    if (job_ != 0) {
        emit errorOccurred(tr("A continuation is still being written: stop it first (Esc)."));
        return false;
    }
    if (!inference_.hasModel()) {
        emit errorOccurred(tr("No model is loaded: add one in Models and press Load."));
        return false;
    }
    if (!chapter_) {
        emit errorOccurred(tr("Create or open a chapter first."));
        return false;
    }
    cursor = qBound(0, cursor, int(text.size()));
    const QString prefix = text.left(cursor);
    if (prefix.trimmed().isEmpty()) {
        emit errorOccurred(tr("Write a few words first: the model continues your text."));
        return false;
    }
    saveText(text);
    GenerationRequest request = requestFor(prefix, &jobSplit_);
    request.sampling = sampling_;
    request.choices = qBound(1, alternatives, kMaxAlternatives);
    cursor_ = cursor;
    pending_.clear();
    jobKind_ = JobKind::Continue;
    jobChapter_ = chapter_;
    alternativeJobs_ = inference_.submitChoices(request);
    job_ = alternativeJobs_.first();
    alternatives_ = QStringList(alternativeJobs_.size(), QString());
    alternativesLeft_ = int(alternativeJobs_.size());
    chosen_ = 0;
    anyFailed_ = false;
    emit busyChanged(true);
    emit continuationChanged(pending_, 0, 0.0);
    emit alternativesChanged();
    return true;
}

bool WriteService::retry()
{
    const QString text = text_;
    const int cursor = cursor_;
    const int alternatives = int(std::max<qsizetype>(1, alternatives_.size()));
    pending_.clear();
    return continueAt(text, cursor, alternatives);
}

void WriteService::chooseAlternative(int index)
{
    if (index < 0 || index >= alternatives_.size() || index == chosen_)
        return;
    chosen_ = index;
    pending_ = alternatives_[index];
    emit continuationChanged(pending_, 0, 0.0);
    emit alternativesChanged();
}

void WriteService::accept()
{
    if (!hasPending() || !chapter_)
        return;
    const QString text = text_.left(cursor_) + pending_ + text_.mid(cursor_);
    const int end = cursor_ + int(pending_.size());
    pending_.clear();
    alternatives_.clear();
    emit alternativesChanged();
    saveText(text);
    emit chapterOpened(chapter_, text_);
    emit continuationChanged({}, 0, 0.0);

    // Move the saved state past the accepted text now, in the background, so the next
    // continuation feeds only the last word.
    auto saved = store_.loadChapterState(chapter_, inference_.model().fingerprint);
    if (!saved.ok() || !inference_.hasModel())
        return;
    const int split = splitPoint(text.left(end));
    const int covered = saved.value().coveredLength;
    if (split <= covered)
        return;
    GenerationRequest request;
    request.startState = saved.value().state.bytes;
    request.segments << text.mid(covered, split - covered);
    request.generate = false;
    jobKind_ = JobKind::Advance;
    jobChapter_ = chapter_;
    jobSplit_ = split;
    job_ = inference_.submit(request);
    emit busyChanged(true);
}

void WriteService::reject()
{
    if (job_ != 0 && jobKind_ == JobKind::Continue) {
        for (quint64 job : std::as_const(alternativeJobs_))
            inference_.stop(job);
        discard_ = true;
    }
    if (!pending_.isEmpty() || !alternatives_.isEmpty()) {
        pending_.clear();
        alternatives_.clear();
        emit continuationChanged({}, 0, 0.0);
        emit alternativesChanged();
    }
}

void WriteService::stop()
{
    if (job_ == 0)
        return;
    if (jobKind_ == JobKind::Continue)
        for (quint64 job : std::as_const(alternativeJobs_))
            inference_.stop(job);
    else
        inference_.stop(job_);
}

void WriteService::onDelta(quint64 job, const QString& text, int tokens, double speed)
{
    const qsizetype index = jobKind_ == JobKind::Continue ? alternativeJobs_.indexOf(job) : -1;
    if (index < 0 || index >= alternatives_.size())
        return;
    alternatives_[index] += text;
    if (index == chosen_) {
        pending_ = alternatives_[index];
        emit continuationChanged(pending_, tokens, speed);
    }
    if (alternatives_.size() > 1)
        emit alternativesChanged();
}

void WriteService::onFinished(const GenerationResult& result)
{
    if (jobKind_ == JobKind::Continue) {
        const qsizetype index = alternativeJobs_.indexOf(result.jobId);
        if (index < 0)
            return;
        if (index < alternatives_.size())
            alternatives_[index] = result.ok() && !discard_ ? result.reply : QString();
        if (!result.ok() && !anyFailed_) {
            anyFailed_ = true; // the alternatives fail together: one sentence is enough
            emit errorOccurred(result.error);
        }
        if (!result.segmentStates.isEmpty()) {
            const StateBlob blob{result.modelFingerprint, kStateFormat, result.segmentStates.first()};
            if (report(store_.saveChapterState(jobChapter_, blob, jobSplit_)))
                emit stateSaved(jobChapter_, jobSplit_);
        }
        if (--alternativesLeft_ > 0)
            return;
        job_ = 0;
        alternativeJobs_.clear();
        emit busyChanged(false);
        if (discard_)
            alternatives_.clear();
        discard_ = false;
        pending_ = alternatives_.value(chosen_);
        emit continuationChanged(pending_, result.generatedTokens, result.tokensPerSecond);
        emit alternativesChanged();
        emit continuationFinished(!anyFailed_);
        return;
    }
    // Moving the chapter's state past accepted text.
    if (result.jobId != job_)
        return;
    job_ = 0;
    if (!result.segmentStates.isEmpty()) {
        const StateBlob blob{result.modelFingerprint, kStateFormat, result.segmentStates.first()};
        if (report(store_.saveChapterState(jobChapter_, blob, jobSplit_)))
            emit stateSaved(jobChapter_, jobSplit_);
    }
    if (!result.ok())
        emit errorOccurred(result.error);
    emit busyChanged(false);
}

// --- Helpers -------------------------------------------------------------------------------

void WriteService::refreshManuscripts()
{
    auto list = store_.listManuscripts();
    if (list.ok())
        manuscripts_.setManuscripts(list.value());
    else
        emit errorOccurred(list.errorString());
}

void WriteService::refreshChapters()
{
    if (!manuscript_) {
        chapters_.setChapters({});
        return;
    }
    auto list = store_.chapters(manuscript_);
    if (list.ok())
        chapters_.setChapters(list.value());
    else
        emit errorOccurred(list.errorString());
}

bool WriteService::report(const Result<void>& result)
{
    if (!result.ok())
        emit errorOccurred(result.errorString());
    return result.ok();
}
