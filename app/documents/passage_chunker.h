// Cuts a document's pages into passages of a few hundred tokens for retrieval: at paragraph and
// sentence ends (Latin and CJK punctuation), with the last sentences of a passage repeated at the
// start of the next so an answer split across the cut is still found whole. A page break always
// ends a passage, so a citation names the one page that holds it all; a passage remembers where
// it starts and ends on that page, so the viewer can highlight the words.
//
// Token counts are estimated without a tokenizer, so the passages, and the full-text index built
// on them, do not depend on which model is loaded: a CJK character counts as one token, other
// text as one token per four characters (what RWKV's World tokenizer gives on English prose).
#pragma once

#include "app/documents/extracted_document.h"

#include <QList>
#include <QString>

struct Passage {
    int ordinal = 0;      // 0-based place in the document
    int pageFrom = 0;     // 1-based pages of its first and last character
    int pageTo = 0;
    int startOffset = 0;  // in pageFrom's text
    int endOffset = 0;    // in pageTo's text, one past the last character
    QString text;

    // The page a citation names: the one where the passage starts.
    int page() const { return pageFrom; }
};

struct ChunkSettings {
    int targetTokens = 256;  // a passage ends at the first boundary past this
    int overlapTokens = 48;  // up to this much of a passage's end starts the next one
};

// Estimated tokens in `text` (see above).
int estimateTokens(QStringView text);

QList<Passage> chunkPages(const QList<ExtractedPage>& pages, const ChunkSettings& settings = {});
