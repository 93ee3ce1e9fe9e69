// PDFs the Documents tests make themselves (no third-party PDFs in the repository): text pages
// written with QPdfWriter (a CJK font for Chinese), image-only pages, a password-protected file
// written by hand with a Standard security handler, and truncated copies.
#pragma once

#include <QFile>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace testpdf {

inline const QString kImagePage = QStringLiteral("<image>");
// A page entry starting with this is drawn as a picture of its text: a scan OCR can read.
inline const QString kScannedText = QStringLiteral("<scan>");

inline bool hasCjk(const QString& text)
{
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    return text.contains(han);
}

// One page per entry; kImagePage draws a picture and no text (a "scanned" page).
inline void write(const QString& path, const QStringList& pages)
{
    QPdfWriter writer(path);
    writer.setResolution(72);
    writer.setPageSize(QPageSize(QPageSize::A4));
    QPainter painter(&writer);
    for (qsizetype i = 0; i < pages.size(); ++i) {
        if (i > 0)
            writer.newPage();
        if (pages[i] == kImagePage) {
            // A soft gradient: a photograph with nothing to read.
            QImage image(200, 120, QImage::Format_RGB32);
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    image.setPixel(x, y, qRgb(120 + x / 4, 140 + y / 4, 200));
            painter.drawImage(QRect(60, 60, 400, 240), image);
            continue;
        }
        if (pages[i].startsWith(kScannedText)) {
            QImage image(1600, 400, QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter scan(&image);
            QFont font(QStringLiteral("DejaVu Sans"));
            font.setPixelSize(64);
            scan.setFont(font);
            scan.setPen(Qt::black);
            scan.drawText(image.rect().adjusted(40, 40, -40, -40), Qt::TextWordWrap, pages[i].mid(kScannedText.size()));
            scan.end();
            painter.drawImage(QRect(50, 50, 480, 120), image);
            continue;
        }
        QFont font(hasCjk(pages[i]) ? QStringLiteral("WenQuanYi Micro Hei") : QStringLiteral("DejaVu Sans"));
        font.setPointSize(11);
        painter.setFont(font);
        painter.drawText(QRect(50, 50, 480, 740), Qt::TextWordWrap, pages[i]);
    }
}

// A one-page PDF whose user password is not empty: readers must ask for it.
inline void writeEncrypted(const QString& path)
{
    const QByteArray hex32 = QByteArray(32, '\x5a').toHex();
    QList<QByteArray> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Filter /Standard /V 1 /R 2 /O <" + QByteArray(32, '\x11').toHex() + "> /U <" + hex32 + "> /P -4 >>",
    };
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets.append(pdf.size());
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype o : offsets)
        pdf += QByteArray::number(o).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1) +
           " /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
           "startxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(pdf);
}

// Keeps the first `fraction` of the file's bytes (an interrupted download).
inline void truncate(const QString& path, double fraction)
{
    QFile file(path);
    file.open(QIODevice::ReadWrite);
    file.resize(qint64(double(file.size()) * fraction));
}

} // namespace testpdf
