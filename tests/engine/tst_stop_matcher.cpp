// StopMatcher: streamed text is shown as soon as it cannot be part of a stop string, and a stop
// string split across chunks is caught without any of it being shown.
#include "sampling/stop_matcher.h"

#include <QTest>

using rwkv::StopMatcher;

namespace {

// Feeds `chunks` one by one; returns everything shown and whether it stopped.
std::pair<std::string, bool> run(StopMatcher& matcher, const std::vector<std::string>& chunks)
{
    std::string shown;
    for (const std::string& chunk : chunks) {
        const StopMatcher::Result r = matcher.push(chunk);
        shown += r.text;
        if (r.stopped)
            return {shown, true};
    }
    return {shown + matcher.flush(), false};
}

} // namespace

class StopMatcherTest : public QObject {
    Q_OBJECT

private slots:
    void textWithoutStopsPassesThroughImmediately()
    {
        StopMatcher matcher({"\n\nUser:"});
        const StopMatcher::Result r = matcher.push("Hello there");
        QCOMPARE(r.text, std::string("Hello there"));
        QVERIFY(!r.stopped);
        QCOMPARE(matcher.pending(), std::size_t(0));
    }

    void possibleStopPrefixIsHeldBackUntilDecided()
    {
        StopMatcher matcher({"\n\nUser:"});
        StopMatcher::Result r = matcher.push("Answer.\n");
        QCOMPARE(r.text, std::string("Answer."));
        QCOMPARE(matcher.pending(), std::size_t(1));
        r = matcher.push("\nUs");
        QCOMPARE(r.text, std::string());
        r = matcher.push("ually so");
        QCOMPARE(r.text, std::string("\n\nUsually so"));
        QVERIFY(!r.stopped);
    }

    void stopSplitAcrossChunksEndsBeforeIt()
    {
        StopMatcher matcher({"\n\nUser:"});
        const auto [shown, stopped] = run(matcher, {"Sure", "!\n", "\n", "Us", "er: next", " more"});
        QVERIFY(stopped);
        QCOMPARE(shown, std::string("Sure!"));
        QVERIFY(matcher.stopped());
        const StopMatcher::Result after = matcher.push("later text");
        QVERIFY(after.stopped);
        QCOMPARE(after.text, std::string());
        QCOMPARE(matcher.flush(), std::string());
    }

    void stopInsideOneChunkKeepsTheTextBeforeIt()
    {
        StopMatcher matcher({"</think>", "\n\n"});
        const StopMatcher::Result r = matcher.push("abc\n\ndef</think>");
        QVERIFY(r.stopped);
        QCOMPARE(r.text, std::string("abc"));
    }

    void earliestOfSeveralStopsWins()
    {
        StopMatcher matcher({"world", "lo w"});
        const auto [shown, stopped] = run(matcher, {"hel", "lo", " world"});
        QVERIFY(stopped);
        QCOMPARE(shown, std::string("hel"));
    }

    void unfinishedPrefixIsReleasedByFlush()
    {
        StopMatcher matcher({"\n\nUser:"});
        const auto [shown, stopped] = run(matcher, {"end of story\n\nUse"});
        QVERIFY(!stopped);
        QCOMPARE(shown, std::string("end of story\n\nUse"));
    }

    void overlappingPrefixesAreNotLost()
    {
        // While "aaaa" streams in, its tail could still begin "aaa!"; the stop starts at the
        // second "a", so exactly "xa" is shown.
        StopMatcher matcher({"aaa!"});
        const auto [shown, stopped] = run(matcher, {"x", "a", "a", "a", "a", "!"});
        QVERIFY(stopped);
        QCOMPARE(shown, std::string("xa"));
    }

    void multiByteCharactersAreNeverCut()
    {
        StopMatcher matcher({"。\n"});
        StopMatcher::Result r = matcher.push("你好。");
        QCOMPARE(r.text, std::string("你好"));
        r = matcher.push("再见");
        QCOMPARE(r.text, std::string("。再见"));
    }

    void emptyStopStringsAreIgnored()
    {
        StopMatcher matcher({"", ""});
        const auto [shown, stopped] = run(matcher, {"any", "thing"});
        QVERIFY(!stopped);
        QCOMPARE(shown, std::string("anything"));
    }
};

QTEST_GUILESS_MAIN(StopMatcherTest)
#include "tst_stop_matcher.moc"
