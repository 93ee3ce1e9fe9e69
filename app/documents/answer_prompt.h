// How the Documents pane's questions become RWKV text, in the chat format (chat_prompt.h): the
// passages as a numbered System turn the answer cites with [n], then the question as a User turn.
// Follow-up questions add only passages the model has not read yet, as another System turn,
// because the state already holds the earlier ones. Also the texts the re-ranker scores.
#pragma once

#include "app/store/document_index.h"

#include <QString>

namespace answer_prompt {

// "[n] file, page p" for citation `number` (1-based) of a passage on `page` of `path`.
QString citationLabel(int number, const QString& path, int page);

// The System turn that gives the model `passages`, numbered from `firstNumber`; `first` says
// whether these are the first passages of the conversation (the instructions come with them).
QString passagesSegment(const QList<StoredPassage>& passages, int firstNumber, bool first);

// The System turn that starts a conversation about a whole document the model then reads.
QString wholeDocumentSegment(const QString& fileName, const QString& text);

// Re-ranking: the context a passage gives and the question scored after it.
QString rerankContext(const StoredPassage& passage);
QString rerankContinuation(const QString& question);

} // namespace answer_prompt
