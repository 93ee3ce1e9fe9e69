// rwkv-pdf-helper: the only code that opens a PDF. The app runs it as a child process with a time
// and memory limit (app/documents/pdf_reader.h), so a broken or hostile file can at worst kill
// this process, never the app.
//
//   rwkv-pdf-helper text FILE [--from N] [--no-ocr]
//                                          JSON lines on stdout: {"pages": n} (or {"error": ...}),
//                                          then per page from N (1-based, default 1):
//                                          {"page": p, "text": "...", "words": [[x, y, w, h, start, length], ...]}
//                                          boxes as fractions of the page, start/length in "text" (UTF-16);
//                                          a page without a text layer is read by OCR (Tesseract, the
//                                          installed languages of English, Chinese and Japanese) and
//                                          marked "ocr": true
//   rwkv-pdf-helper render FILE PAGE DPI   the page as a PNG on stdout
//
// A page's line is flushed before the next page is read, so when a page kills the process the
// reader knows exactly which one it was.
#include "app/documents/pdf_helper/page_ocr.h"

#include <poppler-qt6.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

void printLine(const QJsonObject& object)
{
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

std::unique_ptr<Poppler::Document> open(const QString& path)
{
    std::unique_ptr<Poppler::Document> document = Poppler::Document::load(path);
    if (!document) {
        printLine({{"error", "unreadable"}});
        return nullptr;
    }
    if (document->isLocked()) {
        printLine({{"error", "locked"}});
        return nullptr;
    }
    return document;
}

// The page's words in reading order joined into text, with where each word sits on the page.
QJsonObject pageObject(Poppler::Page& page, int number)
{
    const QSizeF size = page.pageSizeF();
    const double w = size.width() > 0 ? size.width() : 1.0;
    const double h = size.height() > 0 ? size.height() : 1.0;
    std::vector<std::unique_ptr<Poppler::TextBox>> boxes = page.textList();
    QString text;
    QJsonArray words;
    for (size_t i = 0; i < boxes.size(); ++i) {
        const Poppler::TextBox& box = *boxes[i];
        const QRectF r = box.boundingBox();
        const qsizetype start = text.size();
        // Compatibility forms (ligatures such as "ﬁ", full-width Latin) become plain letters, so
        // searches and the model see ordinary words.
        text += box.text().normalized(QString::NormalizationForm_KC);
        words.append(QJsonArray{r.x() / w, r.y() / h, r.width() / w, r.height() / h, int(start),
                                int(text.size() - start)});
        if (i + 1 == boxes.size())
            break;
        if (box.hasSpaceAfter()) {
            text += QLatin1Char(' ');
        } else if (box.nextWord() == nullptr) {
            // End of a line; a gap of more than a line's height starts a new paragraph.
            const QRectF next = boxes[i + 1]->boundingBox();
            text += next.top() - r.bottom() > r.height() ? QStringLiteral("\n\n") : QStringLiteral("\n");
        }
    }
    return {{"page", number}, {"text", text}, {"words", words}};
}

int extractText(const QString& path, int from, bool ocr)
{
    std::unique_ptr<Poppler::Document> document = open(path);
    if (!document)
        return 0;
    const int pages = document->numPages();
    printLine({{"pages", pages}});
    for (int p = std::max(1, from); p <= pages; ++p) {
        std::unique_ptr<Poppler::Page> page = document->page(p - 1);
        if (!page) {
            printLine({{"page", p}, {"error", "unreadable"}});
            continue;
        }
        QJsonObject object = pageObject(*page, p);
        if (ocr && object.value("text").toString().trimmed().isEmpty()) {
            const OcrPage read = readPageByOcr(*page);
            if (!read.text.trimmed().isEmpty())
                object = {{"page", p}, {"text", read.text}, {"words", read.words}, {"ocr", true}};
        }
        printLine(object);
    }
    return 0;
}

int render(const QString& path, int number, double dpi)
{
    std::unique_ptr<Poppler::Document> document = open(path);
    if (!document)
        return 1;
    document->setRenderHint(Poppler::Document::Antialiasing);
    document->setRenderHint(Poppler::Document::TextAntialiasing);
    std::unique_ptr<Poppler::Page> page = number >= 1 && number <= document->numPages() ? document->page(number - 1) : nullptr;
    if (!page)
        return 1;
    const QImage image = page->renderToImage(dpi, dpi);
    if (image.isNull())
        return 1;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    std::fwrite(png.constData(), 1, size_t(png.size()), stdout);
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 3 && args[1] == QLatin1String("text")) {
        const int fromAt = int(args.indexOf(QStringLiteral("--from")));
        const int from = fromAt > 0 && fromAt + 1 < args.size() ? args[fromAt + 1].toInt() : 1;
        return extractText(args[2], from, !args.contains(QStringLiteral("--no-ocr")));
    }
    if (args.size() == 5 && args[1] == QLatin1String("render"))
        return render(args[2], args[3].toInt(), std::clamp(args[4].toDouble(), 18.0, 600.0));
    std::fprintf(stderr, "usage: rwkv-pdf-helper text FILE [--from N] [--no-ocr] | render FILE PAGE DPI\n");
    return 2;
}
