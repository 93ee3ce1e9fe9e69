// parsePythonLiteral: the bytes Python gives for the literals of the World vocabulary, and an
// Error (never a crash) for anything else.
#include "core/error.h"
#include "tokenizer/python_literal.h"

#include <QTest>

#include <random>

using rwkv::parsePythonLiteral;

class PythonLiteralTest : public QObject {
    Q_OBJECT

private slots:
    void escapesGiveTheBytesPythonGives_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("plain") << QByteArray("'abc'") << QByteArray("abc");
        QTest::newRow("double quotes") << QByteArray("\"it's\"") << QByteArray("it's");
        QTest::newRow("escaped quote") << QByteArray("'it\\'s'") << QByteArray("it's");
        QTest::newRow("controls") << QByteArray("'\\a\\b\\f\\n\\r\\t\\v'") << QByteArray("\a\b\f\n\r\t\v");
        QTest::newRow("backslash") << QByteArray("'\\\\'") << QByteArray("\\");
        QTest::newRow("str hex is a code point") << QByteArray("'\\xff'") << QByteArray("\xC3\xBF");
        QTest::newRow("bytes hex is a byte") << QByteArray("b'\\xff'") << QByteArray("\xFF");
        QTest::newRow("octal") << QByteArray("b'\\101\\0'") << QByteArray("A\0", 2);
        QTest::newRow("u escape") << QByteArray("'\\u00e9'") << QByteArray("é");
        QTest::newRow("U escape") << QByteArray("'\\U0001F3B5'") << QByteArray("🎵");
        QTest::newRow("u in bytes stays literal") << QByteArray("b'\\u00e9'") << QByteArray("\\u00e9");
        QTest::newRow("unknown escape keeps backslash") << QByteArray("'\\q'") << QByteArray("\\q");
        QTest::newRow("utf-8 text") << QByteArray("'中文'") << QByteArray("中文");
        QTest::newRow("empty") << QByteArray("''") << QByteArray();
    }

    void escapesGiveTheBytesPythonGives()
    {
        QFETCH(QByteArray, literal);
        QFETCH(QByteArray, bytes);
        const std::string out = parsePythonLiteral(std::string_view(literal.data(), literal.size()));
        QCOMPARE(QByteArray(out.data(), static_cast<qsizetype>(out.size())), bytes);
    }

    void malformedLiteralsAreCorrupt_data()
    {
        QTest::addColumn<QByteArray>("literal");
        QTest::newRow("unquoted") << QByteArray("abc");
        QTest::newRow("unterminated") << QByteArray("'abc");
        QTest::newRow("mismatched quotes") << QByteArray("'abc\"");
        QTest::newRow("quote inside") << QByteArray("'a'b'");
        QTest::newRow("lone backslash") << QByteArray("'abc\\'");
        QTest::newRow("short hex") << QByteArray("'\\x4'");
        QTest::newRow("short u") << QByteArray("'\\u12'");
        QTest::newRow("beyond unicode") << QByteArray("'\\U00110000'");
        QTest::newRow("surrogate") << QByteArray("'\\udc00'");
        QTest::newRow("non-ascii bytes") << QByteArray("b'é'");
        QTest::newRow("raw prefix") << QByteArray("r'abc'");
        QTest::newRow("nothing") << QByteArray("");
    }

    void malformedLiteralsAreCorrupt()
    {
        QFETCH(QByteArray, literal);
        try {
            parsePythonLiteral(std::string_view(literal.data(), literal.size()));
            QFAIL("no error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Corrupt);
        }
    }

    void randomInputEitherParsesOrThrowsError()
    {
        std::mt19937 rng(5);
        const std::string alphabet = "'\"b\\xuU0123456789afAF \n\x80\xff";
        int parsed = 0;
        for (int i = 0; i < 20000; ++i) {
            std::string input;
            const int length = static_cast<int>(rng() % 12);
            for (int k = 0; k < length; ++k)
                input += alphabet[rng() % alphabet.size()];
            try {
                parsePythonLiteral(input);
                ++parsed;
            } catch (const rwkv::Error&) {
            }
        }
        QVERIFY(parsed > 0);
    }
};

QTEST_GUILESS_MAIN(PythonLiteralTest)
#include "tst_python_literal.moc"
