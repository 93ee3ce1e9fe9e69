// WriteService with a fixture model: continuations stream at the cursor and are accepted,
// rejected or retried; the chapter's saved state means the next continuation feeds only the last
// word, however long the chapter, also after the app restarts.
#include "app/app_services.h"
#include "app/inference/inference_service.h"
#include "app/models/model_library.h"
#include "app/write/write_service.h"

#include "fixtures.h"
#include "signal_wait.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");

QString longChapter()
{
    QString text;
    for (int i = 0; i < 40; ++i)
        text += QStringLiteral("The ship sailed on through the night while the crew slept below deck. ");
    return text + QStringLiteral("Then the captain");
}

} // namespace

class TestWriteService : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::unique_ptr<AppServices> open()
    {
        auto s = std::make_unique<AppServices>(AppServices::Paths{
            dir_.filePath(QStringLiteral("settings.ini")), dir_.filePath(QStringLiteral("studio.sqlite"))});
        QSignalSpy loaded(&s->inference(), &InferenceService::modelLoaded);
        s->inference().loadModel(rwkvtest::fixture(kModel));
        return rwkvtest::waitForCount(loaded) ? std::move(s) : nullptr;
    }

    GenerationResult continueAndWait(AppServices& s, const QString& text, int cursor)
    {
        QSignalSpy finished(&s.inference(), &InferenceService::jobFinished);
        QSignalSpy done(&s.write(), &WriteService::continuationFinished);
        if (!s.write().continueAt(text, cursor) || !rwkvtest::waitForCount(done))
            return {};
        return finished.last().at(0).value<GenerationResult>();
    }

    void setLength(WriteService& write, int tokens, quint64 seed)
    {
        SamplingParams p = write.sampling();
        p.maxTokens = tokens;
        p.seed = seed;
        write.setSampling(p);
    }

private slots:
    void init()
    {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void continuationStreamsAndIsInsertedWhenAccepted()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(s);
        WriteService& write = s->write();
        QVERIFY(write.newManuscript(QStringLiteral("Sea story")) > 0);
        QVERIFY(write.currentChapter() > 0);
        setLength(write, 16, 4);
        QSignalSpy streamed(&write, &WriteService::continuationChanged);
        const QString text = QStringLiteral("Once upon a time\n\nThe end.");
        const auto result = continueAndWait(*s, text, 16);
        QVERIFY(result.ok());
        QVERIFY(result.generatedTokens > 0 && result.generatedTokens <= 16);
        QVERIFY(streamed.size() > 2);
        QVERIFY(write.hasPending());
        const QString pending = write.pendingText();
        QCOMPARE(pending, result.reply);
        write.accept();
        QCOMPARE(write.chapterText(), QStringLiteral("Once upon a time") + pending + QStringLiteral("\n\nThe end."));
        QVERIFY(!write.hasPending());
    }

    void rejectedContinuationLeavesTheTextAndRetryDrawsAgain()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(s);
        WriteService& write = s->write();
        write.newManuscript(QStringLiteral("Drafts"));
        setLength(write, 8, 6); // seeded: the same continuation on every run
        const QString text = QStringLiteral("It was a dark and stormy night");
        QVERIFY(continueAndWait(*s, text, int(text.size())).ok());
        write.reject();
        QVERIFY(!write.hasPending());
        QCOMPARE(write.chapterText(), text);
        QSignalSpy done(&write, &WriteService::continuationFinished);
        QVERIFY(write.retry());
        QVERIFY(rwkvtest::waitForCount(done));
        QVERIFY(write.hasPending());
        QCOMPARE(write.pendingPosition(), int(text.size()));
    }

    void alternativesAreWrittenAtOnceAndTheChosenOneIsInserted()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(s);
        WriteService& write = s->write();
        write.newManuscript(QStringLiteral("Choices"));
        setLength(write, 12, 30);
        const QString text = QStringLiteral("The door opened and");
        QSignalSpy finished(&s->inference(), &InferenceService::jobFinished);
        QSignalSpy done(&write, &WriteService::continuationFinished);
        const quint64 before = s->inference().tokensEvaluated();
        QVERIFY(write.continueAt(text, int(text.size()), 3));
        QVERIFY(write.isBusy());
        QVERIFY(rwkvtest::waitForCount(done));
        QCOMPARE(done.first().at(0).toBool(), true);
        QCOMPARE(finished.size(), 3);
        QStringList replies(3);
        quint64 generated = 0;
        int prompt = 0;
        for (const auto& args : finished) {
            const auto r = args.at(0).value<GenerationResult>();
            replies[r.choice] = r.reply;
            generated += quint64(r.generatedTokens + r.settleTokens);
            if (r.choice == 0)
                prompt = r.promptTokens;
        }
        QCOMPARE(write.alternatives(), replies);
        QVERIFY(QSet<QString>(replies.begin(), replies.end()).size() > 1);
        // The chapter was read once for the three.
        QCOMPARE(s->inference().tokensEvaluated() - before, quint64(prompt) + generated);
        QCOMPARE(write.pendingText(), replies[0]);
        write.chooseAlternative(2);
        QCOMPARE(write.chosenAlternative(), 2);
        QCOMPARE(write.pendingText(), replies[2]);
        write.accept();
        QCOMPARE(write.chapterText(), text + replies[2]);
        QVERIFY(write.alternatives().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!write.isBusy(), 20000); // the state moves past the accepted text
        // Retry writes as many alternatives again.
        QVERIFY(write.continueAt(write.chapterText(), int(write.chapterText().size()), 2));
        QVERIFY(rwkvtest::waitForCount(done, 2));
        QCOMPARE(write.alternatives().size(), 2);
        QVERIFY(write.retry());
        QCOMPARE(write.alternatives().size(), 2);
        write.reject();
        QVERIFY(write.alternatives().isEmpty());
        QVERIFY(rwkvtest::waitForCount(done, 3));
        QVERIFY(!write.hasPending());
    }

    void nextContinuationFeedsOnlyTheLastWordEvenAfterRestart()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        const QString chapter = longChapter();
        qint64 document = 0;
        {
            auto s = open();
            QVERIFY(s);
            WriteService& write = s->write();
            document = write.newManuscript(QStringLiteral("Long book"));
            setLength(write, 12, 8);
            SamplingParams greedy = write.sampling();
            greedy.temperature = 0; // this tiny model then writes words with spaces between them
            write.setSampling(greedy);
            const auto first = continueAndWait(*s, chapter, int(chapter.size()));
            QVERIFY(first.ok());
            QCOMPARE(first.promptTokens, int(chapter.toUtf8().size())); // the first time reads it all
            QSignalSpy saved(&write, &WriteService::stateSaved);
            write.accept();
            QVERIFY(rwkvtest::waitForCount(saved)); // the state moves past the accepted text in the background
            const QString text = write.chapterText();
            const int split = saved.last().at(1).toInt();
            QVERIFY(split > int(chapter.size()) - 8);

            const quint64 before = s->inference().tokensEvaluated();
            const auto second = continueAndWait(*s, text, int(text.size()));
            QVERIFY(second.ok());
            QVERIFY2(second.promptTokens <= int(text.size()) - split + 1,
                     qPrintable(QStringLiteral("fed %1 tokens").arg(second.promptTokens)));
            QVERIFY(s->inference().tokensEvaluated() - before < 64);
            write.accept();
        }
        auto s = open(); // restart: the saved state comes from the database
        QVERIFY(s);
        WriteService& write = s->write();
        write.openManuscript(document);
        const QString text = write.chapterText();
        QVERIFY(text.startsWith(chapter));
        const auto third = continueAndWait(*s, text, int(text.size()));
        QVERIFY(third.ok());
        QVERIFY2(third.promptTokens < 64, qPrintable(QStringLiteral("fed %1 tokens").arg(third.promptTokens)));
    }

    void continuingWithoutTextOrModelExplainsWhy()
    {
        auto s = std::make_unique<AppServices>(AppServices::Paths{
            dir_.filePath(QStringLiteral("settings.ini")), dir_.filePath(QStringLiteral("studio.sqlite"))});
        WriteService& write = s->write();
        write.newManuscript(QStringLiteral("Empty"));
        QSignalSpy error(&write, &WriteService::errorOccurred);
        QVERIFY(!write.continueAt(QStringLiteral("Some text"), 9));
        QVERIFY(error.last().at(0).toString().contains(QStringLiteral("No model")));
    }

    // A book remembers: chapter 2's continuation is the one the model writes after reading
    // chapter 1 (the same as for one chapter holding both texts), not the one after chapter 2
    // alone; once chapter 2 has its state, continuing feeds only new text; editing chapter 1 is
    // announced and read by chapter 2's next continuation.
    void laterChaptersRememberEarlierOnes()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(s);
        WriteService& write = s->write();
        setLength(write, 24, 9);
        QString first;
        for (int i = 0; i < 12; ++i)
            first += QStringLiteral("The keeper of the lighthouse was called Quillon Marrow. ");
        const QString second = QStringLiteral("Years later, the keeper of the lighthouse was called");

        auto oneChapter = [&](const QString& text) {
            write.newManuscript(QStringLiteral("single"));
            const auto r = continueAndWait(*s, text, int(text.size()));
            write.reject();
            return r.reply;
        };
        const QString expected = oneChapter(first + QStringLiteral("\n\n") + second);
        const QString alone = oneChapter(second);
        QVERIFY(!expected.isEmpty());
        QVERIFY2(expected != alone, "chapter 1 should change what follows chapter 2");

        QVERIFY(write.newManuscript(QStringLiteral("Book")) > 0);
        write.saveText(first);
        QVERIFY(write.addChapter(QStringLiteral("Two")) > 0);
        const auto book = continueAndWait(*s, second, int(second.size()));
        QCOMPARE(book.reply, expected);
        QVERIFY(book.promptTokens > first.size()); // chapter 1 was read (bytes tokenizer)
        write.reject();
        // Chapter 2 now has a state that covers chapter 1: the next continuation feeds little.
        const QString more = second + QStringLiteral(" Quillon");
        const auto again = continueAndWait(*s, more, int(more.size()));
        QVERIFY2(again.promptTokens < 40, qPrintable(QString::number(again.promptTokens)));
        write.reject();

        // Editing chapter 1 is announced, and chapter 2 reads the new text.
        QSignalSpy notices(&write, &WriteService::notice);
        auto chapters = write.chapters();
        const ChapterId one = chapters->index(0).data(ChapterListModel::IdRole).toLongLong();
        write.openChapter(one);
        const QString changed = QString(first).replace(QStringLiteral("Quillon Marrow"), QStringLiteral("Ada Brightwater"));
        write.saveText(changed);
        QCOMPARE(notices.size(), 1);
        QVERIFY(notices.at(0).at(0).toString().contains("chapters after this one"));
        const ChapterId two = chapters->index(1).data(ChapterListModel::IdRole).toLongLong();
        write.openChapter(two);
        const auto reread = continueAndWait(*s, more, int(more.size()));
        QVERIFY(reread.promptTokens > first.size());
        write.reject();
        QCOMPARE(reread.reply, oneChapter(changed + QStringLiteral("\n\n") + more));
    }
};

QTEST_GUILESS_MAIN(TestWriteService)
#include "tst_write_service.moc"
