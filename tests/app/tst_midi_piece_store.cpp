// PieceStore: composed pieces with their text and the model state after it, in SQLite.
#include "app/music/piece_store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class MidiPieceStoreTest : public QObject {
    Q_OBJECT
private slots:
    void savedPieceReopensWithItsStateAndLogits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("library/studio.sqlite");
        qint64 id = 0;
        {
            PieceStore store(path);
            QVERIFY2(store.isOpen(), qPrintable(store.lastError()));
            MusicPiece p;
            p.title = "Etude";
            p.kind = "MIDI";
            p.text = "<pad> pi:3c:a t10 pi:3c:0";
            p.generatedFrom = 6;
            p.modelFingerprint = 0xFEEDBEEFCAFEull;
            p.state = QByteArray("RWKVSTAT\0\1\2", 11);
            p.logits = {0.5f, -1.25f, 3.0f};
            const auto saved = store.save(p);
            QVERIFY(saved);
            id = *saved;
        }
        PieceStore reopened(path);
        const auto p = reopened.load(id);
        QVERIFY(p);
        QCOMPARE(p->title, QString("Etude"));
        QCOMPARE(p->text, QString("<pad> pi:3c:a t10 pi:3c:0"));
        QCOMPARE(p->generatedFrom, 6);
        QCOMPARE(p->modelFingerprint, 0xFEEDBEEFCAFEull);
        QCOMPARE(p->state, QByteArray("RWKVSTAT\0\1\2", 11));
        QCOMPARE(p->logits, (std::vector<float>{0.5f, -1.25f, 3.0f}));
        QVERIFY(p->updated.isValid());
    }

    void updatesReplaceAndListIsNewestFirst()
    {
        QTemporaryDir dir;
        PieceStore store(dir.filePath("s.sqlite"));
        MusicPiece a;
        a.title = "A";
        a.kind = "ABC";
        a.text = "K:C\nCDE";
        a.id = *store.save(a);
        MusicPiece b = a;
        b.id = 0;
        b.title = "B";
        b.id = *store.save(b);
        a.text += "F";
        QCOMPARE(store.save(a), std::optional<qint64>(a.id));
        const auto all = store.list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].title, QString("A"));
        QVERIFY(all[0].state.isEmpty()); // the listing leaves the blobs out
        QCOMPARE(store.load(a.id)->text, QString("K:C\nCDEF"));
        QVERIFY(store.remove(b.id));
        QVERIFY(!store.load(b.id));
        QVERIFY(!store.remove(b.id));
    }

    void notADatabaseIsReportedNotCrashed()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("junk.sqlite"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        PieceStore store(dir.filePath("junk.sqlite"));
        QVERIFY(!store.isOpen());
        QVERIFY(store.lastError().contains("junk.sqlite"));
        QVERIFY(!store.save({}));
        QVERIFY(store.list().isEmpty());
    }
};

QTEST_GUILESS_MAIN(MidiPieceStoreTest)
#include "tst_midi_piece_store.moc"
