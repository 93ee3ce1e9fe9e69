// What the Documents service tests share: the fixture model loaded in an InferenceService, a
// generated corpus of PDFs whose answer pages are known, and waiting for the service's signals.
#pragma once

#include "fixtures.h"
#include "signal_wait.h"
#include "test_pdfs.h"

#include "app/documents/document_service.h"
#include "app/inference/inference_service.h"

#include <QDir>
#include <QSignalSpy>
#include <QtTest>

namespace rwkvtest {

inline const char* kDocumentsModel = "models/tiny-rwkv-7v0-834K.safetensors";

inline bool loadDocumentsModel(InferenceService& inference, const char* name = kDocumentsModel)
{
    QSignalSpy loaded(&inference, &InferenceService::modelLoaded);
    inference.setComputeDevice(QStringLiteral("cpu"));
    inference.loadModel(fixture(QString::fromLatin1(name)));
    return waitForCount(loaded);
}

struct KnownAnswer {
    QString question;
    QString file;
    int page = 0;
};

// `files` PDFs of `pages` pages; every page holds a shared paragraph and one fact of its own.
// Returns the questions with the file and page that answer each; the last file is in Chinese.
inline QList<KnownAnswer> writeCorpus(const QString& folder, int files, int pages)
{
    static const QStringList colours = {"amber", "violet", "crimson", "teal", "ochre", "silver", "indigo", "olive"};
    static const QStringList animals = {"heron", "badger", "otter", "lynx", "marten", "ibis", "newt", "stoat"};
    static const QStringList places = {"Lisbon", "Kyoto", "Quito", "Oslo", "Accra", "Perth", "Tromso", "Cusco"};
    static const QStringList things = {"boathouse", "lighthouse", "granary", "chapel", "quarry", "orchard", "tunnel",
                                       "library"};
    const QString filler = QStringLiteral(
        "This report was written by the survey team during the spring season. The team walked the usual routes, "
        "counted what they saw and wrote it down each evening. Weather was mild and the roads were dry.");
    QDir().mkpath(folder);
    QList<KnownAnswer> answers;
    int fact = 0;
    for (int f = 0; f < files - 1; ++f) {
        QStringList texts;
        const QString file = QStringLiteral("survey-%1.pdf").arg(f + 1);
        for (int p = 0; p < pages; ++p, ++fact) {
            const QString colour = colours[fact % 8], animal = animals[(fact / 8) % 8], place = places[(fact * 3) % 8],
                          thing = things[(fact * 5) % 8];
            texts << filler + QStringLiteral("\n\nThe %1 %2 seen near %3 sleeps inside the old %4.").arg(colour, animal, place, thing);
            answers.append({QStringLiteral("Where does the %1 %2 near %3 sleep?").arg(colour, animal, place), file, p + 1});
        }
        testpdf::write(QDir(folder).filePath(file), texts);
    }
    const QStringList chinese = {QStringLiteral("长江的源头在青藏高原的唐古拉山脉。"),
                                 QStringLiteral("黄河流经九个省份，最后注入渤海。"),
                                 QStringLiteral("珠江三角洲是重要的经济区域。")};
    const QStringList chineseQuestions = {QStringLiteral("长江的源头在哪里？"), QStringLiteral("黄河最后注入哪里？"),
                                          QStringLiteral("珠江三角洲是什么区域？")};
    testpdf::write(QDir(folder).filePath(QStringLiteral("rivers-zh.pdf")), chinese);
    for (int p = 0; p < chinese.size(); ++p)
        answers.append({chineseQuestions[p], QStringLiteral("rivers-zh.pdf"), p + 1});
    return answers;
}

// Adds `folder` to a new collection and waits until it is indexed and embedded.
inline CollectionId indexFolder(DocumentService& documents, const QString& folder, const QString& name = "Test")
{
    QSignalSpy done(&documents, &DocumentService::indexingFinished);
    const CollectionId id = documents.collection(name);
    documents.addSources(id, {folder});
    if (!waitForCount(done))
        return 0;
    return done.first().at(2).toString().isEmpty() ? id : 0;
}

inline QList<DocumentCitation> searchFor(DocumentService& documents, CollectionId id, const QString& question,
                                         const SearchOptions& options = {})
{
    QSignalSpy found(&documents, &DocumentService::searchFinished);
    documents.search(id, question, options);
    if (!waitForCount(found))
        return {};
    return found.first().at(1).value<QList<DocumentCitation>>();
}

} // namespace rwkvtest
