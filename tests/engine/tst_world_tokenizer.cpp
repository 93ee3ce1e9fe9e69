// WorldTokenizer: exact ids of the official trie tokenizer, round trips, and clear errors for
// malformed vocabulary lines.
#include "fixtures.h"

#include "core/error.h"
#include "tokenizer/world_tokenizer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using rwkv::WorldTokenizer;

namespace {

std::vector<int32_t> toIds(const QJsonArray& array)
{
    std::vector<int32_t> ids;
    for (const QJsonValue& v : array)
        ids.push_back(v.toInt());
    return ids;
}

QString idsText(const std::vector<int32_t>& ids)
{
    QStringList parts;
    for (int32_t id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(' '));
}

// Expects building a tokenizer from `vocab` to fail with Corrupt and a message containing `needle`.
void expectVocabError(const std::string& vocab, const std::string& needle)
{
    try {
        WorldTokenizer::fromText(vocab, "test-vocab.txt");
        QFAIL(qPrintable(QStringLiteral("no error for: ") + QString::fromStdString(vocab)));
    } catch (const rwkv::Error& e) {
        QCOMPARE(e.code(), rwkv::ErrorCode::Corrupt);
        const std::string message = e.what();
        QVERIFY2(message.find(needle) != std::string::npos, e.what());
        QVERIFY2(message.find("test-vocab.txt") != std::string::npos, e.what());
    }
}

} // namespace

class WorldTokenizerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WorldTokenizer> world_;

    WorldTokenizer& world()
    {
        if (!world_)
            world_ = WorldTokenizer::fromFile(
                rwkvtest::fixture("tokenizer/rwkv_vocab_v20230424.txt").toStdString());
        return *world_;
    }

private slots:
    void encodesFixtureVectorsToTheOfficialIds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonArray>("ids");
        QFile file(rwkvtest::fixture("tokenizer/world-vectors.json"));
        if (!file.open(QIODevice::ReadOnly))
            return; // the test itself skips or fails on the missing fixture
        const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object()["cases"].toArray();
        int index = 0;
        for (const QJsonValue& c : cases)
            QTest::addRow("case %d", index++) << c["text"].toString() << c["ids"].toArray();
    }

    void encodesFixtureVectorsToTheOfficialIds()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/world-vectors.json");
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        QFETCH(QString, text);
        QFETCH(QJsonArray, ids);
        const std::vector<int32_t> expected = toIds(ids);
        const std::vector<int32_t> actual = world().encode(text.toStdString());
        QCOMPARE(idsText(actual), idsText(expected));
    }

    void decodingFixtureIdsGivesTheTextBack_data() { encodesFixtureVectorsToTheOfficialIds_data(); }

    void decodingFixtureIdsGivesTheTextBack()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/world-vectors.json");
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        QFETCH(QString, text);
        QFETCH(QJsonArray, ids);
        const std::vector<int32_t> list = toIds(ids);
        QCOMPARE(QString::fromStdString(world().decode(list)), text);
    }

    void fixtureVectorsCoverEveryCase()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/world-vectors.json");
        QFile file(rwkvtest::fixture("tokenizer/world-vectors.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(file.readAll()).object()["cases"].toArray().size() >= 10);
    }

    void officialVocabularyHasEndOfTextAndAllBytes()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        QCOMPARE(world().vocabSize(), 65530);
        QCOMPARE(world().kind(), std::string("world"));
        QCOMPARE(world().tokenBytes(WorldTokenizer::kEndOfText), std::string());
        QCOMPARE(world().tokenBytes(1), std::string("\x00", 1));
        QCOMPARE(world().tokenBytes(129), std::string("\x80"));
        QCOMPARE(world().tokenBytes(261), std::string("\n\n"));
        QCOMPARE(world().tokenBytes(65529), std::string(128, ' '));
        QCOMPARE(world().tokenBytes(-1), std::string());
        QCOMPARE(world().tokenBytes(70000), std::string());
        // Every byte string, valid UTF-8 or not, encodes and decodes back.
        std::string allBytes;
        for (int b = 255; b >= 0; --b)
            allBytes += static_cast<char>(b);
        const std::vector<int32_t> ids = world().encode(allBytes);
        QVERIFY(std::find(ids.begin(), ids.end(), 0) == ids.end());
        QCOMPARE(world().decode(ids), allBytes);
    }

    void endOfTextAndUnknownIdsDecodeToNothing()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        const std::vector<int32_t> ids{33155, 0, -5, 99999, 45};
        QCOMPARE(world().decode(ids), std::string("Hello,"));
    }

    void megabyteOfMixedTextRoundTrips()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        const std::string unit = "RWKV是一种新型的RNN架构 — emoji 😀 and code:\n    return x**2\n";
        std::string text;
        while (text.size() < (1u << 20))
            text += unit;
        QElapsedTimer timer;
        timer.start();
        const std::vector<int32_t> ids = world().encode(text);
        qInfo("encoded %zu bytes into %zu tokens in %lld ms", text.size(), ids.size(),
              static_cast<long long>(timer.elapsed()));
        QVERIFY(ids.size() < text.size() / 2);
        QCOMPARE(world().decode(ids), text);
    }

    void greedyMatchTakesTheLongestTokenAtEachPosition()
    {
        // With "ab" and "bcd" known, greedy matching takes "ab" first and cannot use "bcd".
        const auto t = WorldTokenizer::fromText("1 'a' 1\n2 'b' 1\n3 'c' 1\n4 'd' 1\n"
                                                "5 'ab' 2\n6 'bcd' 3\n7 'abcd' 4\n",
                                                "small.txt");
        QCOMPARE(t->encode("abcd"), (std::vector<int32_t>{7}));
        QCOMPARE(t->encode("abcdabc"), (std::vector<int32_t>{7, 5, 3}));
        QCOMPARE(t->encode("bcdb"), (std::vector<int32_t>{6, 2}));
        QCOMPARE(t->encode(""), std::vector<int32_t>{});
    }

    void byteWithoutTokenIsAnInvalidArgument()
    {
        const auto t = WorldTokenizer::fromText("1 'a' 1\n", "small.txt");
        try {
            t->encode("ab");
            QFAIL("no error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::InvalidArgument);
            QVERIFY2(std::string(e.what()).find("0x62") != std::string::npos, e.what());
        }
    }

    void literalsOfEveryKindAreParsed()
    {
        const auto t = WorldTokenizer::fromText(
            "1 'it\\'s' 4\n"
            "2 \"it's\" 4\n"
            "3 '\\x00\\t\\n\\\\' 4\n"
            "4 b'\\xe4\\xb8' 2\n"
            "5 '\\u4e2d' 3\n"
            "6 '\\U0001F600' 4\n"
            "7 '中文' 6\n"
            "8 ' ' 1\n"
            "9 '\\xe9' 2\n"
            "10 'a b c' 5\r\n",
            "escapes.txt");
        QCOMPARE(t->tokenBytes(1), std::string("it's"));
        QCOMPARE(t->tokenBytes(2), std::string("it's"));
        QCOMPARE(t->tokenBytes(3), std::string("\x00\t\n\\", 4));
        QCOMPARE(t->tokenBytes(4), std::string("\xe4\xb8"));
        QCOMPARE(t->tokenBytes(5), std::string("中"));
        QCOMPARE(t->tokenBytes(6), std::string("😀"));
        QCOMPARE(t->tokenBytes(7), std::string("中文"));
        QCOMPARE(t->tokenBytes(8), std::string(" "));
        QCOMPARE(t->tokenBytes(9), std::string("é")); // \xe9 in a str literal is U+00E9
        QCOMPARE(t->tokenBytes(10), std::string("a b c"));
        QCOMPARE(t->vocabSize(), 11);
    }

    void malformedLinesAreRejectedWithTheirLineNumber()
    {
        expectVocabError("1 'a' 1\n2 'b' 2\n", "line 2: the literal has 1 bytes but the line says 2");
        expectVocabError("1 'a' 1\n\n3 'abc 3\n", "line 3:");
        expectVocabError("1 'a'\n", "line 1:");
        expectVocabError("x 'a' 1\n", "line 1: the id 'x' is not a number");
        expectVocabError("1 'a' one\n", "line 1: the length 'one' is not a number");
        expectVocabError("1 'a' 1\n1 'b' 1\n", "line 2: the id 1 appears twice");
        expectVocabError("0 'a' 1\n", "line 1: the id 0 is out of range");
        expectVocabError("1 'a' 1\n2 b'\\xZZ' 1\n", "line 2: the escape \\x needs 2 hex digits");
        expectVocabError("1 'it's' 4\n", "line 1:");
        expectVocabError("1 b'中' 3\n", "line 1: a bytes literal may only contain ASCII");
        expectVocabError("1 '\\ud800' 3\n", "line 1:");
        expectVocabError("1 '' 0\n", "line 1: the token is empty");
        expectVocabError("", "has no tokens");
    }

    void idsFarBeyondTheTokenCountAreRejected()
    {
        expectVocabError("1 'a' 1\n2 'b' 1\n99999999 'c' 1\n",
                         "line 3: the id 99999999 is far beyond the number of tokens");
    }

    void randomlyDamagedVocabulariesFailWithAnError()
    {
        const std::string valid = "1 'a' 1\n2 'it\\'s' 4\n3 b'\\xe4\\xb8' 2\n4 '\\u4e2d' 3\n"
                                  "5 '\\n\\t' 2\n6 \"x'y\" 3\n";
        QVERIFY(WorldTokenizer::fromText(valid, "valid.txt")->vocabSize() == 7);
        std::mt19937 rng(3);
        const std::string noise = "0123456789 '\"\\bxuU\n\r\xff";
        int rejected = 0;
        for (int i = 0; i < 5000; ++i) {
            std::string damaged = valid;
            for (int k = 0; k < 3; ++k)
                damaged[rng() % damaged.size()] = noise[rng() % noise.size()];
            damaged.resize(rng() % (damaged.size() + 1));
            try {
                const auto t = WorldTokenizer::fromText(damaged, "damaged.txt");
                t->decode(t->encode("a\xe4\xb8\xad"));
            } catch (const rwkv::Error&) {
                ++rejected;
            }
        }
        QVERIFY(rejected > 0);
    }

    void missingFileIsAnIoError()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/absent.txt").toStdString();
        try {
            WorldTokenizer::fromFile(path);
            QFAIL("no error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Io);
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(WorldTokenizerTest)
#include "tst_world_tokenizer.moc"
