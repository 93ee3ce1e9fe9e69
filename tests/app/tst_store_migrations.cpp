// The versioned schema: a fresh file gets the current schema, a file written by the first
// release (schema v1, built here with raw SQL as that release wrote it) is migrated with its
// data kept, a failing migration leaves the file untouched, and a newer file is refused.
#include "app/store/conversation_store.h"
#include "app/store/manuscript_store.h"
#include "app/store/schema.h"
#include "app/store/state_compression.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

// Schema v1 exactly as the first release created it.
const char* const kSchemaV1[] = {
    R"(CREATE TABLE conversations (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, pinned INTEGER NOT NULL DEFAULT 0,
        model_id TEXT NOT NULL DEFAULT '', model_fingerprint INTEGER NOT NULL DEFAULT 0,
        system_prompt TEXT NOT NULL DEFAULT '', sampling_json TEXT NOT NULL DEFAULT '{}',
        active_root_id INTEGER REFERENCES messages(id) ON DELETE SET NULL))",
    R"(CREATE TABLE messages (id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id),
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')), text TEXT NOT NULL,
        created_at INTEGER NOT NULL, token_count INTEGER NOT NULL DEFAULT 0,
        stats_json TEXT NOT NULL DEFAULT '{}',
        active_child_id INTEGER REFERENCES messages(id) ON DELETE SET NULL))",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id)",
    "CREATE INDEX messages_by_parent ON messages(parent_id)",
    "CREATE INDEX messages_by_active_child ON messages(active_child_id)",
    "CREATE INDEX conversations_by_active_root ON conversations(active_root_id)",
    R"(CREATE TABLE message_states (message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        fingerprint INTEGER NOT NULL, format_version INTEGER NOT NULL, raw_size INTEGER NOT NULL,
        data BLOB NOT NULL, saved_at INTEGER NOT NULL))",
    R"(CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, preset_json TEXT NOT NULL DEFAULT '{}'))",
    R"(CREATE TABLE chapters (id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL))",
    "CREATE INDEX chapters_by_document ON chapters(document_id, position)",
    R"(CREATE TABLE chapter_states (chapter_id INTEGER PRIMARY KEY REFERENCES chapters(id) ON DELETE CASCADE,
        fingerprint INTEGER NOT NULL, format_version INTEGER NOT NULL, covered_length INTEGER NOT NULL,
        covered_sha256 BLOB NOT NULL, raw_size INTEGER NOT NULL, data BLOB NOT NULL, saved_at INTEGER NOT NULL))",
    "PRAGMA user_version = 1",
};

} // namespace

class TestStoreMigrations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    StateBlob oldState_ = storetest::makeState(0x1234, 1000, 9);

    QString dbPath() const { return dir_.filePath(QStringLiteral("studio.sqlite")); }

    // A v1 file with one conversation (user message, assistant reply with a state) and one
    // document with a chapter.
    void writeVersion1File(const QString& extraStatement = {})
    {
        QFile::remove(dbPath());
        storetest::RawDatabase raw(dbPath());
        QVERIFY(raw.opened());
        for (const char* sql : kSchemaV1)
            QVERIFY2(raw.exec(QLatin1String(sql)), qPrintable(raw.lastError()));
        QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO conversations (id, title, created_at, updated_at, system_prompt, active_root_id) "
            "VALUES (1, 'Old chat', 1000, 2000, 'old prompt', 1)")));
        QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO messages (id, conversation_id, parent_id, role, text, created_at, active_child_id) "
            "VALUES (1, 1, NULL, 'user', 'hello from v1', 1000, 2)")));
        QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO messages (id, conversation_id, parent_id, role, text, created_at) "
            "VALUES (2, 1, 1, 'assistant', 'reply from v1', 1500)")));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO message_states VALUES (2, ?, 1, ?, ?, 1500)"),
                         {qint64(oldState_.fingerprint), qint64(oldState_.bytes.size()),
                          StateCompression::compress(oldState_.bytes).value()}));
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO documents VALUES (1, 'Old novel', 1000, 1000, '{}')")));
        QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO chapters VALUES (1, 1, 0, 'Chapter 1', 'Once.', 1000, 1000)")));
        if (!extraStatement.isEmpty())
            QVERIFY(raw.exec(extraStatement));
    }

    int userVersion()
    {
        storetest::RawDatabase raw(dbPath());
        return raw.scalar(QStringLiteral("PRAGMA user_version")).toInt();
    }

    bool hasColumn(const QString& table, const QString& column)
    {
        storetest::RawDatabase raw(dbPath());
        return raw.scalar(QStringLiteral("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?"),
                          {table, column})
                   .toInt() == 1;
    }

private slots:
    void init() { QVERIFY(dir_.isValid()); }

    void freshFileGetsTheCurrentSchemaInWalMode()
    {
        QFile::remove(dbPath());
        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        QCOMPARE(userVersion(), StoreSchema::kCurrentVersion);
        QVERIFY(hasColumn(QStringLiteral("conversations"), QStringLiteral("persona")));
        QVERIFY(hasColumn(QStringLiteral("pieces"), QStringLiteral("tokens_text")));
        QVERIFY(hasColumn(QStringLiteral("finetune_runs"), QStringLiteral("curve_json")));
        storetest::RawDatabase raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    }

    void version1FileIsMigratedWithItsDataKept()
    {
        writeVersion1File();
        QCOMPARE(userVersion(), 1);
        QVERIFY(!hasColumn(QStringLiteral("conversations"), QStringLiteral("persona")));

        auto store = ConversationStore::open(dbPath());
        STORE_VERIFY(store);
        QCOMPARE(userVersion(), StoreSchema::kCurrentVersion);
        QVERIFY(hasColumn(QStringLiteral("conversations"), QStringLiteral("persona")));
        {
            storetest::RawDatabase raw(dbPath());
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master "
                                               "WHERE name = 'conversations_listing'")).toInt(), 1);
        }

        auto list = store.value().listConversations();
        STORE_VERIFY(list);
        QCOMPARE(list.value().size(), 1);
        QCOMPARE(list.value()[0].title, QStringLiteral("Old chat"));
        QCOMPARE(list.value()[0].settings.systemPrompt, QStringLiteral("old prompt"));
        QCOMPARE(list.value()[0].settings.persona, QString());
        auto path = store.value().activePath(1);
        STORE_VERIFY(path);
        QCOMPARE(path.value().size(), 2);
        QCOMPARE(path.value()[1].text, QStringLiteral("reply from v1"));
        auto state = store.value().loadState(2, oldState_.fingerprint);
        STORE_VERIFY(state);
        QVERIFY(state.value().bytes == oldState_.bytes);

        // New features work on the migrated file.
        ConversationSettings settings;
        settings.persona = QStringLiteral("Guide");
        STORE_VERIFY(store.value().updateSettings(1, settings));
        QCOMPARE(store.value().conversation(1).value().settings.persona, QStringLiteral("Guide"));

        auto documents = ManuscriptStore::open(dbPath());
        STORE_VERIFY(documents);
        QCOMPARE(documents.value().chapters(1).value().first().text, QStringLiteral("Once."));
    }

    void failedMigrationLeavesTheFileAtItsOldVersion()
    {
        // A table the v2 step wants to create already exists, so the step fails halfway.
        writeVersion1File(QStringLiteral("CREATE TABLE piece_states (x INTEGER)"));
        auto store = ConversationStore::open(dbPath());
        QVERIFY(!store.ok());
        QVERIFY(store.errorString().contains(QStringLiteral("schema")));
        QCOMPARE(userVersion(), 1);
        // The earlier statements of the step were rolled back too.
        QVERIFY(!hasColumn(QStringLiteral("conversations"), QStringLiteral("persona")));
        QVERIFY(!hasColumn(QStringLiteral("pieces"), QStringLiteral("tokens_text")));
        storetest::RawDatabase raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT title FROM conversations")).toString(),
                 QStringLiteral("Old chat"));
    }

    void fileFromANewerVersionIsRefused()
    {
        QFile::remove(dbPath());
        {
            storetest::RawDatabase raw(dbPath());
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE future (x)")));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        auto store = ConversationStore::open(dbPath());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::TooNew);
        QVERIFY(store.errorString().contains(QStringLiteral("newer RWKV Studio")));
        QCOMPARE(userVersion(), 99);
        auto documents = ManuscriptStore::open(dbPath());
        QCOMPARE(documents.error().code(), StoreError::Code::TooNew);
    }

    void reopeningKeepsEverything()
    {
        QFile::remove(dbPath());
        ConversationId id = 0;
        {
            auto store = ConversationStore::open(dbPath());
            STORE_VERIFY(store);
            id = store.value().createConversation(QStringLiteral("kept")).value();
            STORE_VERIFY(store.value().appendMessage(id, kNoMessage, NewMessage{MessageRole::User, "m", 0, {}}));
        }
        auto again = ConversationStore::open(dbPath());
        STORE_VERIFY(again);
        QCOMPARE(again.value().conversation(id).value().title, QStringLiteral("kept"));
        QCOMPARE(again.value().activePath(id).value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "tst_store_migrations.moc"
