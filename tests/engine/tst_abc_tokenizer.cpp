// AbcTokenizer: ASCII codes as ids, control ids 0..3 dropped on decode, non-ASCII skipped.
#include "tokenizer/abc_tokenizer.h"

#include <QTest>

using rwkv::AbcTokenizer;

class AbcTokenizerTest : public QObject {
    Q_OBJECT

private slots:
    void charactersBecomeTheirAsciiCodes()
    {
        AbcTokenizer t;
        QCOMPARE(t.encode("\x02S:2\nK:C"),
                 (std::vector<int32_t>{AbcTokenizer::kBegin, 'S', ':', '2', '\n', 'K', ':', 'C'}));
        QCOMPARE(t.vocabSize(), 128);
        QCOMPARE(t.kind(), std::string("abc"));
    }

    void nonAsciiCharactersAreSkippedWhole()
    {
        AbcTokenizer t;
        QCOMPARE(t.encode("C♯D é"), (std::vector<int32_t>{'C', 'D', ' '}));
    }

    void decodingDropsPadBeginEndAndOutOfRangeIds()
    {
        AbcTokenizer t;
        const std::vector<int32_t> ids{AbcTokenizer::kBegin, 'A', 'B', AbcTokenizer::kPad, 1,
                                       'c', AbcTokenizer::kEnd, 200, -3};
        QCOMPARE(t.decode(ids), std::string("ABc"));
        QCOMPARE(t.tokenBytes(AbcTokenizer::kEnd), std::string());
        QCOMPARE(t.tokenBytes('|'), std::string("|"));
    }
};

QTEST_GUILESS_MAIN(AbcTokenizerTest)
#include "tst_abc_tokenizer.moc"
