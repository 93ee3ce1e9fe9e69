#include "app/documents/pdf_helper/page_ocr.h"

#include <leptonica/allheaders.h>
#include <poppler-qt6.h>
#include <tesseract/baseapi.h>

#include <QImage>

#include <memory>
#include <string>
#include <vector>

namespace {

constexpr double kDpi = 300.0;

// "eng+chi_sim+…": the preferred languages that are installed; empty when none is.
std::string installedLanguages(tesseract::TessBaseAPI& api)
{
    if (api.Init(nullptr, "eng") != 0 && api.Init(nullptr, "chi_sim") != 0)
        return {};
    std::vector<std::string> available;
    api.GetAvailableLanguagesAsVector(&available);
    std::string languages;
    for (const char* wanted : {"eng", "chi_sim", "chi_tra", "jpn"})
        for (const std::string& a : available)
            if (a == wanted)
                languages += (languages.empty() ? "" : "+") + a;
    return languages;
}

bool isCjk(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 0x3040 && u <= 0x30FF) || (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF);
}

} // namespace

OcrPage readPageByOcr(Poppler::Page& page)
{
    OcrPage out;
    tesseract::TessBaseAPI api;
    const std::string languages = installedLanguages(api);
    if (languages.empty() || api.Init(nullptr, languages.c_str()) != 0)
        return out;
    const QImage image = page.renderToImage(kDpi, kDpi).convertToFormat(QImage::Format_Grayscale8);
    if (image.isNull() || image.width() == 0 || image.height() == 0)
        return out;
    api.SetImage(image.constBits(), image.width(), image.height(), 1, int(image.bytesPerLine()));
    api.SetSourceResolution(int(kDpi));
    if (api.Recognize(nullptr) != 0)
        return out;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (!it)
        return out;
    const double w = image.width();
    const double h = image.height();
    do {
        std::unique_ptr<const char[]> utf8(it->GetUTF8Text(tesseract::RIL_WORD));
        if (!utf8)
            continue;
        const QString word = QString::fromUtf8(utf8.get()).trimmed();
        if (word.isEmpty())
            continue;
        int left = 0, top = 0, right = 0, bottom = 0;
        it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom);
        // Words are joined by spaces, except between CJK characters, which have none.
        if (!out.text.isEmpty() && !out.text.back().isSpace() && !(isCjk(out.text.back()) && isCjk(word.front())))
            out.text += QLatin1Char(' ');
        const qsizetype start = out.text.size();
        out.text += word;
        out.words.append(QJsonArray{left / w, top / h, (right - left) / w, (bottom - top) / h, int(start),
                                    int(word.size())});
        if (it->IsAtFinalElement(tesseract::RIL_PARA, tesseract::RIL_WORD))
            out.text += QStringLiteral("\n\n");
        else if (it->IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD))
            out.text += QLatin1Char('\n');
    } while (it->Next(tesseract::RIL_WORD));
    api.End();
    return out;
}
