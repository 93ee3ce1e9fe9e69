// Cutting pages into passages: sentence and paragraph ends (Latin and CJK), the token budget, the
// overlap that repeats a passage's closing sentences, page breaks that always end a passage, and
// offsets that point at the passage's text on its page.
#include "app/documents/passage_chunker.h"

#include <QtTest>

class TestPassageChunker : public QObject {
    Q_OBJECT

    static ExtractedPage page(int number, const QString& text)
    {
        ExtractedPage p;
        p.number = number;
        p.text = text;
        return p;
    }

private slots:
    void estimatesTokensForLatinAndCjk()
    {
        QCOMPARE(estimateTokens(u"abcdefgh"), 2);
        QCOMPARE(estimateTokens(u"长江黄河"), 4);
        QCOMPARE(estimateTokens(u"长江 river"), 2 + 2);
        QCOMPARE(estimateTokens(u""), 0);
    }

    void cutsAtSentenceEndsWithinTheBudgetAndOverlaps()
    {
        QString text;
        for (int i = 0; i < 30; ++i)
            text += QStringLiteral("Sentence number %1 is here. ").arg(i, 2, 10, QLatin1Char('0'));
        ChunkSettings settings;
        settings.targetTokens = 40;
        settings.overlapTokens = 8;
        const QList<Passage> passages = chunkPages({page(1, text)}, settings);
        QVERIFY(passages.size() > 3);
        for (qsizetype i = 0; i < passages.size(); ++i) {
            const Passage& p = passages[i];
            QCOMPARE(p.ordinal, int(i));
            QVERIFY(estimateTokens(p.text) <= 40);
            QVERIFY(p.text.endsWith(QLatin1Char('.')));
            QVERIFY(p.text.startsWith(QStringLiteral("Sentence number")));
            QCOMPARE(text.mid(p.startOffset, p.endOffset - p.startOffset), p.text);
            if (i > 0) {
                // The previous passage's last sentence starts this one.
                const QString last = passages[i - 1].text.section(QStringLiteral(". "), -1);
                QVERIFY2(p.text.startsWith(last.chopped(1)), qPrintable(p.text));
            }
        }
        QVERIFY(passages.last().text.endsWith(QStringLiteral("number 29 is here.")));
    }

    void cjkTextIsCutAtItsOwnFullStops()
    {
        QString text;
        for (int i = 0; i < 20; ++i)
            text += QStringLiteral("长江流经第%1个城市。").arg(i);
        ChunkSettings settings;
        settings.targetTokens = 30;
        settings.overlapTokens = 0;
        const QList<Passage> passages = chunkPages({page(1, text)}, settings);
        QVERIFY(passages.size() >= 5);
        for (const Passage& p : passages) {
            QVERIFY(p.text.endsWith(QStringLiteral("。")));
            QVERIFY(estimateTokens(p.text) <= 30);
        }
    }

    void aPageBreakEndsAPassageAndEmptyPagesGiveNone()
    {
        const QList<Passage> passages =
            chunkPages({page(1, QStringLiteral("First page.")), page(2, QStringLiteral("  \n ")),
                        page(3, QStringLiteral("Third page, first sentence. Second sentence."))});
        QCOMPARE(passages.size(), 2);
        QCOMPARE(passages[0].pageFrom, 1);
        QCOMPARE(passages[0].pageTo, 1);
        QCOMPARE(passages[1].page(), 3);
        QCOMPARE(passages[1].text, QStringLiteral("Third page, first sentence. Second sentence."));
        QVERIFY(chunkPages({}).isEmpty());
    }

    void anOverlongSentenceIsSplitAtSpaces()
    {
        QString words;
        for (int i = 0; i < 400; ++i)
            words += QStringLiteral("word%1 ").arg(i);
        ChunkSettings settings;
        settings.targetTokens = 50;
        const QList<Passage> passages = chunkPages({page(1, words)}, settings);
        QVERIFY(passages.size() >= 10);
        QString joined;
        for (const Passage& p : passages) {
            QVERIFY(estimateTokens(p.text) <= 50);
            QVERIFY(!p.text.startsWith(QLatin1Char(' ')) && !p.text.endsWith(QLatin1Char(' ')));
        }
        QVERIFY(passages.last().text.endsWith(QStringLiteral("word399")));
    }
};

QTEST_APPLESS_MAIN(TestPassageChunker)
#include "tst_passage_chunker.moc"
