// The Documents pane under the offscreen platform, on a real index and the fixture model: add a
// folder (with a password-protected PDF among good ones), watch it indexed with progress, ask,
// see the numbered sources, click one and see its page with the passage highlighted.
#include "app/documents_test_support.h"

#include "ui/documents/documents_pane.h"
#include "ui/documents/page_viewer.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QTemporaryDir>
#include <QTextBrowser>

using namespace rwkvtest;

class TestDocumentsPane : public QObject {
    Q_OBJECT

private slots:
    void addAFolderAskAndOpenACitation()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        QTemporaryDir dir;
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        writeCorpus(dir.filePath("docs"), 2, 3);
        testpdf::writeEncrypted(dir.filePath("docs/locked.pdf"));
        DocumentService documents(inference, dir.filePath("studio.sqlite"));
        DocumentsPane pane(documents);
        pane.resize(1200, 700);
        pane.show();

        auto* progress = pane.findChild<QProgressBar*>("indexingProgress");
        auto* files = pane.findChild<QListWidget*>("documentFiles");
        QVERIFY(progress && files);
        QSignalSpy indexed(&documents, &DocumentService::indexingFinished);
        QSignalSpy reading(&documents, &DocumentService::indexingProgress);
        pane.addSources({dir.filePath("docs")});
        QVERIFY(waitForCount(indexed));
        QVERIFY(reading.size() >= 3);
        QCOMPARE(progress->value(), progress->maximum());
        QTRY_COMPARE(files->count(), 3);
        QStringList rows;
        for (int i = 0; i < files->count(); ++i)
            rows << files->item(i)->text();
        QVERIFY2(rows.join('\n').contains("locked.pdf — locked.pdf is password-protected"), qPrintable(rows.join('\n')));
        QVERIFY2(rows.join("\n").contains("survey-1.pdf — 3 pages"), qPrintable(rows.join("\n")));

        QSignalSpy answered(&documents, &DocumentService::answerFinished);
        pane.ask(QStringLiteral("Where does the amber heron near Lisbon sleep?"));
        QVERIFY(waitForCount(answered));
        auto* citations = pane.findChild<QListWidget*>("citations");
        QVERIFY(citations->count() >= 1);
        QVERIFY2(citations->item(0)->text().startsWith("[1] survey-1.pdf, page 1"), qPrintable(citations->item(0)->text()));
        QVERIFY(pane.findChild<QTextBrowser*>("answer")->toPlainText().contains("amber heron"));

        auto* viewer = pane.findChild<PageViewer*>("pageViewer");
        QVERIFY(viewer && !viewer->isVisible());
        QSignalSpy shown(&documents, &DocumentService::pageReady);
        citations->itemClicked(citations->item(0));
        QVERIFY(waitForCount(shown));
        QTRY_VERIFY(viewer->isVisible());
        QCOMPARE(viewer->title(), QStringLiteral("survey-1.pdf, page 1"));
        QVERIFY(!viewer->image().isNull());
        // The highlight is painted: some pixels are the highlight's yellow tint.
        bool tinted = false;
        const QImage image = viewer->image();
        for (int y = 0; y < image.height() && !tinted; y += 2)
            for (int x = 0; x < image.width() && !tinted; x += 2) {
                const QColor c = image.pixelColor(x, y);
                tinted = c.red() > 200 && c.green() > 180 && c.blue() < 200;
            }
        QVERIFY(tinted);
    }
};

QTEST_MAIN(TestDocumentsPane)
#include "tst_documents_pane.moc"
