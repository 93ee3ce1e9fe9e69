// Crash soak: this binary, started with RWKV_SOAK_CHILD=<dir>, chats without end on a random-weight
// model (replies, regenerations and edits, so branches; states written off the GUI thread) and
// reports each finished reply. The test kills it with SIGKILL at random moments — while decoding,
// while a state is written, while a branch starts — up to 100 times within a time bound, and after
// each kill checks the database: integrity_check is ok, every reported reply is there with its
// text, every saved state decompresses, interrupted replies are marked unfinished, and the next
// start opens the same file and goes on. A second test fills the "disk" (a file-size limit on the
// child) while it chats: the child reports a sentence, keeps running, and nothing saved is lost.
#include "app/chat/chat_service.h"
#include "app/chat/message_list_model.h"
#include "app/inference/inference_service.h"
#include "app/settings/app_settings.h"
#include "app/store/conversation_store.h"
#include "model/random_checkpoint.h"
#include "signal_wait.h"
#include "store_test_support.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <limits>
#include <cstdio>
#include <sys/resource.h>

namespace {

constexpr int kMaxKills = 100;
// CI's bound; RWKV_SOAK_SECONDS sets a longer one for a full run of 100 kills on a slow machine.
qint64 soakTimeBoundMs()
{
    const int seconds = qEnvironmentVariableIntValue("RWKV_SOAK_SECONDS");
    return seconds > 0 ? qint64(seconds) * 1000 : 75000;
}

// The child: open (or create) the chat and keep it busy until killed.
int runChild(const QString& dir)
{
    AppSettings settings(dir + "/settings.ini");
    SamplingParams sampling = settings.chatSampling();
    sampling.seed = 7;
    sampling.maxTokens = 12;
    settings.setChatSampling(sampling);
    InferenceService inference;
    QSignalSpy loaded(&inference, &InferenceService::modelLoaded);
    inference.loadModel(dir + "/model.safetensors", QStringLiteral("bytes"));
    if (!rwkvtest::waitForCount(loaded)) {
        std::printf("ERROR model did not load\n");
        return 2;
    }
    auto opened = ConversationStore::open(dir + "/studio.sqlite");
    if (!opened.ok()) {
        std::printf("ERROR %s\n", qPrintable(opened.errorString()));
        return 2;
    }
    ConversationStore& store = opened.value();
    ChatService chat(store, inference, settings);
    QObject::connect(&chat, &ChatService::errorOccurred, [](const QString& sentence) {
        std::printf("ERROR %s\n", qPrintable(sentence));
        std::fflush(stdout);
    });
    // A "full disk": no file may grow past this many bytes; writes beyond fail (EFBIG).
    if (const qint64 limit = qEnvironmentVariableIntValue("RWKV_SOAK_FILE_LIMIT"); limit > 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit bound{rlim_t(limit), rlim_t(limit)};
        ::setrlimit(RLIMIT_FSIZE, &bound);
    }
    auto list = store.listConversations();
    if (list.ok() && !list.value().isEmpty())
        chat.openConversation(list.value().first().id);
    QRandomGenerator rng(quint32(QCoreApplication::applicationPid()));
    int turn = 0;
    auto next = [&] {
        const auto path = store.activePath(chat.currentConversation());
        const int action = rng.bounded(100);
        if (path.ok() && path.value().size() >= 2 && action < 15) {
            chat.regenerate(path.value().last().id); // a branch at the last reply
        } else if (path.ok() && path.value().size() >= 2 && action < 30) {
            chat.editMessage(path.value()[path.value().size() - 2].id, QStringLiteral("edited %1").arg(++turn));
        } else {
            chat.send(QStringLiteral("message %1").arg(++turn));
        }
    };
    QObject::connect(&chat, &ChatService::replyFinished, [&](MessageId reply, bool ok) {
        if (ok)
            std::printf("DONE %lld\n", reply);
        std::fflush(stdout);
        QMetaObject::invokeMethod(&chat, next, Qt::QueuedConnection);
    });
    std::printf("READY\n");
    std::fflush(stdout);
    next();
    return QCoreApplication::exec();
}

} // namespace

class TestChatCrashSoak : public QObject {
    Q_OBJECT
private slots:
    void killedAtRandomMomentsLosesNothing()
    {
        QTemporaryDir dir;
        rwkv::RandomModelSpec spec;
        spec.layers = 4;
        spec.embd = 384;
        spec.vocab = 256; // bytes: any text is a prompt
        rwkv::writeRandomModel(dir.filePath("model.safetensors").toStdString(), spec);

        QSet<MessageId> reported;
        QRandomGenerator rng(20261207);
        QElapsedTimer clock;
        clock.start();
        int kills = 0;
        while (kills < kMaxKills && clock.elapsed() < soakTimeBoundMs()) {
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("RWKV_SOAK_CHILD", dir.path());
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForStarted());
            QVERIFY2(QTest::qWaitFor([&] { return child.canReadLine() || child.state() == QProcess::NotRunning; }, 60000),
                     "the child did not start");
            const QByteArray first = child.readLine();
            QVERIFY2(first.startsWith("READY"), first.constData()); // the next start opens cleanly
            QTest::qWait(rng.bounded(20, 700));
            child.kill(); // SIGKILL: no handler, no flush, no checkpoint
            QVERIFY(child.waitForFinished(10000));
            ++kills;
            for (const QByteArray& line : child.readAllStandardOutput().split('\n'))
                if (line.startsWith("DONE "))
                    reported.insert(line.mid(5).toLongLong());
            verifyDatabase(dir.filePath("studio.sqlite"), reported, kills);
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("%d kills in %lld ms; %lld replies finished between them", kills, clock.elapsed(), qint64(reported.size()));
        QVERIFY(kills >= 20);
        QVERIFY(reported.size() >= 10);
    }

    void fullDiskGivesASentenceAndLosesNothing()
    {
        QTemporaryDir dir;
        rwkv::RandomModelSpec spec;
        spec.layers = 4;
        spec.embd = 384;
        spec.vocab = 256;
        rwkv::writeRandomModel(dir.filePath("model.safetensors").toStdString(), spec);
        QSet<MessageId> reported;
        // A few replies saved normally.
        {
            QProcess child;
            startChild(child, dir.path(), 0);
            QVERIFY(QTest::qWaitFor([&] { return readDone(child, reported) >= 4; }, 60000));
            child.kill();
            QVERIFY(child.waitForFinished(10000));
            readDone(child, reported);
        }
        const qint64 largest = std::max(QFileInfo(dir.filePath("studio.sqlite")).size(),
                                        QFileInfo(dir.filePath("studio.sqlite-wal")).size());
        // Now the disk fills up a little past what is there.
        QProcess child;
        startChild(child, dir.path(), largest + 128 * 1024);
        QByteArray error;
        QVERIFY2(QTest::qWaitFor([&] {
            while (child.canReadLine()) {
                const QByteArray line = child.readLine();
                if (line.startsWith("ERROR "))
                    error = line.mid(6).trimmed();
                else if (line.startsWith("DONE "))
                    reported.insert(line.mid(5).trimmed().toLongLong());
            }
            return !error.isEmpty() || child.state() == QProcess::NotRunning;
        }, 120000), "the full disk was never reported");
        qInfo("with the disk full after %lld bytes: %s", largest + 128 * 1024, error.constData());
        QVERIFY2(error.contains("full") || error.contains("free space"), error.constData());
        QTest::qWait(300);
        QCOMPARE(child.state(), QProcess::Running); // a sentence, not a crash
        child.kill();
        QVERIFY(child.waitForFinished(10000));
        // Replies whose final save the full disk refused stay unfinished (with their autosaved
        // text), as many as the child tried before it was killed: no bound on those here.
        verifyDatabase(dir.filePath("studio.sqlite"), reported, std::numeric_limits<int>::max());
    }

private:
    void startChild(QProcess& child, const QString& dir, qint64 fileLimit)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("RWKV_SOAK_CHILD", dir);
        if (fileLimit > 0)
            env.insert("RWKV_SOAK_FILE_LIMIT", QString::number(fileLimit));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
    }

    // Reads the child's finished replies so far; returns how many have been seen in all.
    int readDone(QProcess& child, QSet<MessageId>& reported)
    {
        while (child.canReadLine()) {
            const QByteArray line = child.readLine();
            if (line.startsWith("DONE "))
                reported.insert(line.mid(5).trimmed().toLongLong());
        }
        return int(reported.size());
    }

    void verifyDatabase(const QString& path, const QSet<MessageId>& reported, int kills)
    {
        quint64 fingerprint = 0;
        {
            storetest::RawDatabase raw(path);
            QVERIFY(raw.opened());
            QCOMPARE(raw.scalar("PRAGMA integrity_check").toString(), QStringLiteral("ok"));
            // Every state comes from the one model (stored as the bits of a signed integer).
            fingerprint = quint64(raw.scalar("SELECT fingerprint FROM message_states LIMIT 1").toLongLong());
        }
        auto opened = ConversationStore::open(path);
        QVERIFY2(opened.ok(), qPrintable(opened.errorString()));
        ConversationStore& store = opened.value();
        for (MessageId id : reported) {
            auto m = store.message(id);
            QVERIFY2(m.ok(), qPrintable(QStringLiteral("reply %1 was reported finished but is gone").arg(id)));
            QVERIFY(m.value().stats.contains("finish"));
            QVERIFY(!m.value().stats.value("streaming").toBool());
        }
        auto conversations = store.listConversations();
        QVERIFY(conversations.ok());
        int unfinished = 0;
        for (const Conversation& c : conversations.value()) {
            auto tree = store.tree(c.id);
            QVERIFY(tree.ok());
            for (const Message& m : tree.value().messages) {
                if (m.role == MessageRole::Assistant && m.stats.value("streaming").toBool())
                    ++unfinished; // interrupted: kept with whatever text was autosaved
                if (m.hasState) {
                    auto state = store.loadState(m.id, fingerprint); // decompressed and checksummed
                    QVERIFY2(state.ok(), qPrintable(state.errorString()));
                }
            }
        }
        QVERIFY2(unfinished <= kills,
                 qPrintable(QStringLiteral("%1 unfinished replies after %2 kills").arg(unfinished).arg(kills)));
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString child = qEnvironmentVariable("RWKV_SOAK_CHILD");
    if (!child.isEmpty())
        return runChild(child);
    TestChatCrashSoak test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_chat_crash_soak.moc"
