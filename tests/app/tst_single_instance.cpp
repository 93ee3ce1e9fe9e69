// SingleInstance: a second copy finds the first, asks it to come to the front, and is told to exit.
#include "app/single_instance.h"

#include "signal_wait.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

class TestSingleInstance : public QObject {
    Q_OBJECT
private slots:
    void secondCopyActivatesTheFirst()
    {
        const QString key = QStringLiteral("rwkv-studio-test-") + QUuid::createUuid().toString(QUuid::Id128);
        SingleInstance first(key);
        QVERIFY(!first.anotherIsRunning());
        QVERIFY(first.listen());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);

        SingleInstance second(key);
        QVERIFY(second.anotherIsRunning());
        QVERIFY(rwkvtest::waitForCount(activated));
    }

    void aStaleSocketFromACrashedCopyIsTakenOver()
    {
        const QString key = QStringLiteral("rwkv-studio-test-") + QUuid::createUuid().toString(QUuid::Id128);
        {
            SingleInstance crashed(key);
            QVERIFY(crashed.listen());
        }
        SingleInstance next(key);
        QVERIFY(!next.anotherIsRunning());
        QVERIFY(next.listen());
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_single_instance.moc"
