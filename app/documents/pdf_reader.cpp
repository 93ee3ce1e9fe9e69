#include "app/documents/pdf_reader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>

#include <sys/resource.h>

namespace {

constexpr int kMaxRestarts = 50; // a file that kills the helper on this many pages is given up

void limitChild(QProcess& process, qint64 memoryBytes)
{
    process.setChildProcessModifier([memoryBytes] {
        // Runs in the child between fork and exec: only async-signal-safe calls.
        rlimit limit{rlim_t(memoryBytes), rlim_t(memoryBytes)};
        setrlimit(RLIMIT_AS, &limit);
        rlimit noCore{0, 0};
        setrlimit(RLIMIT_CORE, &noCore);
    });
}

ExtractedPage pageFrom(const QJsonObject& o)
{
    ExtractedPage page;
    page.number = o.value(QLatin1String("page")).toInt();
    page.text = o.value(QLatin1String("text")).toString();
    page.ocr = o.value(QLatin1String("ocr")).toBool();
    for (const QJsonValue& w : o.value(QLatin1String("words")).toArray()) {
        const QJsonArray a = w.toArray();
        if (a.size() != 6)
            continue;
        WordBox box;
        box.box = QRectF(a[0].toDouble(), a[1].toDouble(), a[2].toDouble(), a[3].toDouble());
        box.start = a[4].toInt();
        box.length = a[5].toInt();
        if (box.start >= 0 && box.length >= 0 && box.start + box.length <= page.text.size())
            page.words.append(box);
    }
    return page;
}

QString unreadablePage(const QString& name, int page)
{
    return QCoreApplication::translate("PdfReader", "Page %1 of %2 could not be read.").arg(page).arg(name);
}

} // namespace

PdfReader::PdfReader(QString helperPath, PdfReaderLimits limits)
    : helper_(helperPath.isEmpty() ? defaultHelperPath() : std::move(helperPath)), limits_(limits)
{
}

QString PdfReader::defaultHelperPath()
{
    const QString fromEnvironment = qEnvironmentVariable("RWKV_PDF_HELPER");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QDir bin(QCoreApplication::applicationDirPath());
    const QString beside = bin.filePath(QStringLiteral("rwkv-pdf-helper")); // a build folder
    if (QFileInfo::exists(beside))
        return beside;
    const QString installed = bin.filePath(QStringLiteral("../lib/rwkv-studio/rwkv-pdf-helper")); // a package
    if (QFileInfo::exists(installed))
        return QDir::cleanPath(installed);
    return QStringLiteral("rwkv-pdf-helper"); // on PATH
}

ExtractedDocument PdfReader::read(const QString& path, const std::atomic<bool>* cancel) const
{
    ExtractedDocument doc;
    doc.path = path;
    const QString name = QFileInfo(path).fileName();
    int next = 1;
    for (int restart = 0; restart <= kMaxRestarts; ++restart) {
        QProcess process;
        limitChild(process, limits_.memoryBytes);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(helper_, {QStringLiteral("text"), path, QStringLiteral("--from"), QString::number(next)});
        if (!process.waitForStarted(10000)) {
            doc.error = QCoreApplication::translate("PdfReader", "%1 could not be read: the PDF reader (%2) did not start.")
                            .arg(name, helper_);
            return doc;
        }
        // Every return below leaves no helper behind.
        const auto stopHelper = qScopeGuard([&process] {
            if (process.state() != QProcess::NotRunning) {
                process.kill();
                process.waitForFinished(5000);
            }
        });
        bool finished = false;
        bool timedOut = false;
        QByteArray pending;
        while (true) {
            if (cancel && cancel->load()) {
                process.kill();
                process.waitForFinished(5000);
                doc.error = QCoreApplication::translate("PdfReader", "Reading %1 was cancelled.").arg(name);
                return doc;
            }
            if (!process.canReadLine() && !process.waitForReadyRead(limits_.secondsPerPage * 1000)) {
                if (process.state() == QProcess::Running) {
                    timedOut = true;
                    process.kill();
                }
                process.waitForFinished(5000);
                pending += process.readAllStandardOutput();
                finished = true;
            }
            // Whole lines only: a page cut off by a crash counts as not read.
            QList<QByteArray> lines;
            if (finished) {
                lines = pending.split('\n');
                lines.removeLast();
            } else {
                while (process.canReadLine())
                    lines.append(process.readLine());
            }
            for (const QByteArray& line : lines) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                const QString error = o.value(QLatin1String("error")).toString();
                if (o.contains(QLatin1String("pages"))) {
                    doc.pageCount = o.value(QLatin1String("pages")).toInt();
                } else if (!o.contains(QLatin1String("page")) && error == QLatin1String("locked")) {
                    doc.error = QCoreApplication::translate("PdfReader",
                                                            "%1 is password-protected: save a copy without the password "
                                                            "in a PDF viewer and add that.")
                                    .arg(name);
                    return doc;
                } else if (!o.contains(QLatin1String("page")) && !error.isEmpty()) {
                    doc.error = QCoreApplication::translate("PdfReader",
                                                            "%1 could not be read: it is damaged, incomplete or not a PDF.")
                                    .arg(name);
                    return doc;
                } else if (o.contains(QLatin1String("page"))) {
                    ExtractedPage page = error.isEmpty() ? pageFrom(o) : ExtractedPage{};
                    page.number = o.value(QLatin1String("page")).toInt();
                    if (page.number != next)
                        continue;
                    page.readable = error.isEmpty();
                    if (!page.readable)
                        doc.problems.append(unreadablePage(name, page.number));
                    doc.pages.append(page);
                    ++next;
                }
            }
            if (finished)
                break;
        }
        if (doc.pageCount == 0 && doc.pages.isEmpty()) {
            doc.error = timedOut
                ? QCoreApplication::translate("PdfReader", "%1 could not be read: opening it took too long.").arg(name)
                : QCoreApplication::translate("PdfReader", "%1 could not be read: the PDF reader failed on it.").arg(name);
            return doc;
        }
        if (next > doc.pageCount)
            break;
        // The helper died on page `next`: report it and go on after it.
        ExtractedPage lost;
        lost.number = next;
        lost.readable = false;
        doc.pages.append(lost);
        doc.problems.append(timedOut ? QCoreApplication::translate("PdfReader", "Page %1 of %2 took too long to read.")
                                           .arg(next).arg(name)
                                     : unreadablePage(name, next));
        ++next;
        if (next > doc.pageCount)
            break;
    }
    for (int p = next; p <= doc.pageCount; ++p) { // only after kMaxRestarts
        ExtractedPage lost;
        lost.number = p;
        lost.readable = false;
        doc.pages.append(lost);
        doc.problems.append(unreadablePage(name, p));
    }
    for (const ExtractedPage& page : doc.pages) {
        if (page.withoutText() && page.ocr)
            doc.problems.append(QCoreApplication::translate("PdfReader", "Page %1 of %2 is a scanned image: its text was "
                                                                         "read by OCR and may have mistakes.")
                                    .arg(page.number)
                                    .arg(name));
        else if (page.withoutText())
            doc.problems.append(QCoreApplication::translate("PdfReader", "Page %1 of %2 has no text: it is probably a "
                                                                         "scanned image.")
                                    .arg(page.number)
                                    .arg(name));
    }
    return doc;
}

QByteArray PdfReader::render(const QString& path, int page, int dpi, QString* error) const
{
    QProcess process;
    limitChild(process, limits_.memoryBytes);
    process.start(helper_, {QStringLiteral("render"), path, QString::number(page), QString::number(dpi)});
    const bool done = process.waitForFinished(limits_.secondsPerPage * 1000);
    if (!done)
        process.kill();
    QByteArray png;
    if (done && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        png = process.readAllStandardOutput();
    if (!png.startsWith("\x89PNG")) {
        png.clear();
        if (error)
            *error = QCoreApplication::translate("PdfReader", "Page %1 of %2 could not be shown.")
                         .arg(page)
                         .arg(QFileInfo(path).fileName());
    }
    return png;
}
