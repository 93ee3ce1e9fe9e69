// Utf8StreamDecoder: streamed token bytes never show a broken character, whatever the token
// boundaries, and leftovers become U+FFFD only at flush().
#include "fixtures.h"

#include "tokenizer/tokenizer.h"
#include "tokenizer/utf8.h"
#include "tokenizer/world_tokenizer.h"

#include <QTest>

using rwkv::Utf8StreamDecoder;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

bool isValidUtf8(const std::string& text)
{
    return rwkv::utf8::sanitize(text) == text;
}

} // namespace

class Utf8StreamDecoderTest : public QObject {
    Q_OBJECT

private slots:
    void characterSplitAcrossPushesIsHeldUntilComplete()
    {
        Utf8StreamDecoder decoder;
        QCOMPARE(decoder.push("a\xE4"), std::string("a"));
        QCOMPARE(decoder.push("\xB8"), std::string());
        QCOMPARE(decoder.push("\xAD" "b"), std::string("中b"));
        QCOMPARE(decoder.flush(), std::string());
    }

    void emojiSplitByteByByteComesOutWhole()
    {
        const std::string emoji = "😀";
        Utf8StreamDecoder decoder;
        std::string out;
        for (std::size_t i = 0; i + 1 < emoji.size(); ++i)
            QCOMPARE(decoder.push(emoji.substr(i, 1)), std::string());
        out = decoder.push(emoji.substr(emoji.size() - 1));
        QCOMPARE(out, emoji);
    }

    void bytesThatCanNeverBeValidAreReplacedRightAway()
    {
        Utf8StreamDecoder decoder;
        QCOMPARE(decoder.push("a\x80" "b"), "a" + kReplacement + "b");
        QCOMPARE(decoder.push("\xFF"), kReplacement);
        // E4 followed by an ASCII letter: the E4 is one replacement, the letter survives.
        QCOMPARE(decoder.push("\xE4x"), kReplacement + "x");
        // Overlong form and an encoded surrogate are ill-formed, not held back.
        QCOMPARE(decoder.push("\xC0\xAF"), kReplacement + kReplacement);
        QCOMPARE(decoder.push("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);
    }

    void flushTurnsAnIncompleteTailIntoOneReplacement()
    {
        Utf8StreamDecoder decoder;
        QCOMPARE(decoder.push("ok\xF0\x9F\x98"), std::string("ok"));
        QCOMPARE(decoder.flush(), kReplacement);
        QCOMPARE(decoder.flush(), std::string());
        QCOMPARE(decoder.push("again"), std::string("again"));
    }

    void worldTokensSplittingCharactersStreamCleanly()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        const auto world = rwkv::WorldTokenizer::fromFile(
            rwkvtest::fixture("tokenizer/rwkv_vocab_v20230424.txt").toStdString());
        const std::string text = "emoji 😀🎵🚀 and rare CJK 龘䨻 end";
        const std::vector<int32_t> ids = world->encode(text);

        Utf8StreamDecoder decoder;
        std::string streamed;
        int tokensEndingInsideACharacter = 0;
        for (int32_t id : ids) {
            const std::string bytes = world->tokenBytes(id);
            if (!isValidUtf8(bytes))
                ++tokensEndingInsideACharacter;
            const std::string piece = decoder.push(bytes);
            QVERIFY2(isValidUtf8(piece), "a streamed piece holds a broken character");
            streamed += piece;
        }
        streamed += decoder.flush();
        QCOMPARE(streamed, text);
        // The test only means something if some token really cuts a character.
        QVERIFY(tokensEndingInsideACharacter > 0);
    }
};

QTEST_GUILESS_MAIN(Utf8StreamDecoderTest)
#include "tst_utf8_stream_decoder.moc"
