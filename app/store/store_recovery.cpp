#include "app/store/store_recovery.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace {

// SQLite's companions of a database in WAL mode; they must keep the main file's name + suffix.
const char* const kCompanions[] = {"-wal", "-shm", "-journal"};

bool nameTaken(const QString& candidate)
{
    if (QFileInfo::exists(candidate))
        return true;
    for (const char* suffix : kCompanions)
        if (QFileInfo::exists(candidate + QLatin1String(suffix)))
            return true;
    return false;
}

} // namespace

Result<QString> StoreRecovery::moveAside(const QString& path)
{
    if (!QFileInfo::exists(path))
        return StoreError(StoreError::Code::NotFound,
                          QStringLiteral("There is no database file at %1 to move aside.")
                              .arg(QDir::toNativeSeparators(path)));

    const QString base = path + QStringLiteral(".corrupt-") +
                         QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = base;
    for (int n = 2; nameTaken(target); ++n)
        target = base + QStringLiteral("-%1").arg(n);

    QFile main(path);
    if (!main.rename(target))
        return StoreError(StoreError::Code::Io,
                          QStringLiteral("The damaged database %1 could not be renamed to %2 (%3); "
                                         "close other RWKV Studio windows and check the folder's "
                                         "permissions.")
                              .arg(QDir::toNativeSeparators(path),
                                   QDir::toNativeSeparators(target), main.errorString()));
    for (const char* suffix : kCompanions) {
        QFile companion(path + QLatin1String(suffix));
        if (!companion.exists())
            continue;
        if (!companion.rename(target + QLatin1String(suffix)))
            return StoreError(StoreError::Code::Io,
                              QStringLiteral("The damaged database was moved to %1, but its "
                                             "companion file %2 could not be moved (%3); delete "
                                             "or move it by hand before starting again.")
                                  .arg(QDir::toNativeSeparators(target),
                                       QDir::toNativeSeparators(companion.fileName()),
                                       companion.errorString()));
    }
    return target;
}
