// StoreRecovery handles a database file that cannot be used (open() failed with Code::Corrupt):
// it keeps the damaged file for the user (or support) and clears the way for a fresh database.
#pragma once

#include "app/store/result.h"

#include <QString>

namespace StoreRecovery {

// Renames `path` to "<path>.corrupt-<yyyyMMdd-HHmmss>" (with "-2", "-3"... if taken), and its
// "-wal" and "-shm" companions alongside so the copy stays a consistent SQLite file. Returns the
// new name of the main file. Every store instance on `path` must be closed first. Io when a
// rename fails (files already renamed stay renamed: the copy is never deleted), NotFound when
// `path` does not exist.
Result<QString> moveAside(const QString& path);

} // namespace StoreRecovery
