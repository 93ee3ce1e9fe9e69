// Hugging Face tokenizer.json: the MIDI WordLevel vocabulary, a small hand-made byte-level BPE
// tokenizer (the format of the GPT-NeoX 20B tokenizer) and rejection of what is not supported.
#include "fixtures.h"

#include "core/error.h"
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/tokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <random>

namespace {

// GPT-2's bytes_to_unicode, written out here independently of the engine's table.
QString byteChar(int b)
{
    const bool itself = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    if (itself)
        return QString(QChar(b));
    int n = 0;
    for (int x = 0; x < b; ++x)
        if (!((x >= 33 && x <= 126) || (x >= 161 && x <= 172) || (x >= 174 && x <= 255)))
            ++n;
    return QString(QChar(256 + n));
}

// Writes `text` (UTF-8 bytes) in the byte alphabet.
QString inAlphabet(const QByteArray& bytes)
{
    QString out;
    for (char c : bytes)
        out += byteChar(static_cast<unsigned char>(c));
    return out;
}

// A small but real byte-level BPE: ids 0..255 are the single bytes (id = byte value), then the
// merges below in rank order, each making the next id.
//   256 "Ġt"  257 "he"  258 "Ġthe"  259 "é"  260 "the"  261 "ca"  262 "fé"  263 "café"
//   264 " café"  265 "yz"  266 "xy"  267 "中"[0..1]  268 "中"   (bytes shown decoded)
// Added tokens: 269 "<|endoftext|>" (special) and 270 "   " (three spaces, as the 20B vocabulary
// has runs of spaces).
QJsonObject smallBpe(bool mergesAsArrays)
{
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b)
        vocab.insert(byteChar(b), b);
    const QString e9 = inAlphabet(QByteArray("é"));
    const QString zhong = inAlphabet(QByteArray("中"));
    const QList<QPair<QString, QString>> merges = {
        {"Ġ", "t"},  {"h", "e"},  {"Ġt", "he"}, {e9.left(1), e9.mid(1)},
        {"t", "he"}, {"c", "a"},  {"f", e9},     {"ca", "f" + e9},
        {"Ġ", "caf" + e9},        {"y", "z"},    {"x", "y"},
        {zhong.left(1), zhong.mid(1, 1)},        {zhong.left(2), zhong.mid(2)},
    };
    QJsonArray mergeList;
    int next = 256;
    for (const auto& [left, right] : merges) {
        vocab.insert(left + right, next++);
        if (mergesAsArrays)
            mergeList.append(QJsonArray{left, right});
        else
            mergeList.append(left + " " + right);
    }
    QJsonObject model{{"type", "BPE"},          {"dropout", QJsonValue()},
                      {"unk_token", QJsonValue()}, {"continuing_subword_prefix", QJsonValue()},
                      {"end_of_word_suffix", QJsonValue()}, {"fuse_unk", false},
                      {"vocab", vocab},         {"merges", mergeList}};
    QJsonArray added{
        QJsonObject{{"id", 269}, {"content", "<|endoftext|>"}, {"special", true},
                    {"normalized", false}, {"lstrip", false}, {"rstrip", false}, {"single_word", false}},
        QJsonObject{{"id", 270}, {"content", "   "}, {"special", false},
                    {"normalized", true}, {"lstrip", false}, {"rstrip", false}, {"single_word", false}},
    };
    return QJsonObject{
        {"version", "1.0"},
        {"added_tokens", added},
        {"normalizer", QJsonObject{{"type", "NFC"}}},
        {"pre_tokenizer", QJsonObject{{"type", "ByteLevel"}, {"add_prefix_space", false},
                                      {"trim_offsets", true}, {"use_regex", true}}},
        {"post_processor", QJsonObject{{"type", "ByteLevel"}, {"add_prefix_space", false},
                                       {"trim_offsets", true}, {"use_regex", true}}},
        {"decoder", QJsonObject{{"type", "ByteLevel"}, {"add_prefix_space", false},
                                {"trim_offsets", true}, {"use_regex", true}}},
        {"model", model},
    };
}

std::string toJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

std::unique_ptr<rwkv::Tokenizer> writeAndLoad(const QJsonObject& object, QTemporaryDir& dir)
{
    const QString path = dir.path() + "/tokenizer.json";
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return nullptr;
    file.write(QJsonDocument(object).toJson());
    file.close();
    return rwkv::loadHfTokenizer(path.toStdString());
}

// Expects parsing `object` to fail with `code` and a message containing every `needles` entry.
void expectError(const std::string& json, rwkv::ErrorCode code, const QStringList& needles)
{
    try {
        rwkv::parseHfTokenizer(json, "my/tokenizer.json");
        QFAIL("no error");
    } catch (const rwkv::Error& e) {
        QCOMPARE(rwkv::errorCodeName(e.code()), rwkv::errorCodeName(code));
        for (const QString& needle : needles)
            QVERIFY2(std::string(e.what()).find(needle.toStdString()) != std::string::npos, e.what());
    }
}

} // namespace

class HfTokenizerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<rwkv::Tokenizer> midi()
    {
        return rwkv::loadHfTokenizer(rwkvtest::fixture("midi/tokenizer-midi.json").toStdString());
    }

private slots:
    void midiVocabularyEncodesWordsToTheirIds()
    {
        RWKV_REQUIRE_FIXTURE("midi/tokenizer-midi.json");
        const auto t = midi();
        QCOMPARE(t->kind(), std::string("hf-wordlevel"));
        QCOMPARE(t->vocabSize(), 20096);
        QCOMPARE(t->encode("<start> pi:3c:a t10 <end>"), (std::vector<int32_t>{1, 13146, 12, 2}));
    }

    void midiDecodingPutsSpacesBetweenWords()
    {
        RWKV_REQUIRE_FIXTURE("midi/tokenizer-midi.json");
        const auto t = midi();
        const std::vector<int32_t> ids{1, 13146, 12, 2};
        QCOMPARE(t->decode(ids), std::string("<start> pi:3c:a t10 <end>"));
        QCOMPARE(t->tokenBytes(13146), std::string("pi:3c:a"));
    }

    void midiInputIsLowercasedSplitOnAnyWhitespaceAndUnknownWordsArePad()
    {
        RWKV_REQUIRE_FIXTURE("midi/tokenizer-midi.json");
        const auto t = midi();
        QCOMPARE(t->encode("  PI:3C:A\n\tT10  nonsense<end>"),
                 (std::vector<int32_t>{13146, 12, 0, 2}));
        QCOMPARE(t->encode(""), std::vector<int32_t>{});
    }

    void bytePairsMergeByRankIntoHandCheckedIds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("ids");
        QTest::newRow("word") << "the" << QList<int>{260};
        QTest::newRow("space before word") << " the" << QList<int>{258};
        QTest::newRow("two-byte character") << "the café" << QList<int>{260, 264};
        QTest::newRow("rank beats position") << "xyz" << QList<int>{120, 265};
        QTest::newRow("two spaces") << "a  b" << QList<int>{97, 32, 32, 98};
        QTest::newRow("three spaces are an added token") << "x   y" << QList<int>{120, 270, 121};
        QTest::newRow("numbers split from letters") << "x1 y2" << QList<int>{120, 49, 32, 121, 50};
        QTest::newRow("contraction") << "don't" << QList<int>{100, 111, 110, 39, 116};
        QTest::newRow("three-byte characters") << " 中文" << QList<int>{32, 268, 230, 150, 135};
        QTest::newRow("special token") << "the<|endoftext|> the" << QList<int>{260, 269, 258};
        QTest::newRow("newline") << "the\n" << QList<int>{260, 10};
        QTest::newRow("emoji") << "😀" << QList<int>{0xF0, 0x9F, 0x98, 0x80};
    }

    void bytePairsMergeByRankIntoHandCheckedIds()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, ids);
        const auto t = rwkv::parseHfTokenizer(toJson(smallBpe(false)), "small.json");
        QCOMPARE(t->kind(), std::string("hf-bpe"));
        const std::vector<int32_t> actual = t->encode(text.toStdString());
        QCOMPARE(QList<int>(actual.begin(), actual.end()), ids);
        const std::vector<int32_t> expected(ids.begin(), ids.end());
        QCOMPARE(QString::fromStdString(t->decode(expected)), text);
    }

    void mergesWrittenAsPairsGiveTheSameIds()
    {
        const auto fromStrings = rwkv::parseHfTokenizer(toJson(smallBpe(false)), "a.json");
        const auto fromArrays = rwkv::parseHfTokenizer(toJson(smallBpe(true)), "b.json");
        const std::string text = "the café  xyz 中文<|endoftext|>";
        QCOMPARE(fromArrays->encode(text), fromStrings->encode(text));
        QCOMPARE(fromArrays->vocabSize(), 271);
    }

    void bpeTokensDecodeToTheirBytes()
    {
        QTemporaryDir dir;
        const auto t = writeAndLoad(smallBpe(false), dir);
        QVERIFY(t);
        QCOMPARE(t->tokenBytes(264), std::string(" café"));
        QCOMPARE(t->tokenBytes(267), std::string("\xE4\xB8"));
        QCOMPARE(t->tokenBytes(269), std::string("<|endoftext|>"));
        QCOMPARE(t->tokenBytes(270), std::string("   "));
        QCOMPARE(t->tokenBytes(32), std::string(" "));
        QCOMPARE(t->tokenBytes(9999), std::string());
    }

    void prefixSpaceOptionAddsASpace()
    {
        QJsonObject json = smallBpe(false);
        QJsonObject pre = json["pre_tokenizer"].toObject();
        pre["add_prefix_space"] = true;
        json["pre_tokenizer"] = pre;
        const auto t = rwkv::parseHfTokenizer(toJson(json), "prefix.json");
        QCOMPARE(t->encode("the"), (std::vector<int32_t>{258}));
        QCOMPARE(t->encode(" the"), (std::vector<int32_t>{258}));
    }

    void unsupportedComponentsAreNamed()
    {
        QJsonObject unigram = smallBpe(false);
        unigram["model"] = QJsonObject{{"type", "Unigram"}, {"vocab", QJsonArray()}};
        expectError(toJson(unigram), rwkv::ErrorCode::Unsupported,
                    {"my/tokenizer.json", "Unigram", "WordLevel, BPE"});

        QJsonObject nfkc = smallBpe(false);
        nfkc["normalizer"] = QJsonObject{{"type", "NFKC"}};
        expectError(toJson(nfkc), rwkv::ErrorCode::Unsupported, {"normalizer NFKC"});

        QJsonObject metaspace = smallBpe(false);
        metaspace["pre_tokenizer"] = QJsonObject{{"type", "Metaspace"}};
        expectError(toJson(metaspace), rwkv::ErrorCode::Unsupported, {"pre-tokenizer Metaspace"});

        QJsonObject wordpiece = smallBpe(false);
        wordpiece["decoder"] = QJsonObject{{"type", "WordPiece"}};
        expectError(toJson(wordpiece), rwkv::ErrorCode::Unsupported, {"decoder WordPiece"});

        QJsonObject suffix = smallBpe(false);
        QJsonObject model = suffix["model"].toObject();
        model["end_of_word_suffix"] = "</w>";
        suffix["model"] = model;
        expectError(toJson(suffix), rwkv::ErrorCode::Unsupported, {"end_of_word_suffix"});
    }

    void brokenFilesAreCorrupt()
    {
        expectError("{not json", rwkv::ErrorCode::Corrupt, {"my/tokenizer.json", "not valid JSON"});
        expectError("{\"version\": \"1.0\"}", rwkv::ErrorCode::Corrupt, {"no \"model\""});

        QJsonObject badMerge = smallBpe(false);
        QJsonObject model = badMerge["model"].toObject();
        model["merges"] = QJsonArray{"q zz"};
        badMerge["model"] = model;
        expectError(toJson(badMerge), rwkv::ErrorCode::Corrupt, {"merge 1", "'zz'"});

        QJsonObject badUnk = smallBpe(false);
        model = badUnk["model"].toObject();
        model["unk_token"] = "<unk>";
        badUnk["model"] = model;
        expectError(toJson(badUnk), rwkv::ErrorCode::Corrupt, {"<unk>"});

        QJsonObject badVocab = smallBpe(false);
        model = badVocab["model"].toObject();
        model["vocab"] = QJsonObject{{"a", "one"}};
        badVocab["model"] = model;
        expectError(toJson(badVocab), rwkv::ErrorCode::Corrupt, {"'a'"});

        expectError("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0}}, "
                    "\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}, \"added_tokens\": 5}",
                    rwkv::ErrorCode::Corrupt, {"added_tokens"});
    }

    void idsFarBeyondTheTokenCountAreRejected()
    {
        expectError(R"({"model": {"type": "WordLevel", "vocab": {"a": 0, "b": 2000000000}},
                        "pre_tokenizer": {"type": "WhitespaceSplit"}})",
                    rwkv::ErrorCode::Corrupt, {"2000000000", "far beyond"});
        expectError(R"({"model": {"type": "WordLevel", "vocab": {"a": 0}},
                        "pre_tokenizer": {"type": "WhitespaceSplit"},
                        "added_tokens": [{"id": 99999999999, "content": "x"}]})",
                    rwkv::ErrorCode::Corrupt, {"impossible id"});
    }

    void randomlyDamagedFilesFailWithAnError()
    {
        const std::string valid = toJson(smallBpe(false));
        std::mt19937 rng(4);
        const std::string noise = "{}[]\":, 0123456789-.eEtrufalsn\\";
        int rejected = 0, accepted = 0;
        for (int i = 0; i < 300; ++i) {
            std::string damaged = valid;
            for (int k = 0; k < 2; ++k)
                damaged[rng() % damaged.size()] = noise[rng() % noise.size()];
            try {
                const auto t = rwkv::parseHfTokenizer(damaged, "damaged.json");
                t->decode(t->encode("the café  中文<|endoftext|>"));
                ++accepted;
            } catch (const rwkv::Error&) {
                ++rejected;
            }
        }
        QVERIFY(rejected > 0);
        QVERIFY(accepted > 0);
    }

    void wordLevelWithoutUnknownTokenRejectsUnknownWords()
    {
        const auto t = rwkv::parseHfTokenizer(
            "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {\"a\": 0, \"b\": 1}}, "
            "\"pre_tokenizer\": {\"type\": \"WhitespaceSplit\"}}",
            "words.json");
        QCOMPARE(t->encode("a b a"), (std::vector<int32_t>{0, 1, 0}));
        try {
            t->encode("a c");
            QFAIL("no error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::InvalidArgument);
            QVERIFY2(std::string(e.what()).find("'c'") != std::string::npos, e.what());
        }
    }

    void missingFileIsAnIoError()
    {
        try {
            rwkv::loadHfTokenizer("/nonexistent/tokenizer.json");
            QFAIL("no error");
        } catch (const rwkv::Error& e) {
            QCOMPARE(e.code(), rwkv::ErrorCode::Io);
        }
    }
};

QTEST_GUILESS_MAIN(HfTokenizerTest)
#include "tst_hf_tokenizer.moc"
