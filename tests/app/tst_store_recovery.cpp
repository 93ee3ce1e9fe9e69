// Damaged database files: open() says the file is damaged (and leaves it alone), moveAside()
// keeps the copy under a new name with its WAL companions, and a fresh database opens after it.
// A damaged state BLOB is reported as such without affecting the rest of the conversation.
#include "app/store/conversation_store.h"
#include "app/store/manuscript_store.h"
#include "app/store/store_recovery.h"
#include "store_test_support.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

class TestStoreRecovery : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString dbPath() const { return dir_.filePath(QStringLiteral("studio.sqlite")); }

    // A real database of many pages, fully checkpointed into the main file and closed.
    void writeRealDatabase()
    {
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        STORE_VERIFY(store.value().runInTransaction([&]() -> Result<void> {
            for (int c = 0; c < 40; ++c) {
                auto id = store.value().createConversation(QStringLiteral("chat %1").arg(c));
                if (!id.ok())
                    return id.error();
                MessageId parent = kNoMessage;
                for (int m = 0; m < 20; ++m) {
                    auto msg = store.value().appendMessage(
                        id.value(), parent,
                        NewMessage{MessageRole::User, QString(200, QChar('a' + m % 26)), 0, {}});
                    if (!msg.ok())
                        return msg.error();
                    parent = msg.value();
                }
            }
            return {};
        }));
        // Closing the last connection checkpoints the WAL into the main file and removes it.
    }

private slots:
    void init()
    {
        QVERIFY(dir_.isValid());
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void randomBytesAreReportedAsDamagedAndLeftAlone()
    {
        const QByteArray garbage = randomBytes(64 * 1024, 1);
        QVERIFY(writeAll(dbPath(), garbage));
        auto store = ConversationStore::open(dbPath());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::Corrupt);
        QVERIFY(store.errorString().contains(QDir::toNativeSeparators(dbPath())));
        QVERIFY(store.errorString().contains(QStringLiteral("damaged")));
        QCOMPARE(readAll(dbPath()), garbage);
        QCOMPARE(ManuscriptStore::open(dbPath()).error().code(), StoreError::Code::Corrupt);
    }

    void truncatedDatabaseIsReportedAsDamaged()
    {
        writeRealDatabase();
        QVERIFY(!QFile::exists(dbPath() + QStringLiteral("-wal")));
        QByteArray bytes = readAll(dbPath());
        QVERIFY(bytes.size() > 100 * 1024);
        bytes.truncate(bytes.size() / 2);
        QVERIFY(writeAll(dbPath(), bytes));

        auto store = ConversationStore::open(dbPath());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::Corrupt);
        QVERIFY(store.errorString().contains(QStringLiteral("damaged")));
    }

    void overwrittenPagesAreReportedAsDamaged()
    {
        writeRealDatabase();
        QByteArray bytes = readAll(dbPath());
        const QByteArray garbage = randomBytes(16 * 4096, 2);
        bytes.replace(8 * 4096, garbage.size(), garbage); // page 1 (the header) stays intact
        QVERIFY(writeAll(dbPath(), bytes));
        auto store = ConversationStore::open(dbPath());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::Corrupt);
    }

    void failedOpenWritesNothingIntoTheDamagedFileOrItsWal()
    {
        writeRealDatabase();
        const QString copy = dir_.filePath(QStringLiteral("copy.sqlite"));
        {
            // Committed but not yet checkpointed: the newest messages live only in the -wal.
            auto store = ConversationStore::open(dbPath());
            STORE_VERIFY(store);
            STORE_VERIFY(store.value().createConversation(QStringLiteral("only in the WAL")));
            QVERIFY(QFile::copy(dbPath(), copy));
            QVERIFY(QFile::copy(dbPath() + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
        }
        QByteArray bytes = readAll(copy);
        bytes.replace(4 * 4096, 8 * 4096, randomBytes(8 * 4096, 5));
        QVERIFY(writeAll(copy, bytes));
        const QByteArray wal = readAll(copy + QStringLiteral("-wal"));
        QVERIFY(!wal.isEmpty());

        auto store = ConversationStore::open(copy);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::Corrupt);
        QCOMPARE(readAll(copy), bytes);
        QCOMPARE(readAll(copy + QStringLiteral("-wal")), wal);
    }

    void damageFoundByALaterStatementIsReportedAsDamaged()
    {
        writeRealDatabase();
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        // Damage the message pages behind the open connection's back, then change the schema
        // from another connection so the store's page cache is dropped and it reads the file.
        QByteArray bytes = readAll(dbPath());
        bytes.replace(4096, bytes.size() - 4096, randomBytes(bytes.size() - 4096, 6));
        QVERIFY(writeAll(dbPath(), bytes));
        {
            storetest::RawDatabase raw(dbPath());
            raw.exec(QStringLiteral("PRAGMA user_version = 2"));
        }
        auto hits = store.value().search(QStringLiteral("aaaa"));
        QVERIFY(!hits.ok());
        QCOMPARE(hits.error().code(), StoreError::Code::Corrupt);
        QVERIFY(hits.errorString().contains(QStringLiteral("damaged")));
    }

    void moveAsideKeepsTheCopyAndAFreshDatabaseOpens()
    {
        const QByteArray garbage = randomBytes(10000, 3);
        QVERIFY(writeAll(dbPath(), garbage));
        QVERIFY(writeAll(dbPath() + QStringLiteral("-wal"), QByteArray("wal bytes")));
        QVERIFY(writeAll(dbPath() + QStringLiteral("-shm"), QByteArray("shm bytes")));
        QVERIFY(!ConversationStore::open(dbPath()).ok());

        auto moved = StoreRecovery::moveAside(dbPath());
        STORE_VERIFY(moved);
        QVERIFY(moved.value().startsWith(dbPath() + QStringLiteral(".corrupt-")));
        QCOMPARE(readAll(moved.value()), garbage);
        QCOMPARE(readAll(moved.value() + QStringLiteral("-wal")), QByteArray("wal bytes"));
        // -shm is SQLite's rebuildable index of the WAL: it only has to move along.
        QVERIFY(QFile::exists(moved.value() + QStringLiteral("-shm")));
        QVERIFY(!QFile::exists(dbPath() + QStringLiteral("-shm")));
        QVERIFY(!QFile::exists(dbPath()));
        QVERIFY(!QFile::exists(dbPath() + QStringLiteral("-wal")));
        auto fresh = ConversationStore::open(dbPath());
        STORE_VERIFY(fresh);
        QCOMPARE(fresh.value().listConversations().value().size(), 0);
        STORE_VERIFY(fresh.value().createConversation(QStringLiteral("new start")));
    }

    void movingAsideTwiceKeepsBothCopies()
    {
        QVERIFY(writeAll(dbPath(), QByteArray("first")));
        auto first = StoreRecovery::moveAside(dbPath());
        STORE_VERIFY(first);
        QVERIFY(writeAll(dbPath(), QByteArray("second")));
        auto second = StoreRecovery::moveAside(dbPath());
        STORE_VERIFY(second);
        QVERIFY(first.value() != second.value());
        QCOMPARE(readAll(first.value()), QByteArray("first"));
        QCOMPARE(readAll(second.value()), QByteArray("second"));
    }

    void movingAsideAMissingFileIsNotFound()
    {
        auto r = StoreRecovery::moveAside(dbPath());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), StoreError::Code::NotFound);
    }

    void damagedStateIsReportedAndTheConversationStillReads()
    {
        MessageId message = 0;
        ConversationId chat = 0;
        {
            auto store = ConversationStore::open(dbPath());
            STORE_VERIFY(store);
            chat = store.value().createConversation(QStringLiteral("chat")).value();
            message = store.value()
                          .appendMessage(chat, kNoMessage, NewMessage{MessageRole::User, "hi", 0, {}},
                                         storetest::makeState(5, 4096, 1))
                          .value();
        }
        {
            storetest::RawDatabase raw(dbPath());
            QVERIFY(raw.exec(QStringLiteral("UPDATE message_states SET data = ? WHERE message_id = ?"),
                             {randomBytes(3000, 4), message}));
        }
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        auto state = store.value().loadState(message, 5);
        QVERIFY(!state.ok());
        QCOMPARE(state.error().code(), StoreError::Code::Corrupt);
        QCOMPARE(store.value().activePath(chat).value().first().text, QStringLiteral("hi"));
    }

    void stateWithAFlippedBitFailsItsChecksum()
    {
        MessageId message = 0;
        {
            auto store = ConversationStore::open(dbPath());
            STORE_VERIFY(store);
            const ConversationId chat = store.value().createConversation(QStringLiteral("c")).value();
            message = store.value()
                          .appendMessage(chat, kNoMessage, NewMessage{}, storetest::makeState(5, 4096, 1))
                          .value();
        }
        {
            storetest::RawDatabase raw(dbPath());
            QByteArray data = raw.scalar(QStringLiteral("SELECT data FROM message_states")).toByteArray();
            data[data.size() / 2] = char(data[data.size() / 2] ^ 0x10);
            QVERIFY(raw.exec(QStringLiteral("UPDATE message_states SET data = ?"), {data}));
        }
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        QCOMPARE(store.value().loadState(message, 5).error().code(), StoreError::Code::Corrupt);
    }

    void unwritableLocationIsAnIoError()
    {
        QVERIFY(writeAll(dir_.filePath(QStringLiteral("plainfile")), QByteArray("x")));
        auto store = ConversationStore::open(dir_.filePath(QStringLiteral("plainfile/studio.sqlite")));
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::Io);
        auto folder = ConversationStore::open(dir_.path());
        QCOMPARE(folder.error().code(), StoreError::Code::Io);
    }
};

QTEST_GUILESS_MAIN(TestStoreRecovery)
#include "tst_store_recovery.moc"
