// State compression: bit-exact round trips, and damaged or mislabelled frames refused as
// Corrupt before any large allocation.
#include "app/store/state_compression.h"
#include "store_test_support.h"

#include <QTest>

class TestStateCompression : public QObject {
    Q_OBJECT

private slots:
    void roundTripIsBitExact_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one byte") << QByteArray("x");
        QTest::newRow("zeros") << QByteArray(1 << 20, '\0');
        QTest::newRow("floats") << storetest::makeState(1, 300000, 3).bytes;
    }

    void roundTripIsBitExact()
    {
        QFETCH(QByteArray, raw);
        auto packed = StateCompression::compress(raw);
        STORE_VERIFY(packed);
        auto unpacked = StateCompression::decompress(packed.value(), raw.size());
        STORE_VERIFY(unpacked);
        QVERIFY(unpacked.value() == raw);
    }

    void zerosCompressWell()
    {
        auto packed = StateCompression::compress(QByteArray(1 << 20, '\0'));
        STORE_VERIFY(packed);
        QVERIFY(packed.value().size() < 1024);
    }

    void wrongExpectedSizeIsCorrupt()
    {
        const QByteArray raw = storetest::makeState(1, 1000, 1).bytes;
        const QByteArray packed = StateCompression::compress(raw).value();
        QCOMPARE(StateCompression::decompress(packed, raw.size() + 1).error().code(),
                 StoreError::Code::Corrupt);
        QCOMPARE(StateCompression::decompress(packed, -1).error().code(), StoreError::Code::Corrupt);
        // A frame claiming gigabytes is refused from its header, without allocating them.
        QCOMPARE(StateCompression::decompress(packed, qint64(1) << 40).error().code(),
                 StoreError::Code::Corrupt);
    }

    void garbageAndTruncatedFramesAreCorrupt()
    {
        const QByteArray raw = storetest::makeState(1, 1000, 2).bytes;
        const QByteArray packed = StateCompression::compress(raw).value();
        QCOMPARE(StateCompression::decompress(QByteArray("not zstd at all"), 10).error().code(),
                 StoreError::Code::Corrupt);
        QCOMPARE(StateCompression::decompress(QByteArray(), 0).error().code(), StoreError::Code::Corrupt);
        QCOMPARE(StateCompression::decompress(packed.left(packed.size() / 2), raw.size()).error().code(),
                 StoreError::Code::Corrupt);
        QByteArray flipped = packed;
        flipped[flipped.size() - 10] = char(flipped[flipped.size() - 10] ^ 1);
        auto r = StateCompression::decompress(flipped, raw.size());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), StoreError::Code::Corrupt);
        QVERIFY(r.errorString().contains(QStringLiteral("recomputed")));
    }
};

QTEST_GUILESS_MAIN(TestStateCompression)
#include "tst_state_compression.moc"
