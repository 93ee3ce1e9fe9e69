#include "app/documents/text_file_reader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace {
constexpr qint64 kMaxTextBytes = 256LL << 20; // a text file larger than this is not a document
}

ExtractedDocument readTextFile(const QString& path)
{
    ExtractedDocument doc;
    doc.path = path;
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        doc.error = QCoreApplication::translate("TextFileReader", "%1 could not be opened: %2").arg(name, file.errorString());
        return doc;
    }
    if (file.size() > kMaxTextBytes) {
        doc.error = QCoreApplication::translate("TextFileReader", "%1 is too large to be a text document.").arg(name);
        return doc;
    }
    QByteArray bytes = file.readAll();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    if (bytes.contains('\0')) {
        doc.error = QCoreApplication::translate("TextFileReader", "%1 is not a text file.").arg(name);
        return doc;
    }
    const QStringList pages = QString::fromUtf8(bytes).split(QLatin1Char('\f'));
    for (qsizetype i = 0; i < pages.size(); ++i) {
        ExtractedPage page;
        page.number = int(i + 1);
        page.text = pages[i];
        doc.pages.append(page);
    }
    doc.pageCount = int(doc.pages.size());
    return doc;
}

bool isReadableDocument(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("pdf") || suffix == QLatin1String("txt") || suffix == QLatin1String("md") ||
           suffix == QLatin1String("markdown");
}
