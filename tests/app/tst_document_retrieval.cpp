// Document search with the loaded model: recall@5 of the answer's file and page on a generated
// corpus (English and Chinese PDFs), what RRF and re-ranking must do, embeddings that are the same
// alone or batched and never mixed between models, and incremental re-indexing.
#include "documents_test_support.h"

#include "app/documents/answer_prompt.h"
#include "app/documents/passage_retrieval.h"
#include "model/embedding.h"
#include "tokenizer/tokenizer.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryDir>

using namespace rwkvtest;

class TestDocumentRetrieval : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    static double recallAt5(DocumentService& documents, CollectionId id, const QList<KnownAnswer>& answers,
                            const SearchOptions& options, int* cjkFound = nullptr)
    {
        int hits = 0;
        for (const KnownAnswer& a : answers) {
            const QList<DocumentCitation> found = searchFor(documents, id, a.question, options);
            for (const DocumentCitation& c : found)
                if (QFileInfo(c.path).fileName() == a.file && c.page == a.page) {
                    ++hits;
                    if (cjkFound && a.file.endsWith(QLatin1String("-zh.pdf")))
                        ++*cjkFound;
                    break;
                }
        }
        return double(hits) / double(answers.size());
    }

    static void writeText(const QString& path, const QByteArray& text)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void reciprocalRankFusionRewardsAgreement()
    {
        const QList<PassageHit> words = {{1, 9.0}, {2, 8.0}, {3, 7.0}};
        const QList<PassageHit> vectors = {{4, 0.9}, {2, 0.8}, {5, 0.7}};
        const QList<PassageHit> fused = reciprocalRankFusion({words, vectors});
        QCOMPARE(fused.size(), 5);
        QCOMPARE(fused[0].id, PassageId(2)); // second in both beats first in one
        QCOMPARE(fused[0].score, 2.0 / 62.0);
        QCOMPARE(fused[1].id, PassageId(1)); // 1/61, ahead of 4 (also 1/61) by first appearance
        QCOMPARE(fused[2].id, PassageId(4));
        QCOMPARE(fused[1].score, 1.0 / 61.0);
        QVERIFY(reciprocalRankFusion({}).isEmpty());

        PassageVectors v;
        v.dimensions = 2;
        v.ids = {7, 8, 9};
        v.values = {1.0f, 0.0f, 0.6f, 0.8f, 0.0f, 1.0f};
        const QList<PassageHit> ranked = cosineRanking(v, {0.0f, 1.0f}, 2);
        QCOMPARE(ranked.size(), 2);
        QCOMPARE(ranked[0].id, PassageId(9));
        QCOMPARE(ranked[1].id, PassageId(8));
        QCOMPARE(ranked[1].score, double(0.8f));
        QVERIFY(cosineRanking(v, {1.0f, 0.0f, 0.0f}, 5).isEmpty()); // another width is never compared
    }

    void findsTheAnswerPageInEnglishAndChinese()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        const QList<KnownAnswer> answers = writeCorpus(dir_.filePath("corpus"), 4, 5);
        DocumentService documents(inference, dir_.filePath("recall.sqlite"));
        const CollectionId id = indexFolder(documents, dir_.filePath("corpus"));
        QVERIFY(id != 0);
        const auto [embedded, total] = documents.embeddingCoverage(id);
        QVERIFY(total >= answers.size());
        QCOMPARE(embedded, total);

        // Each stage's effect, printed for the notes; the full pipeline must find the pages.
        SearchOptions lexical;
        lexical.embeddings = false;
        lexical.rerank = 0;
        SearchOptions fused;
        fused.rerank = 0;
        SearchOptions full;
        full.rerank = 8;
        SearchOptions modelAlone = full;
        modelAlone.rerankAlone = true;
        int cjk = 0;
        const double lexicalRecall = recallAt5(documents, id, answers, lexical);
        const double fusedRecall = recallAt5(documents, id, answers, fused);
        const double fullRecall = recallAt5(documents, id, answers, full);
        const double aloneRecall = recallAt5(documents, id, answers, modelAlone);
        const double defaultRecall = recallAt5(documents, id, answers, SearchOptions{}, &cjk);
        qInfo("recall@5 with %lld questions: BM25 %.3f, + embeddings (RRF) %.3f, + re-ranking fused %.3f, "
              "re-ranking alone %.3f",
              qlonglong(answers.size()), lexicalRecall, fusedRecall, fullRecall, aloneRecall);
        QVERIFY2(defaultRecall >= 0.9, qPrintable(QString::number(defaultRecall)));
        QVERIFY(lexicalRecall >= 0.9);
        QCOMPARE(cjk, 3); // every Chinese question found its Chinese page

        const QList<DocumentCitation> zh = searchFor(documents, id, QStringLiteral("长江的源头在哪里？"), lexical);
        QVERIFY(!zh.isEmpty());
        QCOMPARE(QFileInfo(zh.first().path).fileName(), QStringLiteral("rivers-zh.pdf"));
        QCOMPARE(zh.first().page, 1);

        // After a restart, preparing the collection reads its vectors in the background, so the
        // first search finds them in memory.
        DocumentService restarted(inference, dir_.filePath("recall.sqlite"));
        QVERIFY(!restarted.vectorsInMemory(id));
        restarted.prepare(id);
        QTRY_VERIFY_WITH_TIMEOUT(restarted.vectorsInMemory(id), kSignalTimeoutMs);
        QVERIFY(!searchFor(restarted, id, answers.first().question).isEmpty());
    }

    void reRankingOrdersByTheModelsLikelihoodOfTheQuestion()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        writeCorpus(dir_.filePath("rerank"), 2, 4);
        DocumentService documents(inference, dir_.filePath("rerank.sqlite"));
        const CollectionId id = indexFolder(documents, dir_.filePath("rerank"));
        QVERIFY(id != 0);
        const QString question = QStringLiteral("Where does the amber heron near Lisbon sleep?");
        SearchOptions options;
        options.top = 4;
        options.rerank = 4;
        options.rerankAlone = true;
        const QList<DocumentCitation> hits = searchFor(documents, id, question, options);
        QCOMPARE(hits.size(), 4);

        auto model = inference.engineModel();
        auto tokenizer = rwkv::loadTokenizer("bytes");
        for (qsizetype i = 0; i < hits.size(); ++i) {
            StoredPassage p{hits[i].passageId, hits[i].fileId, hits[i].path, hits[i].passage};
            const double expected = rwkv::meanLogProbability(
                *model, tokenizer->encode(answer_prompt::rerankContext(p).toStdString()),
                tokenizer->encode(answer_prompt::rerankContinuation(question).toStdString()));
            QVERIFY(std::abs(hits[i].score - expected) < 1e-9);
            if (i > 0)
                QVERIFY(hits[i - 1].score >= hits[i].score);
        }
    }

    void embeddingsAreTheSameAloneOrBatchedAndPerModel()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        RWKV_REQUIRE_FIXTURE("models/tiny-rwkv-6v0-1m.safetensors");
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        QSignalSpy analysed(&inference, &InferenceService::analysisFinished);
        AnalysisRequest alone;
        alone.texts = {QStringLiteral("The otter sleeps in the boathouse.")};
        AnalysisRequest batch;
        batch.texts = {QStringLiteral("Something else first."), alone.texts[0], QStringLiteral("And after.")};
        const quint64 a = inference.submitAnalysis(alone);
        const quint64 b = inference.submitAnalysis(batch);
        QVERIFY(waitForCount(analysed, 2));
        QHash<quint64, AnalysisResult> results;
        for (const QList<QVariant>& signal : analysed)
            results.insert(signal.at(0).value<AnalysisResult>().jobId, signal.at(0).value<AnalysisResult>());
        QVERIFY(results[a].ok() && results[b].ok());
        QCOMPARE(results[a].vectors.first(), results[b].vectors[1]);
        const auto direct = rwkv::embed(*inference.engineModel(), rwkv::loadTokenizer("bytes")->encode(
                                                                     alone.texts[0].toStdString()));
        QCOMPARE(results[a].vectors.first(), QVector<float>(direct.begin(), direct.end()));

        writeCorpus(dir_.filePath("models"), 2, 3);
        DocumentService documents(inference, dir_.filePath("models.sqlite"));
        const CollectionId id = indexFolder(documents, dir_.filePath("models"));
        QVERIFY(id != 0);
        const int total = documents.embeddingCoverage(id).second;
        QCOMPARE(documents.embeddingCoverage(id).first, total);
        const quint64 first = inference.model().fingerprint;

        // Another model: none of the first model's vectors count; searching re-embeds lazily.
        QVERIFY(loadDocumentsModel(inference, "models/tiny-rwkv-6v0-1m.safetensors"));
        QVERIFY(inference.model().fingerprint != first);
        QCOMPARE(documents.embeddingCoverage(id).first, 0);
        QSignalSpy reembedded(&documents, &DocumentService::indexingFinished);
        QVERIFY(!searchFor(documents, id, QStringLiteral("amber heron")).isEmpty());
        QVERIFY(waitForCount(reembedded));
        QCOMPARE(documents.embeddingCoverage(id).first, total);
    }

    void reIndexesOnlyWhatChanged()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        const QString folder = dir_.filePath("incremental");
        QDir().mkpath(folder);
        testpdf::write(folder + "/keep.pdf", {QStringLiteral("The keeper guards the amber gate.")});
        testpdf::write(folder + "/change.pdf", {QStringLiteral("The old text speaks of copper bells.")});
        testpdf::write(folder + "/remove.pdf", {QStringLiteral("This file will vanish with its walrus.")});
        writeText(folder + "/touched.txt", "Touched but never changed: a heron.");
        DocumentService documents(inference, dir_.filePath("incremental.sqlite"));
        const CollectionId id = indexFolder(documents, folder);
        QVERIFY(id != 0);
        QCOMPARE(documents.files(id).size(), 4);

        testpdf::write(folder + "/change.pdf", {QStringLiteral("The new text speaks of silver flutes.")});
        QVERIFY(QFile::remove(folder + "/remove.pdf"));
        QFile touched(folder + "/touched.txt"); // same bytes, a new modification time
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
        touched.close();
        QSignalSpy done(&documents, &DocumentService::indexingFinished);
        QSignalSpy read(&documents, &DocumentService::fileIndexed);
        documents.refresh(id);
        QVERIFY(waitForCount(done));
        QCOMPARE(read.size(), 1); // only the changed file was read again
        QCOMPARE(QFileInfo(read.first().at(1).value<DocumentFile>().path).fileName(), QStringLiteral("change.pdf"));
        QCOMPARE(documents.files(id).size(), 3);
        SearchOptions lexical;
        lexical.embeddings = false;
        QVERIFY(searchFor(documents, id, QStringLiteral("walrus"), lexical).isEmpty());
        QVERIFY(searchFor(documents, id, QStringLiteral("copper bells"), lexical).isEmpty());
        const auto flutes = searchFor(documents, id, QStringLiteral("silver flutes"), lexical);
        QCOMPARE(flutes.size(), 1);
        QCOMPARE(QFileInfo(flutes.first().path).fileName(), QStringLiteral("change.pdf"));
        QCOMPARE(documents.embeddingCoverage(id).first, documents.embeddingCoverage(id).second);
    }

    void aCancelledIndexingResumesWithoutReadingAnythingTwice()
    {
        RWKV_REQUIRE_FIXTURE(kDocumentsModel);
        InferenceService inference;
        QVERIFY(loadDocumentsModel(inference));
        const QString folder = dir_.filePath("resume");
        QDir().mkpath(folder);
        for (int i = 0; i < 12; ++i)
            testpdf::write(folder + QStringLiteral("/part-%1.pdf").arg(i, 2, 10, QLatin1Char('0')),
                           {QStringLiteral("Part %1 describes the lantern number %2.").arg(i).arg(i * 11)});
        DocumentService documents(inference, dir_.filePath("resume.sqlite"));
        QSignalSpy read(&documents, &DocumentService::fileIndexed);
        QSignalSpy done(&documents, &DocumentService::indexingFinished);
        // Cancel as soon as the second file has been read.
        connect(&documents, &DocumentService::fileIndexed, &documents, [&] {
            if (read.size() == 2)
                documents.cancelIndexing();
        });
        const CollectionId id = documents.collection(QStringLiteral("Resume"));
        documents.addSources(id, {folder});
        QVERIFY(waitForCount(done));
        QCOMPARE(done.first().at(1).toBool(), true); // cancelled
        const qsizetype before = read.size();
        QVERIFY(before >= 2 && before < 12);
        // Usable meanwhile: what was read can be found.
        SearchOptions lexical;
        lexical.embeddings = false;
        QVERIFY(!searchFor(documents, id, QStringLiteral("lantern"), lexical).isEmpty());

        documents.refresh(id);
        QVERIFY(waitForCount(done, 2));
        QCOMPARE(done.last().at(1).toBool(), false);
        QCOMPARE(read.size(), 12); // the rest, and nothing twice
        QSet<QString> paths;
        for (const QList<QVariant>& signal : read)
            paths.insert(signal.at(1).value<DocumentFile>().path);
        QCOMPARE(paths.size(), 12);
        QCOMPARE(documents.embeddingCoverage(id).first, 12);
    }
};

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv); // QPdfWriter needs fonts
    TestDocumentRetrieval test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_document_retrieval.moc"
