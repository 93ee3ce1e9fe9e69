// Conversation export to Markdown and JSON, and JSON import: round trips keep the tree, and
// anything that is not a valid export is refused with nothing written.
#include "app/store/conversation_exchange.h"
#include "store_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ConversationExchange;

class TestConversationExchange : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::optional<ConversationStore> store_;
    ConversationId chat_ = 0;
    MessageId firstReply_ = 0;

    MessageId append(MessageId parent, MessageRole role, const QString& text)
    {
        return store_->appendMessage(chat_, parent, NewMessage{role, text, int(text.size()), {}}).value();
    }

    QStringList activeTexts(ConversationId c)
    {
        QStringList out;
        for (const Message& m : store_->activePath(c).value())
            out << m.text;
        return out;
    }

    int rowCount(const char* table)
    {
        storetest::RawDatabase raw(dir_.filePath(QStringLiteral("studio.sqlite")));
        return raw.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))).toInt();
    }

private slots:
    // A chat with a system prompt, a regenerated reply (two branches, the second active) and a
    // follow-up under the active branch.
    void init()
    {
        QVERIFY(dir_.isValid());
        const QString path = dir_.filePath(QStringLiteral("studio.sqlite"));
        QFile::remove(path);
        store_.emplace(ConversationStore::open(path).value());
        ConversationSettings settings;
        settings.modelId = QStringLiteral("rwkv7-g1.pth");
        settings.modelFingerprint = 0xabcdef0123456789ULL;
        settings.systemPrompt = QStringLiteral("Be kind.");
        settings.sampling = QJsonObject{{QStringLiteral("top_p"), 0.3}};
        chat_ = store_->createConversation(QStringLiteral("Café *talk*"), settings).value();
        const MessageId u1 = append(kNoMessage, MessageRole::User, QStringLiteral("Bonjour"));
        firstReply_ = append(u1, MessageRole::Assistant, QStringLiteral("Salut"));
        const MessageId a1b = append(u1, MessageRole::Assistant, QStringLiteral("Bonjour à vous"));
        append(a1b, MessageRole::User, QStringLiteral("Ça va ?\nOui."));
    }

    void cleanup() { store_.reset(); }

    void markdownOfTheActivePathShowsWhatTheChatShows()
    {
        auto md = exportMarkdown(*store_, chat_, Scope::ActivePath);
        STORE_VERIFY(md);
        const QString& text = md.value();
        QVERIFY(text.startsWith(QStringLiteral("# Café *talk*\n")));
        QVERIFY(text.contains(QStringLiteral("> Be kind.")));
        QVERIFY(text.contains(QStringLiteral("### User\n\nBonjour\n")));
        QVERIFY(text.contains(QStringLiteral("### Assistant\n\nBonjour à vous\n")));
        QVERIFY(text.contains(QStringLiteral("Ça va ?\nOui.")));
        QVERIFY(!text.contains(QStringLiteral("Salut")));
        QVERIFY(text.indexOf(QStringLiteral("Bonjour à vous")) < text.indexOf(QStringLiteral("Ça va")));
    }

    void markdownOfTheWholeTreeMarksBranches()
    {
        auto md = exportMarkdown(*store_, chat_, Scope::WholeTree);
        STORE_VERIFY(md);
        QVERIFY(md.value().contains(QStringLiteral("Salut")));
        QVERIFY(md.value().contains(QStringLiteral("(branch 1 of 2)")));
        QVERIFY(md.value().contains(QStringLiteral("(branch 2 of 2, shown)")));
    }

    void wholeTreeJsonRoundTripKeepsBranchesAndSettings()
    {
        auto json = exportJson(*store_, chat_, Scope::WholeTree);
        STORE_VERIFY(json);
        auto imported = importJson(*store_, json.value());
        STORE_VERIFY(imported);
        QVERIFY(imported.value() != chat_);

        auto original = store_->tree(chat_).value();
        auto copy = store_->tree(imported.value()).value();
        QCOMPARE(copy.conversation.title, original.conversation.title);
        QCOMPARE(copy.conversation.settings.modelFingerprint, original.conversation.settings.modelFingerprint);
        QCOMPARE(copy.conversation.settings.systemPrompt, original.conversation.settings.systemPrompt);
        QCOMPARE(copy.conversation.settings.sampling, original.conversation.settings.sampling);
        QCOMPARE(copy.conversation.createdAt, original.conversation.createdAt);
        QCOMPARE(copy.messages.size(), original.messages.size());
        for (qsizetype i = 0; i < copy.messages.size(); ++i) {
            QCOMPARE(copy.messages[i].text, original.messages[i].text);
            QCOMPARE(copy.messages[i].role, original.messages[i].role);
            QCOMPARE(copy.messages[i].tokenCount, original.messages[i].tokenCount);
            QCOMPARE(copy.messages[i].siblingCount, original.messages[i].siblingCount);
            QCOMPARE(copy.messages[i].createdAt, original.messages[i].createdAt);
        }
        QCOMPARE(activeTexts(imported.value()), activeTexts(chat_));
    }

    void activePathJsonImportsAsAStraightConversation()
    {
        auto json = exportJson(*store_, chat_, Scope::ActivePath);
        STORE_VERIFY(json);
        QVERIFY(!json.value().contains("Salut"));
        auto imported = importJson(*store_, json.value());
        STORE_VERIFY(imported);
        QCOMPARE(activeTexts(imported.value()),
                 (QStringList{"Bonjour", "Bonjour à vous", "Ça va ?\nOui."}));
        QCOMPARE(store_->tree(imported.value()).value().messages.size(), 3);
    }

    void statesAreNotExported()
    {
        const MessageId withState = store_->activePath(chat_).value().last().id;
        STORE_VERIFY(store_->saveState(withState, storetest::makeState(1, 64, 1)));
        auto imported = importJson(*store_, exportJson(*store_, chat_, Scope::WholeTree).value());
        STORE_VERIFY(imported);
        for (const Message& m : store_->tree(imported.value()).value().messages)
            QVERIFY(!m.hasState);
    }

    void invalidImportIsRefusedWithNothingWritten_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        const QByteArray head = R"({"format":"rwkv-studio-conversation","version":1,"title":"t",)";
        QTest::newRow("empty") << QByteArray() << "not valid JSON";
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage", 12) << "not valid JSON";
        QTest::newRow("truncated") << head + R"("messages":[{"id":1,)" << "not valid JSON";
        QTest::newRow("array") << QByteArray("[1,2,3]") << "not a JSON object";
        QTest::newRow("other format") << QByteArray(R"({"format":"chatgpt","messages":[]})")
                                      << "not an RWKV Studio";
        QTest::newRow("newer version")
            << QByteArray(R"({"format":"rwkv-studio-conversation","version":7,"title":"t","messages":[]})")
            << "newer RWKV Studio";
        QTest::newRow("no title")
            << QByteArray(R"({"format":"rwkv-studio-conversation","version":1,"messages":[]})")
            << "no \"title\"";
        QTest::newRow("messages not a list") << head + R"("messages":{}})" << "no \"messages\"";
        QTest::newRow("message not object") << head + R"("messages":[5]})" << "message 1 is not an object";
        QTest::newRow("fractional id")
            << head + R"("messages":[{"id":1.5,"role":"user","text":"x"}]})" << "valid \"id\"";
        QTest::newRow("huge id")
            << head + R"("messages":[{"id":1e300,"role":"user","text":"x"}]})" << "valid \"id\"";
        QTest::newRow("duplicate id")
            << head + R"("messages":[{"id":1,"role":"user","text":"x"},{"id":1,"role":"user","text":"y"}]})"
            << "repeats id 1";
        QTest::newRow("parent after child")
            << head + R"("messages":[{"id":1,"parent":2,"role":"user","text":"x"},{"id":2,"role":"user","text":"y"}]})"
            << "does not come before it";
        QTest::newRow("self parent")
            << head + R"("messages":[{"id":1,"parent":1,"role":"user","text":"x"}]})"
            << "does not come before it";
        QTest::newRow("bad role")
            << head + R"("messages":[{"id":1,"role":"root","text":"x"}]})" << "role other than";
        QTest::newRow("text not string")
            << head + R"("messages":[{"id":1,"role":"user","text":["x"]}]})" << "no \"text\"";
        QTest::newRow("negative tokens")
            << head + R"("messages":[{"id":1,"role":"user","text":"x","tokenCount":-3}]})"
            << "invalid \"tokenCount\"";
        QTest::newRow("active child not a child")
            << head + R"("messages":[{"id":1,"role":"user","text":"x","activeChild":2},{"id":2,"role":"user","text":"y"}]})"
            << "not one of its replies";
        QTest::newRow("active root not a root")
            << head + R"("activeRoot":2,"messages":[{"id":1,"role":"user","text":"x"},{"id":2,"parent":1,"role":"user","text":"y"}]})"
            << "\"activeRoot\"";
        QTest::newRow("bad fingerprint")
            << head + R"("settings":{"modelFingerprint":"xyz"},"messages":[]})" << "hexadecimal";
        QTest::newRow("bad time")
            << head + R"("messages":[{"id":1,"role":"user","text":"x","createdAt":"yesterday"}]})"
            << "createdAt";
    }

    void invalidImportIsRefusedWithNothingWritten()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        const int conversationsBefore = rowCount("conversations");
        const int messagesBefore = rowCount("messages");

        auto r = importJson(*store_, json);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), StoreError::Code::InvalidImport);
        QVERIFY2(r.errorString().contains(reason), qPrintable(r.errorString()));
        QVERIFY(r.errorString().contains(QStringLiteral("Nothing was imported")));
        QCOMPARE(rowCount("conversations"), conversationsBefore);
        QCOMPARE(rowCount("messages"), messagesBefore);
    }

    void deeplyNestedJsonIsRefusedWithoutCrashing()
    {
        const QByteArray bomb = QByteArray(100000, '[') + QByteArray(100000, ']');
        auto r = importJson(*store_, bomb);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), StoreError::Code::InvalidImport);
    }

    void minimalHandWrittenImportIsAccepted()
    {
        const QByteArray json = R"({"format":"rwkv-studio-conversation","version":1,"title":"hand",
            "messages":[{"id":10,"role":"user","text":"q"},{"id":20,"parent":10,"role":"assistant","text":"a"}]})";
        auto r = importJson(*store_, json);
        STORE_VERIFY(r);
        // Without active links the newest branch is shown.
        QCOMPARE(activeTexts(r.value()), (QStringList{"q", "a"}));
    }
};

QTEST_GUILESS_MAIN(TestConversationExchange)
#include "tst_conversation_exchange.moc"
