// Reading documents for the Documents pane: PDF pages through the rwkv-pdf-helper child process
// (text per page, word boxes, the scanned-page report), password-protected, truncated and
// not-a-PDF files giving sentences, a helper that crashes or hangs on one page costing only that
// page, and plain text and Markdown files.
#include "test_pdfs.h"

#include "app/documents/pdf_reader.h"
#include "app/documents/text_file_reader.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QtTest>

class TestDocumentExtraction : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    // A stand-in helper (a shell script) that dies on page `badPage` the way `how` says.
    QString fakeHelper(const QString& name, int badPage, const QString& how)
    {
        const QString script = path(name);
        QFile f(script);
        f.open(QIODevice::WriteOnly);
        f.write(QStringLiteral("#!/bin/sh\n"
                               "from=1\n[ \"$3\" = --from ] && from=$4\n"
                               "echo '{\"pages\": 3}'\n"
                               "for p in $(seq $from 3); do\n"
                               "  if [ $p = %1 ]; then %2; fi\n"
                               "  echo \"{\\\"page\\\": $p, \\\"text\\\": \\\"text of page $p\\\", \\\"words\\\": []}\"\n"
                               "done\n")
                    .arg(badPage)
                    .arg(how)
                    .toUtf8());
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        return script;
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void readsEveryPageWithItsWordsAndReportsScannedPages()
    {
        testpdf::write(path("report.pdf"), {QStringLiteral("The first page talks about otters and rivers."),
                                            testpdf::kImagePage,
                                            QStringLiteral("第三页讨论长江的水文情况。"),
                                            QStringLiteral("The last page mentions glaciers.")});
        const ExtractedDocument doc = PdfReader().read(path("report.pdf"));
        QVERIFY2(doc.ok(), qPrintable(doc.error));
        QCOMPARE(doc.pageCount, 4);
        QCOMPARE(doc.pages.size(), 4);
        QVERIFY(doc.pages[0].text.contains(QStringLiteral("otters and rivers")));
        QVERIFY(doc.pages[2].text.contains(QStringLiteral("长江")));
        QVERIFY(doc.pages[3].text.contains(QStringLiteral("glaciers")));
        QCOMPARE(doc.pagesWithoutText(), QList<int>{2});
        QVERIFY(doc.problems.join(' ').contains(QStringLiteral("Page 2 of report.pdf has no text")));

        // Word boxes point into the page text and lie on the page.
        const ExtractedPage& first = doc.pages[0];
        QVERIFY(first.words.size() >= 7);
        for (const WordBox& w : first.words) {
            QVERIFY(w.start + w.length <= first.text.size());
            QVERIFY(w.box.left() >= 0.0 && w.box.right() <= 1.0 && w.box.top() >= 0.0 && w.box.bottom() <= 1.0);
        }
        QCOMPARE(first.text.mid(first.words[1].start, first.words[1].length), QStringLiteral("first"));
        QVERIFY(first.words[1].box.left() > first.words[0].box.left());
    }

    void aScannedPageIsReadByOcrWithItsWordBoxes()
    {
        testpdf::write(path("scan.pdf"), {QStringLiteral("A page with a text layer."),
                                          testpdf::kScannedText + QStringLiteral("The scanned otter sleeps in the boathouse")});
        const ExtractedDocument doc = PdfReader().read(path("scan.pdf"));
        QVERIFY2(doc.ok(), qPrintable(doc.error));
        QCOMPARE(doc.pages.size(), 2);
        QVERIFY(!doc.pages[0].ocr);
        const ExtractedPage& scanned = doc.pages[1];
        QVERIFY(scanned.ocr);
        QVERIFY2(scanned.text.contains(QStringLiteral("otter")) && scanned.text.contains(QStringLiteral("boathouse")),
                 qPrintable(scanned.text));
        QCOMPARE(doc.pagesWithoutText(), QList<int>{2}); // no text layer, though OCR read it
        QVERIFY(doc.problems.contains(QStringLiteral("Page 2 of scan.pdf is a scanned image: its text was read by OCR "
                                                     "and may have mistakes.")));
        // The word boxes lie where the picture was drawn: the upper part of the page.
        QVERIFY(scanned.words.size() >= 5);
        for (const WordBox& w : scanned.words) {
            QVERIFY(w.start + w.length <= scanned.text.size());
            QVERIFY(w.box.top() > 0.03 && w.box.bottom() < 0.25);
        }
    }

    void aPasswordProtectedPdfIsASentence()
    {
        testpdf::writeEncrypted(path("secret.pdf"));
        const ExtractedDocument doc = PdfReader().read(path("secret.pdf"));
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error.contains(QStringLiteral("secret.pdf is password-protected")), qPrintable(doc.error));
        QVERIFY(doc.pages.isEmpty());
    }

    void truncatedAndFakePdfsNeverTakeTheAppDown()
    {
        QStringList pages;
        for (int i = 1; i <= 6; ++i)
            pages << QStringLiteral("Page %1 of a long report about harbours and ships.").arg(i);
        testpdf::write(path("cut.pdf"), pages);
        testpdf::truncate(path("cut.pdf"), 0.5);
        const ExtractedDocument cut = PdfReader().read(path("cut.pdf"));
        // Poppler may rebuild part of a cut file; either way the result says what happened.
        if (!cut.ok())
            QVERIFY2(cut.error.contains(QStringLiteral("cut.pdf")), qPrintable(cut.error));
        else
            QVERIFY(cut.pages.size() <= 6);

        QFile fake(path("fake.pdf"));
        fake.open(QIODevice::WriteOnly);
        fake.write("this is not a PDF at all");
        fake.close();
        const ExtractedDocument notPdf = PdfReader().read(path("fake.pdf"));
        QVERIFY(!notPdf.ok());
        QVERIFY2(notPdf.error.contains(QStringLiteral("fake.pdf could not be read")), qPrintable(notPdf.error));
    }

    void aHelperThatCrashesOnAPageLosesOnlyThatPage()
    {
        const ExtractedDocument doc = PdfReader(fakeHelper("crash.sh", 2, "kill -SEGV $$")).read(path("any.pdf"));
        QVERIFY2(doc.ok(), qPrintable(doc.error));
        QCOMPARE(doc.pages.size(), 3);
        QCOMPARE(doc.pages[0].text, QStringLiteral("text of page 1"));
        QVERIFY(!doc.pages[1].readable);
        QCOMPARE(doc.pages[2].text, QStringLiteral("text of page 3"));
        QVERIFY(doc.problems.contains(QStringLiteral("Page 2 of any.pdf could not be read.")));
        QVERIFY(doc.pagesWithoutText().isEmpty()); // unreadable is not "scanned"
    }

    void aHelperThatHangsIsStoppedAndThePageReported()
    {
        PdfReaderLimits limits;
        limits.secondsPerPage = 1;
        const ExtractedDocument doc = PdfReader(fakeHelper("hang.sh", 3, "exec sleep 30"), limits).read(path("slow.pdf"));
        QVERIFY2(doc.ok(), qPrintable(doc.error));
        QCOMPARE(doc.pages.size(), 3);
        QVERIFY(!doc.pages[2].readable);
        QVERIFY(doc.problems.contains(QStringLiteral("Page 3 of slow.pdf took too long to read.")));
    }

    void aMissingHelperIsASentence()
    {
        const ExtractedDocument doc = PdfReader(path("no-such-helper")).read(path("any.pdf"));
        QVERIFY(!doc.ok());
        QVERIFY(doc.error.contains(QStringLiteral("any.pdf could not be read")));
    }

    void rendersAPageForTheViewer()
    {
        testpdf::write(path("shown.pdf"), {QStringLiteral("Shown page.")});
        QString error;
        const QByteArray png = PdfReader().render(path("shown.pdf"), 1, 50, &error);
        QVERIFY2(png.startsWith("\x89PNG"), qPrintable(error));
        QVERIFY(PdfReader().render(path("shown.pdf"), 9, 50, &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("Page 9 of shown.pdf")));
    }

    void textAndMarkdownFilesArePagedByFormFeeds()
    {
        QFile f(path("notes.md"));
        f.open(QIODevice::WriteOnly);
        f.write("\xEF\xBB\xBF# Notes\n\nFirst part.\fSecond part, 第二部分.");
        f.close();
        const ExtractedDocument doc = readTextFile(path("notes.md"));
        QVERIFY(doc.ok());
        QCOMPARE(doc.pageCount, 2);
        QCOMPARE(doc.pages[0].text, QStringLiteral("# Notes\n\nFirst part."));
        QVERIFY(doc.pages[1].text.contains(QStringLiteral("第二部分")));
        QVERIFY(isReadableDocument(QStringLiteral("a/B.PDF")) && isReadableDocument(QStringLiteral("x.markdown")));
        QVERIFY(!isReadableDocument(QStringLiteral("x.docx")));

        QFile binary(path("blob.txt"));
        binary.open(QIODevice::WriteOnly);
        binary.write(QByteArray("ab\0cd", 5));
        binary.close();
        QVERIFY(readTextFile(path("blob.txt")).error.contains(QStringLiteral("blob.txt is not a text file")));
        QVERIFY(readTextFile(path("missing.txt")).error.contains(QStringLiteral("missing.txt could not be opened")));
    }
};

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv); // QPdfWriter needs fonts
    TestDocumentExtraction test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_document_extraction.moc"
