// PieceStore: composed pieces with their text and the model state before their last token, in
// the studio database's reserved music tables.
#include "app/music/piece_store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class MidiPieceStoreTest : public QObject {
    Q_OBJECT
private slots:
    void savedPieceReopensWithItsResumePoint()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("library/studio.sqlite");
        qint64 id = 0;
        const QByteArray state("RWKVSTAT\0\1\2 state bytes", 23);
        {
            auto store = PieceStore::open(path);
            QVERIFY2(store.ok(), qPrintable(store.errorString()));
            MusicPiece p;
            p.title = "Etude";
            p.kind = "MIDI";
            p.text = "<pad> pi:3c:a t10 pi:3c:0";
            p.generatedFrom = 6;
            PieceResumePoint r;
            r.modelFingerprint = 0xFEEDBEEFCAFEull;
            r.stateBeforeLast = state;
            r.lastToken = 12416 + 60 * 12;
            r.coveredTokens = 3;
            const auto saved = store.value().save(p, r);
            QVERIFY2(saved.ok(), qPrintable(saved.errorString()));
            id = saved.value();
        }
        auto store = PieceStore::open(path);
        QVERIFY(store.ok());
        const auto p = store.value().load(id, 0xFEEDBEEFCAFEull);
        QVERIFY(p.ok());
        QCOMPARE(p.value().title, QString("Etude"));
        QCOMPARE(p.value().kind, QString("MIDI"));
        QCOMPARE(p.value().text, QString("<pad> pi:3c:a t10 pi:3c:0"));
        QCOMPARE(p.value().generatedFrom, 6);
        QVERIFY(p.value().resume);
        QCOMPARE(p.value().resume->stateBeforeLast, state);
        QCOMPARE(p.value().resume->lastToken, 12416 + 60 * 12);
        QCOMPARE(p.value().resume->coveredTokens, 3);

        // Another model's state is left out; asking for none leaves it out too.
        QVERIFY(!store.value().load(id, 0x1234).value().resume);
        QVERIFY(!store.value().load(id).value().resume);
    }

    void savingWithoutAResumePointDropsTheStaleState()
    {
        QTemporaryDir dir;
        auto store = PieceStore::open(dir.filePath("s.sqlite"));
        QVERIFY(store.ok());
        MusicPiece p;
        p.title = "A";
        p.kind = "ABC";
        p.text = "K:C\nCDE";
        PieceResumePoint r;
        r.modelFingerprint = 7;
        r.stateBeforeLast = "x";
        r.lastToken = 'E';
        p.id = store.value().save(p, r).value();
        p.text += "F"; // edited: the saved state no longer matches
        QCOMPARE(store.value().save(p).value(), p.id);
        QVERIFY(!store.value().load(p.id, 7).value().resume);
        QCOMPARE(store.value().load(p.id).value().text, QString("K:C\nCDEF"));
    }

    void listIsNewestFirstAndRemoveDeletes()
    {
        QTemporaryDir dir;
        auto opened = PieceStore::open(dir.filePath("s.sqlite"));
        QVERIFY(opened.ok());
        PieceStore& store = opened.value();
        MusicPiece a;
        a.title = "A";
        a.id = store.save(a).value();
        MusicPiece b;
        b.title = "B";
        b.id = store.save(b).value();
        QCOMPARE(store.save(a).value(), a.id); // saved again: now the newest
        const auto all = store.list();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 2);
        QCOMPARE(all.value()[0].title, QString("A"));
        QVERIFY(store.remove(b.id).ok());
        QCOMPARE(store.load(b.id).error().code(), StoreError::Code::NotFound);
        QCOMPARE(store.remove(b.id).error().code(), StoreError::Code::NotFound);
        b.id = 999;
        QCOMPARE(store.save(b).error().code(), StoreError::Code::NotFound);
    }

    void notADatabaseIsReportedNotCrashed()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("junk.sqlite"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        const auto store = PieceStore::open(dir.filePath("junk.sqlite"));
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), StoreError::Code::Corrupt);
    }
};

QTEST_GUILESS_MAIN(MidiPieceStoreTest)
#include "tst_midi_piece_store.moc"
