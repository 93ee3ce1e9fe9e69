// DocumentService, second half: answering questions, whole-document reading and showing a cited
// page (document_service.cpp holds collections, indexing and search).
#include "app/documents/document_service.h"

#include "app/chat/chat_prompt.h"
#include "app/documents/answer_prompt.h"
#include "app/documents/pdf_reader.h"
#include "app/inference/inference_service.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {

QString pagesText(const DocumentIndex& index, const DocumentFile& file)
{
    QString text;
    for (int p = 1; p <= file.pageCount; ++p) {
        auto page = index.page(file.id, p);
        if (page.ok() && !page.value().text.trimmed().isEmpty())
            text += page.value().text + QStringLiteral("\n");
    }
    return text;
}

} // namespace

void DocumentService::ask(CollectionId id, const QString& question, const SearchOptions& options)
{
    if (isAnswering()) {
        emit answerFinished({}, tr("An answer is still being written; stop it first."));
        return;
    }
    if (conversation_.collection != id || conversation_.wholeFile != 0)
        newConversation();
    conversation_.collection = id;
    pendingAsk_ = PendingAsk{search(id, question, options), question};
}

void DocumentService::askDocument(DocumentFileId id, const QString& question)
{
    if (isAnswering()) {
        emit answerFinished({}, tr("An answer is still being written; stop it first."));
        return;
    }
    if (conversation_.wholeFile != id) {
        newConversation();
        if (!inference_.hasModel()) {
            emit answerFinished({}, tr("No model is loaded: add one in Models and press Load."));
            return;
        }
        auto state = index_ ? index_->documentState(id, inference_.model().fingerprint)
                            : Result<StateBlob>(StoreError(StoreError::Code::NotFound, openError_));
        if (!state.ok()) {
            emit answerFinished({}, tr("Read this document whole with the loaded model first (\"Read it whole\")."));
            return;
        }
        conversation_.wholeFile = id;
        conversation_.state = state.value().bytes;
    }
    emit answerStarted({});
    submitAnswer({chat_prompt::userSegment(question)}, conversation_.state);
}

void DocumentService::newConversation()
{
    conversation_ = Conversation{};
}

void DocumentService::stopAnswer()
{
    if (pendingAsk_) {
        const quint64 searchId = pendingAsk_->searchId;
        pendingAsk_.reset();
        searches_.remove(searchId);
        emit answerFinished({}, tr("Stopped."));
    }
    if (answerJob_ != 0)
        inference_.stop(answerJob_);
}

void DocumentService::startAnswer(const QList<DocumentCitation>& hits, const QString& question)
{
    if (!inference_.hasModel()) {
        emit answerFinished({}, tr("No model is loaded: add one in Models and press Load."));
        return;
    }
    beforeAnswer_ = conversation_;
    QList<StoredPassage> fresh;
    for (const DocumentCitation& hit : hits) {
        if (conversation_.read.contains(hit.passageId))
            continue;
        DocumentCitation numbered = hit;
        numbered.number = int(conversation_.citations.size()) + 1;
        conversation_.citations.append(numbered);
        conversation_.read.insert(hit.passageId);
        fresh.append(StoredPassage{hit.passageId, hit.fileId, hit.path, hit.passage});
    }
    QStringList segments;
    if (!fresh.isEmpty())
        segments.append(answer_prompt::passagesSegment(fresh, int(conversation_.citations.size() - fresh.size()) + 1,
                                                       conversation_.state.isEmpty()));
    segments.append(chat_prompt::userSegment(question));
    emit answerStarted(conversation_.citations);
    submitAnswer(segments, conversation_.state);
}

void DocumentService::submitAnswer(const QStringList& segments, const QByteArray& startState)
{
    GenerationRequest request;
    request.startState = startState;
    request.segments = segments;
    request.replyPrefix = chat_prompt::replyPrefix(ThinkMode::Off);
    request.stopStrings = chat_prompt::stopStrings();
    request.sampling.temperature = 0.3; // answers from documents: stay close to the text
    request.sampling.topP = 0.5;
    request.sampling.maxTokens = 500;
    request.settle = [](const QString& reply) {
        return chat_prompt::assistantSegment(chat_prompt::replyText(ThinkMode::Off, reply));
    };
    answerText_.clear();
    answerJob_ = inference_.submit(request);
}

void DocumentService::onJobFinished(const GenerationResult& result)
{
    if (result.jobId == wholeJob_ && wholeJob_ != 0) {
        wholeJob_ = 0;
        const DocumentFileId id = wholeFile_;
        QString error = result.ok() ? QString() : result.error;
        if (result.finish == GenerationResult::Finish::Stopped)
            error = tr("Reading was cancelled.");
        if (error.isEmpty() && !result.segmentStates.isEmpty()) {
            auto saved = index_->saveDocumentState(id, wholeHash_, result.promptTokens,
                                                   StateBlob{result.modelFingerprint, 1, result.segmentStates.last()});
            if (!saved.ok())
                error = saved.errorString();
        }
        emit wholeReadFinished(id, error);
        return;
    }
    if (result.jobId != answerJob_ || answerJob_ == 0)
        return;
    answerJob_ = 0;
    lastPromptTokens_ = result.promptTokens;
    lastWrittenTokens_ = result.generatedTokens + result.settleTokens;
    if (!result.ok()) {
        if (conversation_.wholeFile == 0)
            conversation_ = beforeAnswer_;
        emit answerFinished(answerText_, result.error);
        return;
    }
    if (!result.replyState.isEmpty())
        conversation_.state = result.replyState;
    emit answerFinished(chat_prompt::replyText(ThinkMode::Off, result.reply), {});
}

void DocumentService::readWhole(DocumentFileId id)
{
    const std::optional<DocumentFile> f = file(id);
    if (!f || f->status != DocumentFile::Status::Indexed) {
        emit wholeReadFinished(id, tr("This document has not been indexed yet."));
        return;
    }
    if (!inference_.hasModel()) {
        emit wholeReadFinished(id, tr("No model is loaded: add one in Models and press Load."));
        return;
    }
    if (wholeJob_ != 0) {
        emit wholeReadFinished(id, tr("Another document is being read; wait for it or cancel it."));
        return;
    }
    GenerationRequest request;
    request.segments = {answer_prompt::wholeDocumentSegment(QFileInfo(f->path).fileName(), pagesText(*index_, *f))};
    request.generate = false;
    wholeFile_ = id;
    wholeHash_ = f->hash;
    wholeJob_ = inference_.submit(request);
}

void DocumentService::cancelReadWhole()
{
    if (wholeJob_ != 0)
        inference_.stop(wholeJob_);
}

bool DocumentService::hasWholeState(DocumentFileId id) const
{
    return index_ && inference_.hasModel() && index_->documentState(id, inference_.model().fingerprint).ok();
}

void DocumentService::requestPage(const DocumentCitation& citation)
{
    PageView view;
    view.citation = citation;
    view.page = citation.page;
    if (!index_) {
        view.error = openError_;
        emit pageReady(view);
        return;
    }
    auto page = index_->page(citation.fileId, citation.page);
    if (page.ok()) {
        view.text = page.value().text;
        // The passage's part of this page: from its start (on its first page) to its end (on its last).
        view.highlightStart = citation.passage.pageFrom == citation.page ? citation.passage.startOffset : 0;
        view.highlightEnd = citation.passage.pageTo == citation.page ? citation.passage.endOffset : int(view.text.size());
        for (const WordBox& w : page.value().words)
            if (w.start < view.highlightEnd && w.start + w.length > view.highlightStart)
                view.highlights.append(w.box);
    }
    if (QFileInfo(citation.path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) != 0) {
        emit pageReady(view);
        return;
    }
    auto* watcher = new QFutureWatcher<PageView>(this);
    connect(watcher, &QFutureWatcher<PageView>::finished, this, [this, watcher] {
        emit pageReady(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([view, helper = pdfHelper_]() mutable {
        view.png = PdfReader(helper).render(view.citation.path, view.page, 110, &view.error);
        return view;
    }));
}
