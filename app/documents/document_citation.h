// DocumentCitation is one passage as search results and answers show it: its [n] number, file,
// page and text. PageView is a cited page ready to show: the rendered PDF page (PNG) with the
// passage's word boxes, or for a text file the page's text with the passage's range. Plain values.
#pragma once

#include "app/store/document_index.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QRectF>
#include <QString>

struct DocumentCitation {
    int number = 0;          // 1-based as the answer cites it; 0 in plain search results
    PassageId passageId = 0;
    DocumentFileId fileId = 0;
    QString path;
    int page = 0;            // 1-based
    double score = 0.0;      // higher is better (the last ranking stage's score)
    QString text;
    Passage passage;         // where it lies (pages and offsets)
};

struct PageView {
    DocumentCitation citation;
    int page = 0;
    QByteArray png;          // the rendered page; empty for text files or when rendering failed
    QList<QRectF> highlights; // the passage's words, as fractions of the page
    QString text;            // the page's text
    int highlightStart = 0;  // the passage's range in `text`
    int highlightEnd = 0;
    QString error;
};

Q_DECLARE_METATYPE(DocumentCitation)
Q_DECLARE_METATYPE(PageView)
