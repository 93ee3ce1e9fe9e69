// The ByteLevel pre-tokenizer pieces: GPT-2's regex split and GPT-2's byte alphabet.
#include "tokenizer/byte_level.h"

#include <QTest>

namespace {

QStringList pieces(const QString& text)
{
    const std::string utf8 = text.toStdString();
    QStringList out;
    for (std::string_view piece : rwkv::splitGpt2Pieces(utf8))
        out << QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size()));
    return out;
}

} // namespace

class ByteLevelTest : public QObject {
    Q_OBJECT

private slots:
    void splitsLikeTheGpt2Pattern_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("words keep their leading space") << "Hello world" << QStringList{"Hello", " world"};
        QTest::newRow("extra spaces stay apart from the word") << "  leading" << QStringList{" ", " leading"};
        QTest::newRow("newlines") << "a\n\nb" << QStringList{"a", "\n", "\n", "b"};
        QTest::newRow("contraction") << "it's" << QStringList{"it", "'s"};
        QTest::newRow("uppercase is no contraction") << "I'M" << QStringList{"I", "'", "M"};
        QTest::newRow("trailing spaces") << "x   " << QStringList{"x", "   "};
        QTest::newRow("digits split from letters") << "abc123def" << QStringList{"abc", "123", "def"};
        QTest::newRow("accented letters") << "naïve café" << QStringList{"naïve", " café"};
        QTest::newRow("punctuation run") << "wait...!? ok" << QStringList{"wait", "...!?", " ok"};
        QTest::newRow("emoji is punctuation") << "😀 hi" << QStringList{"😀", " hi"};
        QTest::newRow("mixed whitespace") << "x  \ty" << QStringList{"x", "  ", "\t", "y"};
        QTest::newRow("non-latin digits") << "x ١٢٣" << QStringList{"x", " ١٢٣"};
        QTest::newRow("cjk letters") << "中文 text" << QStringList{"中文", " text"};
        QTest::newRow("empty") << "" << QStringList{};
    }

    void splitsLikeTheGpt2Pattern()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(pieces(text), expected);
    }

    void illFormedBytesAreKeptInThePieces()
    {
        const std::string text = "ab\xFF\xFEx y";
        std::string joined;
        for (std::string_view piece : rwkv::splitGpt2Pieces(text))
            joined += piece;
        QCOMPARE(joined, text);
    }

    void byteAlphabetMatchesGpt2()
    {
        QCOMPARE(rwkv::byteLevelCharOf(' '), U'\u0120');  // 'Ġ'
        QCOMPARE(rwkv::byteLevelCharOf('\n'), U'\u010A'); // 'Ċ'
        QCOMPARE(rwkv::byteLevelCharOf('A'), U'A');
        QCOMPARE(rwkv::byteLevelCharOf(0xAD), U'\u0143'); // the soft hyphen is the 68th stand-in
        QCOMPARE(rwkv::byteLevelCharOf(0xE9), U'\u00E9');
        for (int b = 0; b < 256; ++b)
            QCOMPARE(rwkv::byteLevelByteOf(rwkv::byteLevelCharOf(static_cast<uint8_t>(b))), b);
        QCOMPARE(rwkv::byteLevelByteOf(U' '), -1);
        QCOMPARE(rwkv::byteLevelByteOf(U'\u0144'), -1);
    }

    void byteAlphabetRoundTripsText()
    {
        const std::string text = " café\n中";
        const std::string written = rwkv::byteLevelEncode(text);
        QCOMPARE(QString::fromStdString(written), QStringLiteral("ĠcafÃ©Ċä¸Ń"));
        std::string back;
        QVERIFY(rwkv::byteLevelDecode(written, back));
        QCOMPARE(back, text);
        QVERIFY(!rwkv::byteLevelDecode("two words", back));
    }
};

QTEST_GUILESS_MAIN(ByteLevelTest)
#include "tst_byte_level.moc"
