#include "app/store/schema.h"

#include "app/store/store_connection.h"

#include <QDir>
#include <QStringList>

namespace {

// One migration step: the statements that take a database from version - 1 to version.
// Never edit a released step; add a new one.
struct Step {
    int version;
    QStringList statements;
};

// Times are milliseconds since the Unix epoch (UTC). Fingerprints are the model's uint64 stored
// bit-for-bit in SQLite's signed INTEGER. "*_json" columns hold compact JSON objects.
const Step kVersion1{1, {
    QStringLiteral(R"(CREATE TABLE conversations (
        id                INTEGER PRIMARY KEY,
        title             TEXT    NOT NULL,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        pinned            INTEGER NOT NULL DEFAULT 0,
        model_id          TEXT    NOT NULL DEFAULT '',
        model_fingerprint INTEGER NOT NULL DEFAULT 0,
        system_prompt     TEXT    NOT NULL DEFAULT '',
        sampling_json     TEXT    NOT NULL DEFAULT '{}',
        active_root_id    INTEGER REFERENCES messages(id) ON DELETE SET NULL))"),
    // parent_id has no ON DELETE action on purpose: subtrees are deleted with one recursive
    // statement, because cascading through parent links nests one trigger level per generation
    // and SQLite stops at 1000 levels (a long chat is deeper than that).
    QStringLiteral(R"(CREATE TABLE messages (
        id              INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id       INTEGER REFERENCES messages(id),
        role            TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        text            TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        token_count     INTEGER NOT NULL DEFAULT 0,
        stats_json      TEXT    NOT NULL DEFAULT '{}',
        active_child_id INTEGER REFERENCES messages(id) ON DELETE SET NULL))"),
    QStringLiteral("CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id)"),
    // Foreign-key checks and SET NULL actions look rows up by these columns; without indexes
    // deleting a long conversation is quadratic.
    QStringLiteral("CREATE INDEX messages_by_parent ON messages(parent_id)"),
    QStringLiteral("CREATE INDEX messages_by_active_child ON messages(active_child_id)"),
    QStringLiteral("CREATE INDEX conversations_by_active_root ON conversations(active_root_id)"),
    QStringLiteral(R"(CREATE TABLE message_states (
        message_id     INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        fingerprint    INTEGER NOT NULL,
        format_version INTEGER NOT NULL,
        raw_size       INTEGER NOT NULL,
        data           BLOB    NOT NULL,
        saved_at       INTEGER NOT NULL))"),
    QStringLiteral(R"(CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        title       TEXT    NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        preset_json TEXT    NOT NULL DEFAULT '{}'))"),
    QStringLiteral(R"(CREATE TABLE chapters (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        title       TEXT    NOT NULL,
        text        TEXT    NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL))"),
    QStringLiteral("CREATE INDEX chapters_by_document ON chapters(document_id, position)"),
    QStringLiteral(R"(CREATE TABLE chapter_states (
        chapter_id     INTEGER PRIMARY KEY REFERENCES chapters(id) ON DELETE CASCADE,
        fingerprint    INTEGER NOT NULL,
        format_version INTEGER NOT NULL,
        covered_length INTEGER NOT NULL,
        covered_sha256 BLOB    NOT NULL,
        raw_size       INTEGER NOT NULL,
        data           BLOB    NOT NULL,
        saved_at       INTEGER NOT NULL))"),
}};

// v2: the persona name shown beside the system prompt, an index for the conversation list
// (pinned first, newest first), and tables reserved for the music pane.
const Step kVersion2{2, {
    QStringLiteral("ALTER TABLE conversations ADD COLUMN persona TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("CREATE INDEX conversations_listing ON conversations(pinned DESC, updated_at DESC)"),
    QStringLiteral(R"(CREATE TABLE pieces (
        id            INTEGER PRIMARY KEY,
        title         TEXT    NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        settings_json TEXT    NOT NULL DEFAULT '{}',
        tokens_text   TEXT    NOT NULL DEFAULT ''))"),
    QStringLiteral(R"(CREATE TABLE piece_states (
        piece_id       INTEGER PRIMARY KEY REFERENCES pieces(id) ON DELETE CASCADE,
        fingerprint    INTEGER NOT NULL,
        format_version INTEGER NOT NULL,
        covered_tokens INTEGER NOT NULL,
        raw_size       INTEGER NOT NULL,
        data           BLOB    NOT NULL,
        saved_at       INTEGER NOT NULL))"),
}};

// v3: fine-tuning runs: their settings, progress, loss curve and output files (app/finetune).
const Step kVersion3{3, {
    QStringLiteral(R"(CREATE TABLE finetune_runs (
        id             INTEGER PRIMARY KEY,
        title          TEXT    NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        base_model     TEXT    NOT NULL,
        data_json      TEXT    NOT NULL DEFAULT '[]',
        settings_json  TEXT    NOT NULL DEFAULT '{}',
        status         TEXT    NOT NULL CHECK (status IN ('running', 'paused', 'finished', 'cancelled', 'failed')),
        steps_done     INTEGER NOT NULL DEFAULT 0,
        total_steps    INTEGER NOT NULL DEFAULT 0,
        run_dir        TEXT    NOT NULL DEFAULT '',
        outputs_json   TEXT    NOT NULL DEFAULT '[]',
        curve_json     TEXT    NOT NULL DEFAULT '[]',
        error          TEXT    NOT NULL DEFAULT ''))"),
}};

// v4: the Write pane's books are "manuscripts"; "document" now means what the Documents pane reads.
const Step kVersion4{4, {
    QStringLiteral("ALTER TABLE documents RENAME TO manuscripts"),
    QStringLiteral("ALTER TABLE chapters RENAME COLUMN document_id TO manuscript_id"),
    QStringLiteral("DROP INDEX chapters_by_document"),
    QStringLiteral("CREATE INDEX chapters_by_manuscript ON chapters(manuscript_id, position)"),
}};

// v5: the Documents pane's index (app/documents/document_index.h). A collection gathers files
// and folders (sources); each file read becomes pages (text and word boxes as JSON) and passages.
// Passages are indexed twice by FTS5: by words (unicode61, diacritics removed) and by trigrams,
// which is what finds Chinese and Japanese text. Embeddings are per model fingerprint, so vectors
// of two models never meet. document_states holds the model state after reading a whole file.
const Step kVersion5{5, {
    QStringLiteral(R"(CREATE TABLE collections (
        id         INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL UNIQUE,
        created_at INTEGER NOT NULL))"),
    QStringLiteral(R"(CREATE TABLE collection_sources (
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        path          TEXT    NOT NULL,
        PRIMARY KEY (collection_id, path)))"),
    QStringLiteral(R"(CREATE TABLE document_files (
        id            INTEGER PRIMARY KEY,
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        path          TEXT    NOT NULL,
        hash          TEXT    NOT NULL DEFAULT '',
        size          INTEGER NOT NULL DEFAULT -1,
        modified_at   INTEGER NOT NULL DEFAULT 0,
        status        TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'indexed', 'failed')),
        page_count    INTEGER NOT NULL DEFAULT 0,
        problems_json TEXT    NOT NULL DEFAULT '[]',
        error         TEXT    NOT NULL DEFAULT '',
        indexed_at    INTEGER NOT NULL DEFAULT 0,
        UNIQUE (collection_id, path)))"),
    QStringLiteral(R"(CREATE TABLE document_pages (
        file_id    INTEGER NOT NULL REFERENCES document_files(id) ON DELETE CASCADE,
        page       INTEGER NOT NULL,
        readable   INTEGER NOT NULL,
        ocr        INTEGER NOT NULL DEFAULT 0,
        text       TEXT    NOT NULL,
        words_json TEXT    NOT NULL DEFAULT '[]',
        PRIMARY KEY (file_id, page)))"),
    QStringLiteral(R"(CREATE TABLE passages (
        id           INTEGER PRIMARY KEY,
        file_id      INTEGER NOT NULL REFERENCES document_files(id) ON DELETE CASCADE,
        ordinal      INTEGER NOT NULL,
        page_from    INTEGER NOT NULL,
        page_to      INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset   INTEGER NOT NULL,
        text         TEXT    NOT NULL))"),
    QStringLiteral("CREATE INDEX passages_by_file ON passages(file_id, ordinal)"),
    QStringLiteral("CREATE VIRTUAL TABLE passage_words USING fts5(text, content='passages', content_rowid='id', "
                   "tokenize='unicode61 remove_diacritics 2')"),
    QStringLiteral("CREATE VIRTUAL TABLE passage_trigrams USING fts5(text, content='passages', content_rowid='id', "
                   "tokenize='trigram')"),
    QStringLiteral(R"(CREATE TRIGGER passages_indexed AFTER INSERT ON passages BEGIN
        INSERT INTO passage_words(rowid, text) VALUES (new.id, new.text);
        INSERT INTO passage_trigrams(rowid, text) VALUES (new.id, new.text);
    END)"),
    QStringLiteral(R"(CREATE TRIGGER passages_unindexed AFTER DELETE ON passages BEGIN
        INSERT INTO passage_words(passage_words, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO passage_trigrams(passage_trigrams, rowid, text) VALUES ('delete', old.id, old.text);
    END)"),
    QStringLiteral(R"(CREATE TABLE passage_embeddings (
        passage_id  INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
        fingerprint INTEGER NOT NULL,
        vector      BLOB    NOT NULL,
        PRIMARY KEY (passage_id, fingerprint)))"),
    QStringLiteral(R"(CREATE TABLE document_states (
        file_id        INTEGER NOT NULL REFERENCES document_files(id) ON DELETE CASCADE,
        fingerprint    INTEGER NOT NULL,
        file_hash      TEXT    NOT NULL,
        format_version INTEGER NOT NULL,
        tokens         INTEGER NOT NULL,
        raw_size       INTEGER NOT NULL,
        data           BLOB    NOT NULL,
        saved_at       INTEGER NOT NULL,
        PRIMARY KEY (file_id, fingerprint)))"),
}};

const Step* const kSteps[] = {&kVersion1, &kVersion2, &kVersion3, &kVersion4, &kVersion5};
static_assert(std::size(kSteps) == StoreSchema::kCurrentVersion);

Result<int> readVersion(StoreConnection& connection)
{
    auto query = connection.exec(QStringLiteral("PRAGMA user_version"));
    if (!query.ok())
        return query.error();
    return query.value().next() ? query.value().value(0).toInt() : 0;
}

StoreError tooNew(const StoreConnection& connection, int version)
{
    return StoreError(StoreError::Code::TooNew,
                      QStringLiteral("The database %1 was written by a newer RWKV Studio (schema "
                                     "version %2; this version understands up to %3). Update "
                                     "RWKV Studio to open it.")
                          .arg(QDir::toNativeSeparators(connection.path()))
                          .arg(version)
                          .arg(StoreSchema::kCurrentVersion));
}

} // namespace

Result<void> StoreSchema::migrate(StoreConnection& connection)
{
    auto before = readVersion(connection);
    if (!before.ok())
        return before.error();
    if (before.value() == kCurrentVersion)
        return {};
    if (before.value() > kCurrentVersion)
        return tooNew(connection, before.value());

    auto migrated = connection.transaction([&]() -> Result<void> {
        // Read again under the write lock: another connection may have migrated meanwhile.
        auto version = readVersion(connection);
        if (!version.ok())
            return version.error();
        if (version.value() > kCurrentVersion)
            return tooNew(connection, version.value());
        for (const Step* step : kSteps) {
            if (step->version <= version.value())
                continue;
            for (const QString& statement : step->statements)
                if (auto r = connection.run(statement); !r.ok())
                    return r;
        }
        // PRAGMA takes no bound parameters; the value is this build's constant, not input.
        return connection.run(QStringLiteral("PRAGMA user_version = %1").arg(kCurrentVersion));
    });
    if (migrated.ok() || migrated.error().code() != StoreError::Code::Sql)
        return migrated;
    return StoreError(StoreError::Code::Sql,
                      QStringLiteral("The database %1 could not be upgraded from schema version %2 "
                                     "to %3; it was left as it was.")
                          .arg(QDir::toNativeSeparators(connection.path()))
                          .arg(before.value())
                          .arg(kCurrentVersion),
                      migrated.error().detail());
}
