// chat_prompt: the RWKV chat text format (docs/RWKV.md): segments, cleaning, think modes.
#include "app/chat/chat_prompt.h"

#include <QTest>

class TestChatPrompt : public QObject {
    Q_OBJECT
private slots:
    void blankLinesInsideATurnCollapseToOneNewline()
    {
        QCOMPARE(chat_prompt::cleanTurn(QStringLiteral("  one\n\n\ntwo\n \nthree  ")),
                 QStringLiteral("one\ntwo\nthree"));
    }

    void segmentsFollowTheG1Template()
    {
        QCOMPARE(chat_prompt::systemSegment(QStringLiteral("Be brief.")), QStringLiteral("System: Be brief.\n\n"));
        QCOMPARE(chat_prompt::systemSegment(QStringLiteral("  ")), QString());
        QCOMPARE(chat_prompt::userSegment(QStringLiteral("Hi\n\nthere")), QStringLiteral("User: Hi\nthere\n\n"));
        QCOMPARE(chat_prompt::assistantSegment(QStringLiteral("Hello!")), QStringLiteral("Assistant: Hello!\n\n"));
    }

    void thinkModesEndThePromptAsTheModelCardSays()
    {
        QCOMPARE(chat_prompt::replyPrefix(ThinkMode::Off), QStringLiteral("Assistant:"));
        QCOMPARE(chat_prompt::replyPrefix(ThinkMode::Think), QStringLiteral("Assistant: <think"));
        QCOMPARE(chat_prompt::replyPrefix(ThinkMode::Fast), QStringLiteral("Assistant: <think>\n</think"));
        QCOMPARE(chat_prompt::stopArmedBy(ThinkMode::Think), QStringLiteral("</think>"));
        QVERIFY(chat_prompt::stopArmedBy(ThinkMode::Off).isEmpty());
    }

    void replySegmentRebuildsExactlyWhatWasFed()
    {
        // Generated after "Assistant:" -> stored text -> segment equals prefix + generated + "\n\n".
        const QString generated = QStringLiteral(" Sure, here it is.");
        const QString stored = chat_prompt::replyText(ThinkMode::Off, generated);
        QCOMPARE(stored, QStringLiteral("Sure, here it is."));
        QCOMPARE(chat_prompt::assistantSegment(stored),
                 chat_prompt::replyPrefix(ThinkMode::Off) + generated + QStringLiteral("\n\n"));

        const QString thought = QStringLiteral(">\nLet me see.\n</think>\nFour.");
        const QString storedThink = chat_prompt::replyText(ThinkMode::Think, thought);
        QCOMPARE(chat_prompt::assistantSegment(storedThink),
                 chat_prompt::replyPrefix(ThinkMode::Think) + thought + QStringLiteral("\n\n"));
    }

    void reasoningIsSplitFromTheAnswerForFolding()
    {
        auto parts = chat_prompt::splitReply(QStringLiteral("<think>\nadd them\n</think>\nFour."));
        QVERIFY(parts.hasThinking);
        QVERIFY(!parts.thinkingOpen);
        QCOMPARE(parts.thinking, QStringLiteral("add them"));
        QCOMPARE(parts.answer, QStringLiteral("Four."));

        parts = chat_prompt::splitReply(QStringLiteral("<think>\nstill going"));
        QVERIFY(parts.thinkingOpen);
        QVERIFY(parts.answer.isEmpty());

        parts = chat_prompt::splitReply(QStringLiteral("<think>\n</think>\nQuick answer"));
        QVERIFY(parts.thinking.isEmpty()); // fast mode: nothing to fold
        QCOMPARE(parts.answer, QStringLiteral("Quick answer"));

        parts = chat_prompt::splitReply(QStringLiteral("plain"));
        QVERIFY(!parts.hasThinking);
        QCOMPARE(parts.answer, QStringLiteral("plain"));
    }
};

QTEST_GUILESS_MAIN(TestChatPrompt)
#include "tst_chat_prompt.moc"
