// `rwkv-cli rag`: the Documents pane's index, search and answers for scripts. It drives the app's
// DocumentService (the code the pane runs), with the model loaded by the app's InferenceService.
//   rag index PATH… --db F --model M [--tokenizer T]     one JSON object per file (pages without
//                                                         a text layer, OCR-read ones included)
//   rag query --db F --model M [--tokenizer T] [--top K] "question"   JSON array, best first
//   rag ask   --db F --model M [--tokenizer T] [--top K] "question"   the answer, then its sources
// Also --collection NAME (default "Documents"), --weights FORMAT, --backend cpu|auto|vulkan,
// --rerank N (query, ask: re-rank the best N candidates with the model; off by default) and
// --no-embeddings (rank by words and trigrams only), --timing and --repeat N (query: where each of
// N searches spent its time, as JSON lines on stderr).
#include "app/documents/rag_command.h"

#include "app/command_args.h"
#include "app/command_model.h"
#include "app/documents/answer_prompt.h"
#include "app/documents/document_service.h"
#include "app/documents/indexing_worker.h"
#include "app/inference/inference_service.h"
#include "core/error.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <map>
#include <set>

namespace {

using Args = std::vector<std::string>;

[[noreturn]] void usage(const std::string& why)
{
    throw rwkv::Error(rwkv::ErrorCode::InvalidArgument,
                      why + "\nusage: rwkv-cli rag index PATH... --db F --model M [--tokenizer T]"
                            " | rag query --db F --model M [--top K] QUESTION | rag ask --db F --model M QUESTION");
}

// "--name value" options, flags and positional arguments; mistakes are usage errors.
class RagArgs : public CommandArgs {
public:
    RagArgs(const Args& args, const std::set<std::string>& valued, const std::set<std::string>& flags)
        : CommandArgs(args, valued, flags, usage)
    {
    }
};

void print(const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

// Runs the event loop until `done` is true.
template <class Done>
void waitUntil(Done done)
{
    QEventLoop loop;
    while (!done())
        loop.processEvents(QEventLoop::WaitForMoreEvents);
}

int index(DocumentService& documents, CollectionId collection, const std::vector<std::string>& paths)
{
    QStringList sources;
    for (const std::string& p : paths) {
        const QString path = QString::fromStdString(p);
        if (!QFileInfo::exists(path))
            throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, p + " does not exist");
        sources.append(QFileInfo(path).absoluteFilePath());
    }
    QString error;
    bool finished = false;
    QObject::connect(&documents, &DocumentService::indexingFinished,
                     [&](CollectionId, bool, const QString& e) {
                         error = e;
                         finished = true;
                     });
    documents.addSources(collection, sources);
    waitUntil([&] { return finished; });
    if (!error.isEmpty())
        throw rwkv::Error(rwkv::ErrorCode::Io, error.toStdString());

    int status = 0;
    const QList<DocumentFile> files = documents.files(collection);
    for (const QString& path : IndexingWorker::filesOf(sources)) {
        for (const DocumentFile& f : files) {
            if (f.path != path)
                continue;
            QJsonArray withoutText;
            for (int page : f.pagesWithoutText)
                withoutText.append(page);
            const QJsonObject o{{"file", QFileInfo(path).fileName()}, {"pages", f.pageCount},
                                {"chunks", f.passageCount}, {"pages_without_text", withoutText}};
            // The line keeps the four fields; why a file failed goes to stderr.
            if (f.status == DocumentFile::Status::Failed) {
                std::fprintf(stderr, "rwkv-cli rag: %s\n", qPrintable(f.error));
                status = 1;
            }
            print(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        }
    }
    return status;
}

QList<DocumentCitation> query(DocumentService& documents, CollectionId collection, const QString& question,
                              const SearchOptions& options)
{
    QList<DocumentCitation> hits;
    QString error;
    bool finished = false;
    const quint64 id = documents.search(collection, question, options);
    QObject::connect(&documents, &DocumentService::searchFinished,
                     [&](quint64 searchId, const QList<DocumentCitation>& found, const QString& e) {
                         if (searchId != id)
                             return;
                         hits = found;
                         error = e;
                         finished = true;
                     });
    waitUntil([&] { return finished; });
    if (!error.isEmpty())
        throw rwkv::Error(rwkv::ErrorCode::Io, error.toStdString());
    return hits;
}

int ask(DocumentService& documents, CollectionId collection, const QString& question, const SearchOptions& options)
{
    QString error;
    QList<DocumentCitation> citations;
    bool finished = false;
    QObject::connect(&documents, &DocumentService::answerStarted,
                     [&](const QList<DocumentCitation>& c) { citations = c; });
    QObject::connect(&documents, &DocumentService::answerDelta, [](const QString& text) { print(text.toUtf8()); });
    QObject::connect(&documents, &DocumentService::answerFinished, [&](const QString&, const QString& e) {
        error = e;
        finished = true;
    });
    documents.ask(collection, question, options);
    waitUntil([&] { return finished; });
    print("\n\n");
    for (const DocumentCitation& c : citations)
        print((answer_prompt::citationLabel(c.number, c.path, c.page) + QLatin1Char('\n')).toUtf8());
    if (!error.isEmpty())
        throw rwkv::Error(rwkv::ErrorCode::Io, error.toStdString());
    return 0;
}

} // namespace

int runRagCommand(const std::vector<std::string>& rawArgs)
{
    if (rawArgs.empty())
        usage("rag needs index, query or ask");
    const std::string action = rawArgs[0];
    const RagArgs args(Args(rawArgs.begin() + 1, rawArgs.end()),
                         {"db", "model", "tokenizer", "top", "collection", "weights", "backend", "rerank", "repeat"},
                         {"no-embeddings", "timing"});
    if (action != "index" && action != "query" && action != "ask")
        usage("unknown rag action '" + action + "'");
    const QString db = QString::fromStdString(args.required("db"));
    if (action == "index" && args.positional().empty())
        usage("rag index needs at least one file or folder");
    if (action != "index" && args.positional().size() != 1)
        usage("rag " + action + " needs one question (quote it)");
    // Every option is checked before the model is loaded.
    SearchOptions options;
    options.top = args.integer("top", 5);
    if (options.top < 1)
        usage("--top needs a number of passages of at least 1");
    options.rerank = args.integer("rerank", 0);
    options.embeddings = !args.has("no-embeddings");
    const int repeat = args.integer("repeat", 1);

    static int argc = 1;
    static char name[] = "rwkv-cli";
    static char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    InferenceService inference;
    loadCommandModel(inference, args, QString::fromStdString(args.required("model")));
    DocumentService documents(inference, db);
    if (!documents.openError().isEmpty())
        throw rwkv::Error(rwkv::ErrorCode::Io, documents.openError().toStdString());
    const CollectionId collection = documents.collection(QString::fromStdString(args.str("collection", "Documents")));

    if (action == "index")
        return index(documents, collection, args.positional());

    const QString question = QString::fromStdString(args.positional()[0]);
    if (action == "ask")
        return ask(documents, collection, question, options);

    // --repeat N searches N times in this process (the later ones with the vectors in memory and
    // the model warm, as in the app); with --timing each search's stages go to stderr.
    QList<DocumentCitation> hits;
    for (int i = 0; i < std::max(1, repeat); ++i) {
        hits = query(documents, collection, question, options);
        if (args.has("timing")) {
            const SearchTimings t = documents.lastSearchTimings();
            std::fprintf(stderr,
                         "{\"retrieval_ms\": %.2f, \"lexical_ms\": %.2f, \"vector_load_ms\": %.2f, "
                         "\"question_embedding_ms\": %.2f, \"cosine_ms\": %.2f, \"reranked\": %d, "
                         "\"rerank_ms\": %.2f, \"total_ms\": %.2f}\n",
                         t.retrievalMs, t.lexicalMs, t.vectorLoadMs, t.questionEmbeddingMs, t.cosineMs, t.reranked,
                         t.rerankMs, t.totalMs);
        }
    }
    QJsonArray out;
    for (const DocumentCitation& c : hits)
        out.append(QJsonObject{{"file", QFileInfo(c.path).fileName()}, {"page", c.page}, {"score", c.score},
                               {"text", c.text}});
    print(QJsonDocument(out).toJson(QJsonDocument::Indented));
    return 0;
}
