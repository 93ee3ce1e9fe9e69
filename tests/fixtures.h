// Where tests find ../shared/fixtures: $RWKV_FIXTURES, else the folder beside the repository.
// Missing fixtures skip a test with a message, except under CI (CI=true) where they fail it.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

namespace rwkvtest {

inline QString fixturesDir()
{
    QString dir = qEnvironmentVariable("RWKV_FIXTURES");
    if (dir.isEmpty())
        dir = QStringLiteral(RWKV_FIXTURES_DEFAULT);
    return QDir(dir).absolutePath();
}

inline bool underCi()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

inline QString fixture(const QString& relative)
{
    return fixturesDir() + QLatin1Char('/') + relative;
}

inline QString binDir()
{
    return QStringLiteral(RWKV_BIN_DIR);
}

} // namespace rwkvtest

// Use at the start of a test function that needs `relative` (a file or folder under fixtures/).
#define RWKV_REQUIRE_FIXTURE(relative)                                                              \
    do {                                                                                            \
        const QString rwkvFixturePath_ = rwkvtest::fixture(relative);                              \
        if (!QFileInfo::exists(rwkvFixturePath_)) {                                                 \
            if (rwkvtest::underCi())                                                                \
                QFAIL(qPrintable(QStringLiteral("fixture missing under CI: ") + rwkvFixturePath_)); \
            QSKIP(qPrintable(QStringLiteral("fixture not found (set RWKV_FIXTURES): ") +            \
                             rwkvFixturePath_));                                                    \
        }                                                                                           \
    } while (0)
