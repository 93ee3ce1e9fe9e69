// ConversationStore on real SQLite files: conversations, the message tree with branches, states
// saved after messages, search. Export/import is in tst_conversation_exchange.cpp.
#include "app/store/conversation_store.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using storetest::makeState;

class TestConversationStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::optional<ConversationStore> store_;

    QString dbPath() const { return dir_.filePath(QStringLiteral("studio.sqlite")); }

    MessageId append(ConversationId c, MessageId parent, MessageRole role, const QString& text)
    {
        auto id = store_->appendMessage(c, parent, NewMessage{role, text, 0, {}});
        if (!id.ok())
            qFatal("append failed: %s", qPrintable(id.errorString()));
        return id.value();
    }

    QStringList texts(const QList<Message>& messages)
    {
        QStringList out;
        for (const Message& m : messages)
            out << m.text;
        return out;
    }

    QStringList activeTexts(ConversationId c)
    {
        auto path = store_->activePath(c);
        return path.ok() ? texts(path.value()) : QStringList{QStringLiteral("<error>")};
    }

private slots:
    void init()
    {
        QVERIFY(dir_.isValid());
        QFile::remove(dbPath());
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        store_.emplace(std::move(store).value());
    }

    void cleanup() { store_.reset(); }

    void createdConversationKeepsItsSettings()
    {
        ConversationSettings settings;
        settings.modelId = QStringLiteral("rwkv7-g1-1.5b.pth");
        settings.modelFingerprint = 0xfedcba9876543210ULL; // high bit set: stored as negative INTEGER
        settings.persona = QStringLiteral("Poet");
        settings.systemPrompt = QStringLiteral("You answer in verse.");
        settings.sampling = QJsonObject{{QStringLiteral("temperature"), 0.7}};
        auto id = store_->createConversation(QStringLiteral("Haiku"), settings);
        STORE_VERIFY(id);

        auto c = store_->conversation(id.value());
        STORE_VERIFY(c);
        QCOMPARE(c.value().title, QStringLiteral("Haiku"));
        QCOMPARE(c.value().settings.modelId, settings.modelId);
        QCOMPARE(c.value().settings.modelFingerprint, settings.modelFingerprint);
        QCOMPARE(c.value().settings.persona, settings.persona);
        QCOMPARE(c.value().settings.systemPrompt, settings.systemPrompt);
        QCOMPARE(c.value().settings.sampling, settings.sampling);
        QVERIFY(!c.value().pinned);
        QVERIFY(c.value().createdAt.isValid());
    }

    void listPutsPinnedFirstThenMostRecentlyUpdated()
    {
        const ConversationId a = store_->createConversation(QStringLiteral("a")).value();
        const ConversationId b = store_->createConversation(QStringLiteral("b")).value();
        const ConversationId c = store_->createConversation(QStringLiteral("c")).value();
        append(a, kNoMessage, MessageRole::User, QStringLiteral("a is now the newest"));
        STORE_VERIFY(store_->setPinned(b, true));

        auto list = store_->listConversations();
        STORE_VERIFY(list);
        QCOMPARE(list.value().size(), 3);
        QCOMPARE(list.value()[0].id, b);
        QCOMPARE(list.value()[1].id, a);
        QCOMPARE(list.value()[2].id, c);
        QVERIFY(list.value()[0].pinned);
    }

    void unknownIdsAreNotFound()
    {
        QCOMPARE(store_->conversation(42).error().code(), StoreError::Code::NotFound);
        QCOMPARE(store_->renameConversation(42, QStringLiteral("x")).error().code(),
                 StoreError::Code::NotFound);
        QCOMPARE(store_->deleteConversation(42).error().code(), StoreError::Code::NotFound);
        QCOMPARE(store_->message(7).error().code(), StoreError::Code::NotFound);
        QCOMPARE(store_->updateMessageText(7, QStringLiteral("x")).error().code(),
                 StoreError::Code::NotFound);
        QCOMPARE(store_->appendMessage(42, kNoMessage, NewMessage{}).error().code(),
                 StoreError::Code::NotFound);
        QVERIFY(store_->conversation(42).errorString().contains(QStringLiteral("42")));
    }

    void renameAndDeleteConversation()
    {
        const ConversationId id = store_->createConversation(QStringLiteral("old")).value();
        const MessageId m = append(id, kNoMessage, MessageRole::User, QStringLiteral("hi"));
        STORE_VERIFY(store_->saveState(m, makeState(1, 16, 1)));
        STORE_VERIFY(store_->renameConversation(id, QStringLiteral("new")));
        QCOMPARE(store_->conversation(id).value().title, QStringLiteral("new"));

        STORE_VERIFY(store_->deleteConversation(id));
        QCOMPARE(store_->listConversations().value().size(), 0);
        QCOMPARE(store_->message(m).error().code(), StoreError::Code::NotFound);
        storetest::RawDatabase raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 0);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM message_states")).toInt(), 0);
    }

    void appendedMessagesFormTheActivePath()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId sys = append(c, kNoMessage, MessageRole::System, QStringLiteral("be brief"));
        const MessageId u = append(c, sys, MessageRole::User, QStringLiteral("hello"));
        append(c, u, MessageRole::Assistant, QStringLiteral("hi"));

        auto path = store_->activePath(c);
        STORE_VERIFY(path);
        QCOMPARE(texts(path.value()), (QStringList{"be brief", "hello", "hi"}));
        QCOMPARE(path.value()[0].role, MessageRole::System);
        QCOMPARE(path.value()[1].parentId, sys);
        QCOMPARE(path.value()[2].role, MessageRole::Assistant);
        QCOMPARE(path.value()[1].activeChildId, path.value()[2].id);
    }

    void emptyConversationHasEmptyActivePath()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("empty")).value();
        auto path = store_->activePath(c);
        STORE_VERIFY(path);
        QVERIFY(path.value().isEmpty());
        QCOMPARE(store_->activePath(c + 1).error().code(), StoreError::Code::NotFound);
    }

    void editingAMessageCreatesAnActiveSiblingBranch()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId u1 = append(c, kNoMessage, MessageRole::User, QStringLiteral("u1"));
        const MessageId a1 = append(c, u1, MessageRole::Assistant, QStringLiteral("a1"));
        const MessageId u2 = append(c, a1, MessageRole::User, QStringLiteral("u2"));
        append(c, u2, MessageRole::Assistant, QStringLiteral("a2"));

        // The user edits u2: the edit is a sibling under the same parent and becomes active.
        const MessageId u2b = append(c, a1, MessageRole::User, QStringLiteral("u2 edited"));
        QCOMPARE(activeTexts(c), (QStringList{"u1", "a1", "u2 edited"}));

        auto branches = store_->children(c, a1);
        STORE_VERIFY(branches);
        QCOMPARE(texts(branches.value()), (QStringList{"u2", "u2 edited"}));
        QCOMPARE(branches.value()[1].siblingCount, 2);
        QCOMPARE(branches.value()[1].siblingIndex, 1);
        QCOMPARE(store_->message(a1).value().activeChildId, u2b);

        // Switching back restores the old branch with its own reply still active under it.
        STORE_VERIFY(store_->setActiveChild(u2));
        QCOMPARE(activeTexts(c), (QStringList{"u1", "a1", "u2", "a2"}));
        STORE_VERIFY(store_->setActiveChild(u2b));
        QCOMPARE(activeTexts(c), (QStringList{"u1", "a1", "u2 edited"}));
    }

    void editingTheFirstMessageSwitchesTheActiveRoot()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId first = append(c, kNoMessage, MessageRole::User, QStringLiteral("first"));
        append(c, first, MessageRole::Assistant, QStringLiteral("reply"));
        const MessageId second = append(c, kNoMessage, MessageRole::User, QStringLiteral("rewritten"));
        QCOMPARE(activeTexts(c), (QStringList{"rewritten"}));
        auto roots = store_->children(c, kNoMessage);
        STORE_VERIFY(roots);
        QCOMPARE(roots.value().size(), 2);
        QCOMPARE(roots.value()[0].siblingCount, 2);
        STORE_VERIFY(store_->setActiveChild(first));
        QCOMPARE(activeTexts(c), (QStringList{"first", "reply"}));
        Q_UNUSED(second);
    }

    void replyUnderAnotherConversationsMessageIsRefused()
    {
        const ConversationId a = store_->createConversation(QStringLiteral("a")).value();
        const ConversationId b = store_->createConversation(QStringLiteral("b")).value();
        const MessageId inA = append(a, kNoMessage, MessageRole::User, QStringLiteral("x"));
        auto r = store_->appendMessage(b, inA, NewMessage{MessageRole::Assistant, "y", 0, {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), StoreError::Code::InvalidArgument);
        QCOMPARE(store_->activePath(b).value().size(), 0);
    }

    void pathToRunsFromTheRootToTheMessage()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId u1 = append(c, kNoMessage, MessageRole::User, QStringLiteral("u1"));
        const MessageId a1 = append(c, u1, MessageRole::Assistant, QStringLiteral("a1"));
        append(c, u1, MessageRole::Assistant, QStringLiteral("a1 regenerated"));
        const MessageId u2 = append(c, a1, MessageRole::User, QStringLiteral("u2"));
        auto path = store_->pathTo(u2);
        STORE_VERIFY(path);
        QCOMPARE(texts(path.value()), (QStringList{"u1", "a1", "u2"}));
        QCOMPARE(store_->pathTo(999).error().code(), StoreError::Code::NotFound);
    }

    void streamedTextIsVisibleToAnotherInstanceAtOnce()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId u = append(c, kNoMessage, MessageRole::User, QStringLiteral("tell me"));
        const MessageId a = append(c, u, MessageRole::Assistant, QString());
        auto reader = ConversationStore::open(dbPath());
        STORE_VERIFY(reader);

        STORE_VERIFY(store_->updateMessageText(a, QStringLiteral("Once upon")));
        QCOMPARE(reader.value().message(a).value().text, QStringLiteral("Once upon"));

        const QJsonObject stats{{QStringLiteral("tokensPerSecond"), 41.5}};
        STORE_VERIFY(store_->completeMessage(a, QStringLiteral("Once upon a time."), 5, stats,
                                             makeState(9, 64, 3)));
        auto done = reader.value().message(a);
        STORE_VERIFY(done);
        QCOMPARE(done.value().text, QStringLiteral("Once upon a time."));
        QCOMPARE(done.value().tokenCount, 5);
        QCOMPARE(done.value().stats, stats);
        QVERIFY(done.value().hasState);
    }

    void deleteSubtreeRemovesDescendantsAndActivatesTheNewestSibling()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId u = append(c, kNoMessage, MessageRole::User, QStringLiteral("u"));
        const MessageId a1 = append(c, u, MessageRole::Assistant, QStringLiteral("a1"));
        const MessageId a2 = append(c, u, MessageRole::Assistant, QStringLiteral("a2"));
        const MessageId a3 = append(c, u, MessageRole::Assistant, QStringLiteral("a3"));
        const MessageId deep = append(c, a3, MessageRole::User, QStringLiteral("under a3"));
        STORE_VERIFY(store_->saveState(deep, makeState(1, 8, 1)));

        STORE_VERIFY(store_->deleteSubtree(a3));
        QCOMPARE(store_->message(deep).error().code(), StoreError::Code::NotFound);
        QCOMPARE(store_->message(u).value().activeChildId, a2);
        QCOMPARE(activeTexts(c), (QStringList{"u", "a2"}));

        // Deleting an inactive branch leaves the active one alone.
        STORE_VERIFY(store_->deleteSubtree(a1));
        QCOMPARE(activeTexts(c), (QStringList{"u", "a2"}));
        storetest::RawDatabase raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM message_states")).toInt(), 0);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA foreign_key_check")).isValid(), false);
    }

    void veryLongConversationsCanBeDeleted()
    {
        // Deeper than SQLite's 1000 trigger levels: recursion through ON DELETE would fail here.
        const ConversationId c = store_->createConversation(QStringLiteral("long")).value();
        MessageId first = kNoMessage;
        STORE_VERIFY(store_->runInTransaction([&]() -> Result<void> {
            MessageId parent = kNoMessage;
            for (int i = 0; i < 2500; ++i) {
                auto id = store_->appendMessage(c, parent, NewMessage{MessageRole::User, "m", 0, {}});
                if (!id.ok())
                    return id.error();
                parent = id.value();
                if (first == kNoMessage)
                    first = parent;
            }
            return {};
        }));
        QCOMPARE(store_->activePath(c).value().size(), 2500);
        const ConversationId other = store_->createConversation(QStringLiteral("copy")).value();
        append(other, kNoMessage, MessageRole::User, QStringLiteral("stays"));

        STORE_VERIFY(store_->deleteSubtree(first));
        QCOMPARE(store_->activePath(c).value().size(), 0);
        STORE_VERIFY(store_->deleteConversation(c));
        QCOMPARE(activeTexts(other), (QStringList{"stays"}));
    }

    void stateRoundTripIsBitExact()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId m = append(c, kNoMessage, MessageRole::User, QStringLiteral("hi"));
        const StateBlob saved = makeState(0x8000000000000001ULL, 1 << 20, 77, 3); // 4 MiB
        STORE_VERIFY(store_->saveState(m, saved));

        auto loaded = store_->loadState(m, saved.fingerprint);
        STORE_VERIFY(loaded);
        QCOMPARE(loaded.value().bytes.size(), saved.bytes.size());
        QVERIFY(loaded.value().bytes == saved.bytes);
        QCOMPARE(loaded.value().fingerprint, saved.fingerprint);
        QCOMPARE(loaded.value().formatVersion, 3);

        // Saving again replaces the state; an empty state is kept as empty.
        STORE_VERIFY(store_->saveState(m, StateBlob{saved.fingerprint, 3, QByteArray()}));
        auto empty = store_->loadState(m, saved.fingerprint);
        STORE_VERIFY(empty);
        QVERIFY(empty.value().bytes.isEmpty());
    }

    void stateOfAnotherModelIsRefused()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId m = append(c, kNoMessage, MessageRole::User, QStringLiteral("hi"));
        QCOMPARE(store_->loadState(m, 1).error().code(), StoreError::Code::NotFound);
        STORE_VERIFY(store_->saveState(m, makeState(1111, 32, 5)));

        auto other = store_->loadState(m, 2222);
        QVERIFY(!other.ok());
        QCOMPARE(other.error().code(), StoreError::Code::OtherModel);
        QVERIFY(other.errorString().contains(QStringLiteral("another model")));
        QCOMPARE(store_->saveState(12345, makeState(1, 4, 1)).error().code(),
                 StoreError::Code::NotFound);
    }

    void appendWithStateSavesBothTogether()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const StateBlob state = makeState(5, 100, 2);
        auto m = store_->appendMessage(c, kNoMessage, NewMessage{MessageRole::User, "hi", 1, {}}, state);
        STORE_VERIFY(m);
        QVERIFY(store_->message(m.value()).value().hasState);
        QVERIFY(store_->loadState(m.value(), 5).value().bytes == state.bytes);
    }

    void nearestStateAncestorFindsTheClosestStateForTheModel()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        const MessageId m1 = append(c, kNoMessage, MessageRole::User, QStringLiteral("1"));
        const MessageId m2 = append(c, m1, MessageRole::Assistant, QStringLiteral("2"));
        const MessageId m3 = append(c, m2, MessageRole::User, QStringLiteral("3"));
        const MessageId m4 = append(c, m3, MessageRole::Assistant, QStringLiteral("4"));
        const MessageId side = append(c, m2, MessageRole::User, QStringLiteral("side branch"));
        STORE_VERIFY(store_->saveState(m1, makeState(7, 8, 1)));
        STORE_VERIFY(store_->saveState(m2, makeState(7, 8, 2)));
        STORE_VERIFY(store_->saveState(m3, makeState(8, 8, 3))); // another model
        STORE_VERIFY(store_->saveState(side, makeState(7, 8, 4))); // not on m4's path

        auto nearest = store_->nearestStateAncestor(m4, 7);
        STORE_VERIFY(nearest);
        QCOMPARE(nearest.value(), std::optional<MessageId>(m2));
        QCOMPARE(store_->nearestStateAncestor(m4, 8).value(), std::optional<MessageId>(m3));
        QCOMPARE(store_->nearestStateAncestor(m2, 7).value(), std::optional<MessageId>(m2));
        QCOMPARE(store_->nearestStateAncestor(m4, 9).value(), std::nullopt);
        QCOMPARE(store_->nearestStateAncestor(4242, 7).error().code(), StoreError::Code::NotFound);
    }

    void pruneStatesKeepsTheNewest()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        QList<MessageId> ids;
        MessageId parent = kNoMessage;
        for (int i = 0; i < 5; ++i) {
            parent = append(c, parent, MessageRole::User, QString::number(i));
            STORE_VERIFY(store_->saveState(parent, makeState(1, 8, i)));
            ids << parent;
        }
        STORE_VERIFY(store_->pruneStates(c, 2));
        QVERIFY(!store_->message(ids[2]).value().hasState);
        QVERIFY(store_->message(ids[3]).value().hasState);
        QVERIFY(store_->message(ids[4]).value().hasState);
        QCOMPARE(store_->pruneStates(c, -1).error().code(), StoreError::Code::InvalidArgument);
    }

    void searchFindsTitlesAndMessagesIgnoringCase()
    {
        const ConversationId trip = store_->createConversation(QStringLiteral("Trip to Kyoto")).value();
        const ConversationId food = store_->createConversation(QStringLiteral("Recipes")).value();
        append(trip, kNoMessage, MessageRole::User, QStringLiteral("What to see?"));
        const MessageId hit = append(food, kNoMessage, MessageRole::User,
                                     QStringLiteral("A tofu dish I ate in KYOTO last spring"));

        auto hits = store_->search(QStringLiteral("kyoto"));
        STORE_VERIFY(hits);
        QCOMPARE(hits.value().size(), 2);
        QCOMPARE(hits.value()[0].conversationId, trip);
        QCOMPARE(hits.value()[0].messageId, kNoMessage);
        QCOMPARE(hits.value()[1].conversationId, food);
        QCOMPARE(hits.value()[1].messageId, hit);
        QCOMPARE(hits.value()[1].conversationTitle, QStringLiteral("Recipes"));
        QVERIFY(hits.value()[1].snippet.contains(QStringLiteral("KYOTO")));
        QCOMPARE(store_->search(QStringLiteral("kyoto"), 1).value().size(), 1);
        QCOMPARE(store_->search(QString()).value().size(), 0);
    }

    void searchTreatsWildcardsLiterally()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("numbers")).value();
        append(c, kNoMessage, MessageRole::User, QStringLiteral("a discount of 500 dollars"));
        append(c, kNoMessage, MessageRole::User, QStringLiteral("file_name.txt"));
        append(c, kNoMessage, MessageRole::User, QStringLiteral("C:\\path"));
        QCOMPARE(store_->search(QStringLiteral("50%")).value().size(), 0);
        QCOMPARE(store_->search(QStringLiteral("e_n")).value().size(), 1);
        QCOMPARE(store_->search(QStringLiteral("filexname")).value().size(), 0);
        QCOMPARE(store_->search(QStringLiteral("le%na")).value().size(), 0);
        QCOMPARE(store_->search(QStringLiteral(":\\p")).value().size(), 1);
        QCOMPARE(store_->search(QStringLiteral("'); DROP TABLE messages; --")).value().size(), 0);
        QCOMPARE(store_->activePath(c).value().size(), 1);
    }

    void threadsWithTheirOwnInstancesWriteAndReadConcurrently()
    {
        // Two writer threads (busy timeout + BEGIN IMMEDIATE make them take turns) and this
        // thread reading meanwhile (WAL lets readers run beside a writer).
        const ConversationId a = store_->createConversation(QStringLiteral("a")).value();
        const ConversationId b = store_->createConversation(QStringLiteral("b")).value();
        std::atomic<int> failures{0};
        auto writer = [&](ConversationId chat) {
            auto own = ConversationStore::open(dbPath());
            if (!own.ok()) {
                ++failures;
                return;
            }
            MessageId parent = kNoMessage;
            for (int i = 0; i < 150; ++i) {
                auto id = own.value().appendMessage(chat, parent, NewMessage{MessageRole::User, "m", 0, {}},
                                                    makeState(1, 256, quint32(i)));
                if (!id.ok()) {
                    qWarning("writer: %s", qPrintable(id.errorString()));
                    ++failures;
                    return;
                }
                parent = id.value();
            }
        };
        std::thread first(writer, a);
        std::thread second(writer, b);
        int reads = 0;
        for (; reads < 50; ++reads)
            if (!store_->activePath(a).ok() || !store_->listConversations().ok())
                ++failures;
        first.join();
        second.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(store_->activePath(a).value().size(), 150);
        QCOMPARE(store_->activePath(b).value().size(), 150);
    }

    void failedTransactionWritesNothing()
    {
        const ConversationId c = store_->createConversation(QStringLiteral("chat")).value();
        auto r = store_->runInTransaction([&]() -> Result<void> {
            auto a = store_->appendMessage(c, kNoMessage, NewMessage{MessageRole::User, "kept?", 0, {}});
            if (!a.ok())
                return a.error();
            return store_->appendMessage(c, 9999, NewMessage{}).error(); // unknown parent
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), StoreError::Code::NotFound);
        QCOMPARE(store_->activePath(c).value().size(), 0);
        QCOMPARE(store_->children(c, kNoMessage).value().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversation_store.moc"
