// ByteTokenizer: one id per byte, every byte decodes back.
#include "tokenizer/byte_tokenizer.h"

#include <QTest>

class ByteTokenizerTest : public QObject {
    Q_OBJECT

private slots:
    void eachByteIsItsOwnId()
    {
        rwkv::ByteTokenizer t;
        QCOMPARE(t.encode("Hi\n"), (std::vector<int32_t>{72, 105, 10}));
        QCOMPARE(t.encode("é"), (std::vector<int32_t>{0xC3, 0xA9}));
        QCOMPARE(t.vocabSize(), 256);
        QCOMPARE(t.kind(), std::string("bytes"));
    }

    void everyByteRoundTripsIncludingZero()
    {
        rwkv::ByteTokenizer t;
        std::string all;
        for (int b = 0; b < 256; ++b)
            all += static_cast<char>(b);
        QCOMPARE(t.decode(t.encode(all)), all);
        QCOMPARE(t.tokenBytes(0), std::string(1, '\0'));
    }

    void idsOutsideTheBytesDecodeToNothing()
    {
        rwkv::ByteTokenizer t;
        const std::vector<int32_t> ids{65, 256, -1, 66};
        QCOMPARE(t.decode(ids), std::string("AB"));
        QCOMPARE(t.tokenBytes(300), std::string());
    }
};

QTEST_GUILESS_MAIN(ByteTokenizerTest)
#include "tst_byte_tokenizer.moc"
