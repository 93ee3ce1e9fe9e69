// Crash safety: a writer process (this binary started with --crash-writer) appends
// user/assistant message pairs with states, one transaction per pair, and is killed with SIGKILL
// while a transaction is open. The database must then pass PRAGMA integrity_check and hold
// exactly the whole committed pairs, with their states intact.
#include "app/store/conversation_store.h"
#include "store_test_support.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>

namespace {

constexpr quint64 kFingerprint = 0x5eed5eed5eed5eedULL;
constexpr int kStateFloats = 20000;
constexpr int kCommitsBeforePause = 20;

StateBlob stateFor(int pair)
{
    return storetest::makeState(kFingerprint, kStateFloats, quint32(pair));
}

// The child: writes pairs forever ("run") or, in "pause" mode, opens the transaction of pair
// kCommitsBeforePause, writes a lot into it (enough to spill pages into the WAL), announces it
// and waits on stdin for a line that never comes.
int runCrashWriter(const QString& path, const QString& mode)
{
    auto opened = ConversationStore::open(path);
    if (!opened.ok()) {
        std::fprintf(stdout, "ERROR %s\n", qPrintable(opened.errorString()));
        return 2;
    }
    ConversationStore& store = opened.value();
    const ConversationId chat = store.createConversation(QStringLiteral("crash test")).value();
    MessageId parent = kNoMessage;
    for (int pair = 0; pair < 100000; ++pair) {
        auto written = store.runInTransaction([&]() -> Result<void> {
            auto user = store.appendMessage(chat, parent,
                                            NewMessage{MessageRole::User, QStringLiteral("u %1").arg(pair), 2, {}});
            if (!user.ok())
                return user.error();
            auto reply = store.appendMessage(chat, user.value(),
                                             NewMessage{MessageRole::Assistant, QStringLiteral("a %1").arg(pair), 2, {}},
                                             stateFor(pair));
            if (!reply.ok())
                return reply.error();
            if (mode == QLatin1String("pause") && pair == kCommitsBeforePause) {
                // ~16 MB of uncommitted rows: more than SQLite's page cache, so the open
                // transaction's pages are already in the -wal file when the process dies.
                for (int extra = 0; extra < 40; ++extra) {
                    auto more = store.appendMessage(chat, reply.value(),
                                                    NewMessage{MessageRole::Assistant, QStringLiteral("uncommitted"), 0, {}},
                                                    storetest::makeState(1, 100000, quint32(extra)));
                    if (!more.ok())
                        return more.error();
                }
                std::fprintf(stdout, "IN_TRANSACTION\n");
                std::fflush(stdout);
                char line[16];
                (void)std::fgets(line, sizeof line, stdin); // blocks until killed
                return StoreError(StoreError::Code::Sql, QStringLiteral("not killed"));
            }
            parent = reply.value();
            return {};
        });
        if (!written.ok()) {
            std::fprintf(stdout, "ERROR %s\n", qPrintable(written.errorString()));
            return 3;
        }
        std::fprintf(stdout, "COMMITTED %d\n", pair);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

class TestStoreCrashSafety : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString dbPath() const { return dir_.filePath(QStringLiteral("studio.sqlite")); }

    // Starts the writer, reads its lines until `until` returns true for one, then kills it with
    // SIGKILL. Returns the last "COMMITTED n" number seen (-1 if none).
    int runAndKill(const QString& mode, const std::function<bool(const QByteArray&)>& until)
    {
        QProcess writer;
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        writer.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--crash-writer"), dbPath(), mode});
        if (!writer.waitForStarted(30000))
            return -2;
        int lastCommitted = -1;
        bool stop = false;
        while (!stop) {
            if (!writer.canReadLine() && !writer.waitForReadyRead(60000))
                break; // the writer died or hangs: the checks below fail
            while (writer.canReadLine() && !stop) {
                const QByteArray line = writer.readLine().trimmed();
                if (line.startsWith("COMMITTED "))
                    lastCommitted = line.mid(10).toInt();
                if (line.startsWith("ERROR"))
                    qWarning("writer: %s", line.constData());
                stop = until(line);
            }
        }
        writer.kill(); // SIGKILL on Unix: no destructors, no SQLite close, no checkpoint
        writer.waitForFinished(30000);
        if (writer.exitStatus() != QProcess::CrashExit)
            return -3;
        return lastCommitted;
    }

    // Every message is one of the whole pairs 0..pairs-1, each reply holding its state.
    void verifyWholePairs(int pairs)
    {
        {
            storetest::RawDatabase raw(dbPath());
            QVERIFY(raw.opened());
            QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 2 * pairs);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM message_states")).toInt(), pairs);
        }
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        auto chats = store.value().listConversations();
        STORE_VERIFY(chats);
        QCOMPARE(chats.value().size(), 1);
        auto path = store.value().activePath(chats.value().first().id);
        STORE_VERIFY(path);
        QCOMPARE(path.value().size(), 2 * pairs);
        for (int pair = 0; pair < pairs; ++pair) {
            const Message& user = path.value()[2 * pair];
            const Message& reply = path.value()[2 * pair + 1];
            QCOMPARE(user.text, QStringLiteral("u %1").arg(pair));
            QCOMPARE(reply.text, QStringLiteral("a %1").arg(pair));
            QVERIFY(reply.hasState);
        }
        if (pairs > 0) {
            const MessageId last = path.value().last().id;
            auto state = store.value().loadState(last, kFingerprint);
            STORE_VERIFY(state);
            QVERIFY(state.value().bytes == stateFor(pairs - 1).bytes);
        }
        // The crashed file is fully usable.
        STORE_VERIFY(store.value().appendMessage(chats.value().first().id, path.value().isEmpty() ? kNoMessage : path.value().last().id,
                                                 NewMessage{MessageRole::User, "after the crash", 0, {}}));
    }

private slots:
    void init()
    {
        QVERIFY(dir_.isValid());
        QFile::remove(dbPath());
        QFile::remove(dbPath() + QStringLiteral("-wal"));
        QFile::remove(dbPath() + QStringLiteral("-shm"));
    }

    void killInsideAnOpenTransactionKeepsOnlyCommittedPairs()
    {
        const int last = runAndKill(QStringLiteral("pause"),
                                    [](const QByteArray& line) { return line == "IN_TRANSACTION"; });
        QCOMPARE(last, kCommitsBeforePause - 1);
        // The uncommitted transaction reached the -wal file, so recovery had to skip its frames.
        QVERIFY(QFileInfo(dbPath() + QStringLiteral("-wal")).size() > 8 * 1024 * 1024);
        verifyWholePairs(kCommitsBeforePause);
    }

    void killWhileWritingContinuouslyKeepsWholePairs()
    {
        // Killed at whatever point the writer reached after its 30th commit; most of its time is
        // spent inside transactions. Commits after the last line read may also have happened.
        const int last = runAndKill(QStringLiteral("run"),
                                    [](const QByteArray& line) { return line == "COMMITTED 30"; });
        QVERIFY(last >= 30);
        int pairs = 0;
        {
            storetest::RawDatabase raw(dbPath());
            pairs = raw.scalar(QStringLiteral("SELECT COUNT(*) FROM messages")).toInt() / 2;
        }
        QVERIFY2(pairs >= last + 1, qPrintable(QStringLiteral("%1 pairs, %2 reported").arg(pairs).arg(last + 1)));
        verifyWholePairs(pairs);
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc >= 4 && std::strcmp(argv[1], "--crash-writer") == 0)
        return runCrashWriter(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    TestStoreCrashSafety test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_store_crash_safety.moc"
