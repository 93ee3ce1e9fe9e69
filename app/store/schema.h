// The studio database schema and its migrations. PRAGMA user_version holds the schema version;
// opening a file applies the missing steps in order, all in one transaction, so a file is either
// fully at the old version or fully at the new one. A file newer than this build is refused
// (TooNew) rather than guessed at. Internal to app/store.
//
// Versions: 1 = conversations, messages, message_states, documents, chapters, chapter_states;
// 2 = conversations.persona column, the listing index, music pieces and piece_states (reserved);
// 3 = finetune_runs.
#pragma once

#include "app/store/result.h"

class StoreConnection;

namespace StoreSchema {

inline constexpr int kCurrentVersion = 5;

// Brings the connection's database to kCurrentVersion (creating it in an empty file).
Result<void> migrate(StoreConnection& connection);

} // namespace StoreSchema
