// ManuscriptStore on a real SQLite file: manuscripts, ordered chapters, and chapter states that are
// refused once the text they cover has been edited.
#include "app/store/conversation_store.h"
#include "app/store/manuscript_store.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

using storetest::makeState;

class TestManuscriptStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::optional<ManuscriptStore> store_;

    QString dbPath() const { return dir_.filePath(QStringLiteral("studio.sqlite")); }

    QStringList chapterTitles(ManuscriptId d)
    {
        QStringList out;
        for (const Chapter& c : store_->chapters(d).value())
            out << c.title;
        return out;
    }

    QList<int> positions(ManuscriptId d)
    {
        QList<int> out;
        for (const Chapter& c : store_->chapters(d).value())
            out << c.position;
        return out;
    }

private slots:
    void init()
    {
        QVERIFY(dir_.isValid());
        QFile::remove(dbPath());
        auto store = ManuscriptStore::open(dbPath());
        STORE_VERIFY(store);
        store_.emplace(std::move(store).value());
    }

    void cleanup() { store_.reset(); }

    void manuscriptKeepsTitleAndPreset()
    {
        const QJsonObject preset{{QStringLiteral("style"), QStringLiteral("noir")},
                                 {QStringLiteral("temperature"), 1.1}};
        auto id = store_->createManuscript(QStringLiteral("The Long Night"), preset);
        STORE_VERIFY(id);
        QCOMPARE(store_->manuscript(id.value()).value().preset, preset);
        STORE_VERIFY(store_->renameManuscript(id.value(), QStringLiteral("Longer Night")));
        STORE_VERIFY(store_->setPreset(id.value(), QJsonObject{}));
        auto doc = store_->manuscript(id.value());
        STORE_VERIFY(doc);
        QCOMPARE(doc.value().title, QStringLiteral("Longer Night"));
        QVERIFY(doc.value().preset.isEmpty());
        QCOMPARE(store_->manuscript(999).error().code(), StoreError::Code::NotFound);
    }

    void listShowsMostRecentlyEditedFirst()
    {
        const ManuscriptId a = store_->createManuscript(QStringLiteral("a")).value();
        const ManuscriptId b = store_->createManuscript(QStringLiteral("b")).value();
        const ChapterId chapter = store_->addChapter(a, QStringLiteral("1")).value();
        STORE_VERIFY(store_->setChapterText(chapter, QStringLiteral("edited")));
        auto list = store_->listManuscripts();
        STORE_VERIFY(list);
        QCOMPARE(list.value().size(), 2);
        QCOMPARE(list.value()[0].id, a);
        QCOMPARE(list.value()[1].id, b);
    }

    void chaptersKeepTheirOrderThroughInsertMoveAndDelete()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId one = store_->addChapter(d, QStringLiteral("one")).value();
        const ChapterId three = store_->addChapter(d, QStringLiteral("three")).value();
        STORE_VERIFY(store_->addChapter(d, QStringLiteral("two"), QString(), 1));
        STORE_VERIFY(store_->addChapter(d, QStringLiteral("zero"), QString(), 0));
        STORE_VERIFY(store_->addChapter(d, QStringLiteral("four"), QString(), 99));
        QCOMPARE(chapterTitles(d), (QStringList{"zero", "one", "two", "three", "four"}));
        QCOMPARE(positions(d), (QList<int>{0, 1, 2, 3, 4}));

        STORE_VERIFY(store_->moveChapter(three, 0));
        QCOMPARE(chapterTitles(d), (QStringList{"three", "zero", "one", "two", "four"}));
        STORE_VERIFY(store_->moveChapter(three, 100));
        QCOMPARE(chapterTitles(d), (QStringList{"zero", "one", "two", "four", "three"}));
        STORE_VERIFY(store_->deleteChapter(one));
        QCOMPARE(chapterTitles(d), (QStringList{"zero", "two", "four", "three"}));
        QCOMPARE(positions(d), (QList<int>{0, 1, 2, 3}));
        QCOMPARE(store_->chapter(one).error().code(), StoreError::Code::NotFound);
    }

    void chapterTextAndTitleAreSaved()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("draft"), QStringLiteral("It was")).value();
        STORE_VERIFY(store_->setChapterText(c, QStringLiteral("It was a dark night.")));
        STORE_VERIFY(store_->renameChapter(c, QStringLiteral("Chapter 1")));
        auto chapter = store_->chapter(c);
        STORE_VERIFY(chapter);
        QCOMPARE(chapter.value().text, QStringLiteral("It was a dark night."));
        QCOMPARE(chapter.value().title, QStringLiteral("Chapter 1"));
        QCOMPARE(chapter.value().manuscriptId, d);
    }

    void acceptedTextStateRoundTripsBitExact()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("1")).value();
        const StateBlob state = makeState(0xfeedULL, 50000, 11, 2);
        STORE_VERIFY(store_->acceptChapterText(c, QStringLiteral("Rain fell on the city."), state));

        auto loaded = store_->loadChapterState(c, 0xfeedULL);
        STORE_VERIFY(loaded);
        QVERIFY(loaded.value().state.bytes == state.bytes);
        QCOMPARE(loaded.value().state.formatVersion, 2);
        QCOMPARE(loaded.value().coveredLength, QStringLiteral("Rain fell on the city.").size());
        QCOMPARE(store_->chapter(c).value().text, QStringLiteral("Rain fell on the city."));
    }

    void stateStaysUsableWhenTextIsOnlyAppended()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("1")).value();
        STORE_VERIFY(store_->acceptChapterText(c, QStringLiteral("Rain fell."), makeState(1, 64, 1)));
        STORE_VERIFY(store_->setChapterText(c, QStringLiteral("Rain fell. Then the sun.")));
        auto loaded = store_->loadChapterState(c, 1);
        STORE_VERIFY(loaded);
        QCOMPARE(loaded.value().coveredLength, 10);
    }

    void stateIsStaleAfterTheCoveredTextIsEdited()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("1")).value();
        STORE_VERIFY(store_->acceptChapterText(c, QStringLiteral("Rain fell."), makeState(1, 64, 1)));

        STORE_VERIFY(store_->setChapterText(c, QStringLiteral("Snow fell.")));
        auto edited = store_->loadChapterState(c, 1);
        QVERIFY(!edited.ok());
        QCOMPARE(edited.error().code(), StoreError::Code::StaleState);
        QVERIFY(edited.errorString().contains(QStringLiteral("edited")));

        STORE_VERIFY(store_->setChapterText(c, QStringLiteral("Rain")));
        QCOMPARE(store_->loadChapterState(c, 1).error().code(), StoreError::Code::StaleState);
    }

    void chapterStateOfAnotherModelIsRefused()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("1"), QStringLiteral("abc")).value();
        QCOMPARE(store_->loadChapterState(c, 1).error().code(), StoreError::Code::NotFound);
        STORE_VERIFY(store_->saveChapterState(c, makeState(1, 16, 1), 2));
        QCOMPARE(store_->loadChapterState(c, 2).error().code(), StoreError::Code::OtherModel);
        QCOMPARE(store_->loadChapterState(c, 1).value().coveredLength, 2);
        STORE_VERIFY(store_->deleteChapterState(c));
        QCOMPARE(store_->loadChapterState(c, 1).error().code(), StoreError::Code::NotFound);
    }

    void stateCannotCoverMoreThanTheText()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("1"), QStringLiteral("abc")).value();
        QCOMPARE(store_->saveChapterState(c, makeState(1, 4, 1), 4).error().code(),
                 StoreError::Code::InvalidArgument);
        QCOMPARE(store_->saveChapterState(c, makeState(1, 4, 1), -1).error().code(),
                 StoreError::Code::InvalidArgument);
    }

    void deletingAManuscriptRemovesChaptersAndStates()
    {
        const ManuscriptId d = store_->createManuscript(QStringLiteral("novel")).value();
        const ChapterId c = store_->addChapter(d, QStringLiteral("1")).value();
        STORE_VERIFY(store_->acceptChapterText(c, QStringLiteral("x"), makeState(1, 64, 1)));
        STORE_VERIFY(store_->deleteManuscript(d));
        QCOMPARE(store_->chapters(d).error().code(), StoreError::Code::NotFound);
        storetest::RawDatabase raw(dbPath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM chapters")).toInt(), 0);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM chapter_states")).toInt(), 0);
    }

    void manuscriptsShareTheFileWithConversations()
    {
        auto chats = ConversationStore::open(dbPath());
        STORE_VERIFY(chats);
        STORE_VERIFY(chats.value().createConversation(QStringLiteral("chat")));
        STORE_VERIFY(store_->createManuscript(QStringLiteral("novel")));
        QCOMPARE(chats.value().listConversations().value().size(), 1);
        QCOMPARE(store_->listManuscripts().value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestManuscriptStore)
#include "tst_manuscript_store.moc"
