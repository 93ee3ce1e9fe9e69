// Saved states at real sizes: which states the retention policy keeps (scripted chats with
// branches), the storage budget (eviction order, the file stays under it), the writer that keeps
// compression and writes off the GUI thread (its longest stall while a 100 MB state is saved),
// and rwkv-studio quitting on SIGTERM with its log checkpointed.
#include "app/store/conversation_store.h"
#include "app/store/state_retention.h"
#include "app/store/state_writer.h"

#include "fixtures.h"
#include "store_test_support.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

namespace {

constexpr quint64 kFingerprint = 0x5eed;

// A linear chat of `count` messages under `parent`; returns their ids in order.
QList<MessageId> appendChain(ConversationStore& store, ConversationId c, MessageId parent, int count)
{
    QList<MessageId> ids;
    for (int i = 0; i < count; ++i) {
        auto id = store.appendMessage(c, parent, {i % 2 ? MessageRole::Assistant : MessageRole::User,
                                                  QStringLiteral("message %1").arg(i), 0, {}});
        if (!id.ok())
            return {};
        ids.append(parent = id.value());
    }
    return ids;
}

QList<TreeMessage> chainTree(int count, MessageId firstId = 1, MessageId parent = kNoMessage)
{
    QList<TreeMessage> tree;
    for (int i = 0; i < count; ++i) {
        tree.append({firstId + i, parent});
        parent = firstId + i;
    }
    return tree;
}

// Messages re-read when resuming after `id`: the distance to its nearest kept ancestor-or-self.
int gapTo(const QList<TreeMessage>& tree, const QSet<MessageId>& kept, MessageId id)
{
    QHash<MessageId, MessageId> parent;
    for (const auto& m : tree)
        parent.insert(m.id, m.parent);
    int gap = 0;
    for (MessageId at = id; at != kNoMessage; at = parent.value(at), ++gap)
        if (kept.contains(at))
            return gap;
    return gap;
}

} // namespace

class TestStateStorage : public QObject {
    Q_OBJECT
private slots:
    void retentionKeepsEndsBranchPointsAndABoundedGap()
    {
        // 100 messages, then a second branch of 10 from message 60 (an edit far back).
        QList<TreeMessage> tree = chainTree(100);
        tree += chainTree(10, 1001, 60);
        const StateRetentionPolicy policy;
        const QSet<MessageId> kept = StateRetention::keep(tree, policy);
        for (MessageId id : {100, 99, 98, 97}) // the last few before the main end
            QVERIFY2(kept.contains(id), qPrintable(QString::number(id)));
        for (MessageId id : {1010, 1009, 1008, 1007}) // and before the branch's end
            QVERIFY(kept.contains(id));
        QVERIFY(kept.contains(60)); // the branch point
        for (const TreeMessage& m : tree)
            QVERIFY2(gapTo(tree, kept, m.id) <= policy.maxGap - 1 || m.id < policy.maxGap,
                     qPrintable(QStringLiteral("message %1 is %2 messages from a saved state")
                                    .arg(m.id).arg(gapTo(tree, kept, m.id))));
        // Thinned: far fewer states than messages.
        QVERIFY2(kept.size() < tree.size() / 3, qPrintable(QString::number(kept.size())));
        // Exponential spacing back from the end: 2, 4, 8, 16, 32, 64 messages before it.
        for (int back : {2, 4, 8, 16, 32, 64})
            QVERIFY(kept.contains(100 - back));
        QVERIFY(!kept.contains(100 - 5));
    }

    void storeAppliesRetentionToAScriptedChat()
    {
        auto store = ConversationStore::open(dir_.filePath("studio.sqlite"));
        STORE_VERIFY(store);
        ConversationStore& db = store.value();
        auto c = db.createConversation("scripted");
        STORE_VERIFY(c);
        const QList<MessageId> main = appendChain(db, c.value(), kNoMessage, 60);
        QCOMPARE(main.size(), 60);
        const QList<MessageId> branch = appendChain(db, c.value(), main[29], 6);
        for (MessageId id : main + branch)
            STORE_VERIFY(db.saveState(id, storetest::makeState(kFingerprint, 256, quint32(id))));
        auto dropped = db.applyStateRetention(c.value());
        STORE_VERIFY(dropped);
        QList<TreeMessage> tree;
        MessageId parent = kNoMessage;
        for (MessageId id : main)
            tree.append({id, std::exchange(parent, id)});
        parent = main[29];
        for (MessageId id : branch)
            tree.append({id, std::exchange(parent, id)});
        const QSet<MessageId> kept = StateRetention::keep(tree);
        QCOMPARE(dropped.value(), int(main.size() + branch.size() - kept.size()));
        for (MessageId id : main + branch) {
            auto nearest = db.nearestStateAncestor(id, kFingerprint);
            STORE_VERIFY(nearest);
            QCOMPARE(nearest.value().has_value() && *nearest.value() == id, kept.contains(id));
        }
        // Resuming at the main end or the branch end re-reads nothing.
        QCOMPARE(*db.nearestStateAncestor(main.last(), kFingerprint).value(), main.last());
        QCOMPARE(*db.nearestStateAncestor(branch.last(), kFingerprint).value(), branch.last());
        // Kept states are intact.
        auto state = db.loadState(main.last(), kFingerprint);
        STORE_VERIFY(state);
        QCOMPARE(state.value().bytes, storetest::makeState(kFingerprint, 256, quint32(main.last())).bytes);
    }

    void budgetEvictsLeastRecentlyUsedOptionalStatesFirst()
    {
        const QString path = dir_.filePath("studio.sqlite");
        auto store = ConversationStore::open(path);
        STORE_VERIFY(store);
        ConversationStore& db = store.value();
        {
            storetest::RawDatabase raw(path);
            QCOMPARE(raw.scalar("PRAGMA auto_vacuum").toInt(), 2); // INCREMENTAL
        }
        constexpr int kFloats = 256 * 1024; // 1 MB of incompressible floats per state
        QList<QList<MessageId>> chats;
        for (int c = 0; c < 3; ++c) {
            auto id = db.createConversation(QStringLiteral("chat %1").arg(c));
            STORE_VERIFY(id);
            chats.append(appendChain(db, id.value(), kNoMessage, 4));
            for (MessageId m : chats.last())
                STORE_VERIFY(db.saveState(m, storetest::makeState(kFingerprint, kFloats, quint32(m))));
            QTest::qWait(5); // distinct updated_at: chat 0 is the least recently used
        }
        auto used = db.stateStorageBytes();
        STORE_VERIFY(used);
        const qint64 perState = used.value() / 12; // compressed, about the same for each
        QVERIFY(perState > 500 * 1000);
        const ConversationId open = 3; // the newest chat is the open one
        qint64 budget = used.value() - perState * 5 / 2; // three states must go
        auto after = db.enforceStateBudget(budget, open);
        STORE_VERIFY(after);
        QVERIFY(after.value() <= budget);
        auto has = [&](MessageId m) { return db.nearestStateAncestor(m, kFingerprint).value() == std::optional(m); };
        for (MessageId m : chats[2])
            QVERIFY2(has(m), "the open chat keeps every state");
        // Optional states go first, oldest chat first; each chat's newest state stays longest.
        QVERIFY(!has(chats[0][0]) && !has(chats[0][1]) && !has(chats[0][2]));
        QVERIFY(has(chats[0][3]));
        QVERIFY(has(chats[1][0]) && has(chats[1][3]));
        // Tighter: every optional state of the other chats, then the last state of the least
        // recently used one.
        budget = used.value() - perState * 13 / 2;
        after = db.enforceStateBudget(budget, open);
        STORE_VERIFY(after);
        QVERIFY(!has(chats[1][0]) && !has(chats[1][2]));
        QVERIFY(!has(chats[0][3]));
        QVERIFY(has(chats[1][3]));
        QVERIFY(after.value() <= budget);
        // The file gives the pages back (auto_vacuum = INCREMENTAL on new files).
        STORE_VERIFY(db.checkpoint());
        {
            storetest::RawDatabase raw(path);
            QCOMPARE(raw.scalar("PRAGMA freelist_count").toLongLong(), 0);
        }
        QVERIFY2(QFileInfo(path).size() < budget + perState,
                 qPrintable(QStringLiteral("%1 bytes on disk for a budget of %2").arg(QFileInfo(path).size()).arg(budget)));
    }

    void writerKeepsTheWindowResponsiveWhileSavingAHundredMegabytes()
    {
        const QString path = dir_.filePath("studio.sqlite");
        auto store = ConversationStore::open(path);
        STORE_VERIFY(store);
        auto c = store.value().createConversation("big");
        STORE_VERIFY(c);
        const QList<MessageId> ids = appendChain(store.value(), c.value(), kNoMessage, 1);
        const StateBlob big = storetest::makeState(kFingerprint, 25 * 1024 * 1024, 7); // 100 MB
        StateWriter writer(path);
        QSignalSpy saved(&writer, &StateWriter::saved);
        // The event loop's longest gap between 5 ms ticks while the state is compressed and written.
        QElapsedTimer clock;
        qint64 last = 0, longest = 0;
        int ticks = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
            ++ticks;
        });
        clock.start();
        tick.start();
        writer.save(c.value(), ids[0], big);
        QVERIFY(writer.pending(ids[0], kFingerprint).has_value()); // usable before it is written
        QVERIFY(!writer.pending(ids[0], kFingerprint + 1).has_value());
        QVERIFY(QTest::qWaitFor([&] { return saved.size() == 1; }, 120000));
        tick.stop();
        const qint64 total = clock.elapsed();
        qInfo("saving a 100 MB state took %lld ms; the event loop's longest stall was %lld ms over %d ticks",
              total, longest, ticks);
        QVERIFY(ticks >= 3);
        QVERIFY2(longest < 1000, qPrintable(QString::number(longest)));
        QVERIFY(!writer.pending(ids[0], kFingerprint).has_value());
        writer.flush();
        QCOMPARE(QFileInfo(path + "-wal").size(), 0); // checkpointed
        auto loaded = store.value().loadState(ids[0], kFingerprint);
        STORE_VERIFY(loaded);
        QVERIFY(loaded.value().bytes == big.bytes);
    }

    void studioQuitsCleanlyOnSigterm()
    {
        const QString studio = rwkvtest::binDir() + "/rwkv-studio";
        if (!QFileInfo::exists(studio))
            QSKIP("rwkv-studio is not built");
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("HOME", dir_.path());
        env.insert("XDG_CONFIG_HOME", dir_.filePath("config"));
        env.insert("XDG_DATA_HOME", dir_.filePath("data"));
        QDir().mkpath(dir_.filePath("runtime"));
        QFile::setPermissions(dir_.filePath("runtime"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        env.insert("XDG_RUNTIME_DIR", dir_.filePath("runtime"));
        app.setProcessEnvironment(env);
        app.start(studio, {});
        QVERIFY(app.waitForStarted());
        const QString database = dir_.filePath("data/RWKV Studio/studio.sqlite");
        QVERIFY2(QTest::qWaitFor([&] { return QFileInfo::exists(database); }, 60000), "the app never opened its database");
        QTest::qWait(500); // past the window's first paint
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(database + "-wal") || QFileInfo(database + "-wal").size() == 0);
        QVERIFY(QFileInfo::exists(dir_.filePath("config/RWKV Studio/RWKV Studio.conf"))); // layout saved
    }

    void cleanup()
    {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestStateStorage)
#include "tst_state_storage.moc"
