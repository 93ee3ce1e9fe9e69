// Answering questions about documents: the answer cites numbered passages with their file and
// page, a follow-up continues from the saved state (only the question is read again), the page
// view highlights the cited words, and "Read it whole" keeps the state after a whole document in
// the database so a question after a restart reads nothing but itself.
#include "documents_test_support.h"

#include "app/chat/chat_prompt.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryDir>

using namespace rwkvtest;

class TestDocumentAnswers : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // Bytes the byte-level fixture model reads for a follow-up question: its turn and the reply prefix.
    static int questionTokens(const QString& question)
    {
        return int(chat_prompt::userSegment(question).toUtf8().size() +
                   chat_prompt::replyPrefix(ThinkMode::Off).toUtf8().size());
    }

    static bool ask(DocumentService& documents, const std::function<void()>& start, QString* error = nullptr)
    {
        QSignalSpy finished(&documents, &DocumentService::answerFinished);
        start();
        if (!waitForCount(finished))
            return false;
        if (error)
            *error = finished.first().at(1).toString();
        return finished.first().at(1).toString().isEmpty();
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void answersCiteThePagesAndFollowUpsReuseTheState()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        writeCorpus(dir_.filePath("ask"), 2, 3);
        DocumentService documents(inference, dir_.filePath("ask.sqlite"));
        const CollectionId id = indexFolder(documents, dir_.filePath("ask"));
        QVERIFY(id != 0);

        QSignalSpy started(&documents, &DocumentService::answerStarted);
        const QString question = QStringLiteral("Where does the amber heron near Lisbon sleep?");
        QString error;
        QVERIFY2(ask(documents, [&] { documents.ask(id, question); }, &error), qPrintable(error));
        QCOMPARE(started.size(), 1);
        const QList<DocumentCitation> cited = documents.citations();
        QVERIFY(!cited.isEmpty());
        QCOMPARE(cited.first().number, 1);
        QCOMPARE(QFileInfo(cited.first().path).fileName(), QStringLiteral("survey-1.pdf"));
        QCOMPARE(cited.first().page, 1);
        const int firstPrompt = documents.lastAnswerPromptTokens();
        QVERIFY(firstPrompt > questionTokens(question) + 100); // the passages were read

        // The same question again: every passage is already in the state; only the question is read.
        const quint64 before = inference.tokensEvaluated();
        QVERIFY(ask(documents, [&] { documents.ask(id, question); }));
        QCOMPARE(documents.lastAnswerPromptTokens(), questionTokens(question));
        QCOMPARE(documents.citations().size(), cited.size());
        QVERIFY(inference.tokensEvaluated() - before < quint64(firstPrompt));

        // A follow-up about another page adds only its new passages, numbered after the first ones.
        QVERIFY(ask(documents, [&] { documents.ask(id, QStringLiteral("What sleeps inside the old quarry near Accra?")); }));
        QVERIFY(documents.citations().size() >= cited.size());
        for (qsizetype i = 0; i < documents.citations().size(); ++i)
            QCOMPARE(documents.citations()[i].number, int(i + 1));

        // The page view: the cited page rendered, with the passage's words highlighted.
        QSignalSpy shown(&documents, &DocumentService::pageReady);
        documents.requestPage(cited.first());
        QVERIFY(waitForCount(shown));
        const PageView view = shown.first().at(0).value<PageView>();
        QVERIFY2(view.png.startsWith("\x89PNG"), qPrintable(view.error));
        QCOMPARE(view.page, 1);
        QVERIFY(view.highlights.size() >= 10);
        QVERIFY(view.text.mid(view.highlightStart, view.highlightEnd - view.highlightStart).contains(QStringLiteral("heron")));
    }

    void aTextFilesCitationShowsItsPageTextWithThePassageMarked()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        const QString folder = dir_.filePath("notes");
        QDir().mkpath(folder);
        QFile notes(folder + "/notes.md");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("# Garden\n\nThe roses need water twice a week.\f# Shed\n\nThe spade hangs behind the blue door.");
        notes.close();
        DocumentService documents(inference, dir_.filePath("notes.sqlite"));
        const CollectionId id = indexFolder(documents, folder);
        QVERIFY(id != 0);
        SearchOptions lexical;
        lexical.embeddings = false;
        const QList<DocumentCitation> hits = searchFor(documents, id, QStringLiteral("spade blue door"), lexical);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().page, 2);
        QSignalSpy shown(&documents, &DocumentService::pageReady);
        documents.requestPage(hits.first());
        QVERIFY(waitForCount(shown));
        const PageView view = shown.first().at(0).value<PageView>();
        QVERIFY(view.png.isEmpty());
        QCOMPARE(view.text, QStringLiteral("# Shed\n\nThe spade hangs behind the blue door."));
        QCOMPARE(view.text.mid(view.highlightStart, view.highlightEnd - view.highlightStart), hits.first().text);
    }

    void aWholeDocumentIsReadOnceAndAnsweredFromItsStateAfterARestart()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        const QString folder = dir_.filePath("whole");
        QDir().mkpath(folder);
        QStringList pages;
        for (int i = 1; i <= 6; ++i)
            pages << QStringLiteral("Chapter %1. The lighthouse keeper counted %2 ships that night and wrote each "
                                    "name in the ledger by the window.").arg(i).arg(i * 7);
        testpdf::write(folder + "/ledger.pdf", pages);
        const QString db = dir_.filePath("whole.sqlite");
        DocumentFileId file = 0;
        int documentTokens = 0;
        {
            InferenceService inference;
            QVERIFY(loadDocumentsModel(inference));
            DocumentService documents(inference, db);
            const CollectionId id = indexFolder(documents, folder);
            QVERIFY(id != 0);
            file = documents.files(id).first().id;
            QVERIFY(!documents.hasWholeState(file));
            QSignalSpy progress(&documents, &DocumentService::wholeReadProgress);
            QSignalSpy read(&documents, &DocumentService::wholeReadFinished);
            const quint64 before = inference.tokensEvaluated();
            documents.readWhole(file);
            QVERIFY(waitForCount(read));
            QCOMPARE(read.first().at(1).toString(), QString());
            QVERIFY(progress.size() >= 1);
            documentTokens = int(inference.tokensEvaluated() - before);
            QVERIFY(documentTokens > 600);
            QVERIFY(documents.hasWholeState(file));
        }
        // A restart: new services on the same database.
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        DocumentService documents(inference, db);
        QVERIFY(documents.hasWholeState(file));
        const QString question = QStringLiteral("How many ships did the keeper count in chapter 3?");
        const quint64 before = inference.tokensEvaluated();
        QString error;
        QVERIFY2(ask(documents, [&] { documents.askDocument(file, question); }, &error), qPrintable(error));
        QCOMPARE(documents.lastAnswerPromptTokens(), questionTokens(question));
        // The model read the question and wrote the answer; the document itself was not read again.
        QVERIFY(inference.tokensEvaluated() - before - quint64(documents.lastAnswerWrittenTokens()) < quint64(documentTokens));

        // A cancelled reading keeps no state and says so.
        QSignalSpy read(&documents, &DocumentService::wholeReadFinished);
        documents.readWhole(file);
        documents.cancelReadWhole(); // before the model has read anything
        QVERIFY(waitForCount(read));
        QCOMPARE(read.first().at(1).toString(), QStringLiteral("Reading was cancelled."));

        // Without a saved state there is a sentence, not a re-read.
        QVERIFY(!ask(documents, [&] { documents.askDocument(file + 1000, question); }, &error));
        QVERIFY(error.contains(QStringLiteral("Read this document whole")));
    }
};

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv); // QPdfWriter needs fonts
    TestDocumentAnswers test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_document_answers.moc"
