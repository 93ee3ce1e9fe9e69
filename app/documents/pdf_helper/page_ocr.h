// Reading a page that has no text layer (a scan) with Tesseract, inside rwkv-pdf-helper: the page
// is rendered at 300 dpi and recognised in the installed languages among English, Chinese and
// Japanese; the words come back as text with boxes, like a text layer's.
#pragma once

#include <QJsonArray>
#include <QString>

namespace Poppler {
class Page;
}

struct OcrPage {
    QString text;
    QJsonArray words; // [x, y, w, h, start, length] as in the helper's page lines
};

// Empty when no OCR language is installed or nothing was recognised.
OcrPage readPageByOcr(Poppler::Page& page);
