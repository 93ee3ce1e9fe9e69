// PdfReader reads a PDF's pages through rwkv-pdf-helper, a child process with a time and memory
// limit, so an encrypted, broken or hostile file gives sentences ("page 7 of report.pdf could not
// be read", "report.pdf is password-protected") and never takes the app down. When the helper dies
// on a page, that page is reported and the helper starts again after it. Blocking: call it from a
// worker thread. Also renders one page to a PNG for the citation viewer.
#pragma once

#include "app/documents/extracted_document.h"

#include <QByteArray>
#include <QString>

#include <atomic>

struct PdfReaderLimits {
    int secondsPerPage = 60;           // the helper is killed when a page takes longer (OCR included)
    qint64 memoryBytes = 2LL << 30;     // address-space limit of the helper
};

class PdfReader {
public:
    // `helperPath` empty: rwkv-pdf-helper beside the running executable (or $RWKV_PDF_HELPER).
    explicit PdfReader(QString helperPath = {}, PdfReaderLimits limits = {});

    // Every page of `path`; `cancel` (optional) is checked between pages.
    ExtractedDocument read(const QString& path, const std::atomic<bool>* cancel = nullptr) const;

    // Page `page` (1-based) of `path` at `dpi` as PNG bytes; empty and `error` set when it fails.
    QByteArray render(const QString& path, int page, int dpi, QString* error = nullptr) const;

    static QString defaultHelperPath();

private:
    QString helper_;
    PdfReaderLimits limits_;
};
