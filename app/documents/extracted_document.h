// ExtractedDocument is what reading one file gives: its pages' text with where each word sits on
// the page (for highlighting a cited passage), and a sentence for every page or file that could
// not be read. Plain values; the reader (pdf_reader.h, text_file_reader.h) fills them.
#pragma once

#include <QList>
#include <QRectF>
#include <QString>

struct WordBox {
    QRectF box;      // on the page, as fractions of its width and height
    int start = 0;   // where the word is in the page's text (UTF-16 units)
    int length = 0;
};

struct ExtractedPage {
    int number = 0; // 1-based
    QString text;
    QList<WordBox> words;
    bool readable = true; // false: this page could not be read (its text is empty)
    bool ocr = false;     // no text layer: the text was recognised from the page's image

    // A page that was read but has no text layer (usually a scanned image), whether or not OCR
    // found text on it.
    bool withoutText() const { return readable && (ocr || text.trimmed().isEmpty()); }
};

struct ExtractedDocument {
    QString path;
    int pageCount = 0;
    QList<ExtractedPage> pages;
    // Set when the file as a whole could not be read ("this PDF is password-protected"); then
    // `pages` is empty.
    QString error;
    // One sentence per page that could not be read or has no text, for the user.
    QStringList problems;

    bool ok() const { return error.isEmpty(); }
    QList<int> pagesWithoutText() const
    {
        QList<int> numbers;
        for (const ExtractedPage& p : pages)
            if (p.withoutText())
                numbers.append(p.number);
        return numbers;
    }
};
