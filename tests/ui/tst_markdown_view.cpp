// MarkdownView: replies are split into prose and fenced code blocks; code is monospaced with a
// Copy button that puts exactly the code on the clipboard.
#include "ui/widgets/markdown_view.h"

#include <QApplication>
#include <QClipboard>
#include <QFontInfo>
#include <QLabel>
#include <QTest>
#include <QToolButton>

class TestMarkdownView : public QObject {
    Q_OBJECT
private slots:
    void fencedCodeIsSeparatedFromProse()
    {
        const auto blocks = MarkdownView::splitBlocks(
            QStringLiteral("Use this:\n```python\nprint(1)\nprint(2)\n```\nDone."));
        QCOMPARE(blocks.size(), 3);
        QVERIFY(!blocks[0].code);
        QCOMPARE(blocks[0].text, QStringLiteral("Use this:"));
        QVERIFY(blocks[1].code);
        QCOMPARE(blocks[1].language, QStringLiteral("python"));
        QCOMPARE(blocks[1].text, QStringLiteral("print(1)\nprint(2)"));
        QCOMPARE(blocks[2].text, QStringLiteral("Done."));
    }

    void anUnclosedFenceWhileStreamingIsStillCode()
    {
        const auto blocks = MarkdownView::splitBlocks(QStringLiteral("Here:\n```\nint x"));
        QCOMPARE(blocks.size(), 2);
        QVERIFY(blocks[1].code);
        QCOMPARE(blocks[1].text, QStringLiteral("int x"));
    }

    void copyButtonCopiesTheCode()
    {
        MarkdownView view;
        view.setMarkdown(QStringLiteral("**Bold** text\n```\nls -la\n```"));
        auto* code = view.findChild<QLabel*>(QStringLiteral("code"));
        QVERIFY(code);
        QVERIFY(QFontInfo(code->font()).fixedPitch()); // the font actually used is monospaced
        auto* prose = view.findChild<QLabel*>(QStringLiteral("prose"));
        QCOMPARE(prose->textFormat(), Qt::MarkdownText);
        QTest::mouseClick(view.findChild<QToolButton*>(QStringLiteral("copyCode")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("ls -la"));
    }
};

QTEST_MAIN(TestMarkdownView)
#include "tst_markdown_view.moc"
