// Reads a plain-text or Markdown file as an ExtractedDocument: UTF-8 (a byte-order mark is
// skipped; other bytes are replaced), one page per form feed, so citations still name a page.
#pragma once

#include "app/documents/extracted_document.h"

ExtractedDocument readTextFile(const QString& path);

// True for the file kinds the Documents pane reads (.pdf, .txt, .md, .markdown), by suffix.
bool isReadableDocument(const QString& path);
