// What the download tests share: a queue with its settings, library and catalog in a folder,
// a catalog of one tiny chat model plus the vocabulary served by a DownloadTestServer, and
// listings in the Hugging Face API's shape.
#pragma once

#include "app/inference/inference_service.h"
#include "app/models/catalog_service.h"
#include "app/models/download_queue.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "download_test_server.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

inline QString sha256(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// A listing in the Hugging Face API's shape for one LFS file.
inline QByteArray listingFor(const QString& path, const QByteArray& body, const QString& hash)
{
    const QJsonArray files{
        QJsonObject{{"type", "file"}, {"oid", "a6344aac8c09253b3b630fb776ae94478aa0275b"}, {"size", 1519}, {"path", ".gitattributes"}},
        QJsonObject{{"type", "file"}, {"oid", "0d5a3c9f1e7b2a4c6d8e0f1a3b5c7d9e1f2a4b6c"}, {"size", double(body.size())},
                    {"lfs", QJsonObject{{"oid", hash}, {"size", double(body.size())}, {"pointerSize", 134}}},
                    {"path", path}}};
    return QJsonDocument(files).toJson(QJsonDocument::Compact);
}

struct DownloadTestServices {
    DownloadTestServices(const QString& dir, const QByteArray& catalog, const QString& mirror)
    {
        settings = std::make_unique<AppSettings>(dir + "/settings.ini");
        settings->setDownloads({dir + "/models", mirror, true});
        inference = std::make_unique<InferenceService>();
        library = std::make_unique<ModelLibrary>(*settings, *inference);
        QString error;
        catalogService = std::make_unique<CatalogService>(*settings, ModelCatalog::parse(catalog, &error));
        queue = std::make_unique<DownloadQueue>(*settings, *catalogService, *library, dir + "/data/vocab.txt");
        queue->setRetryPolicy(3, 10);
    }
    ~DownloadTestServices()
    {
        queue.reset();
        catalogService.reset();
        library.reset();
        inference.reset();
    }
    std::unique_ptr<AppSettings> settings;
    std::unique_ptr<InferenceService> inference;
    std::unique_ptr<ModelLibrary> library;
    std::unique_ptr<CatalogService> catalogService;
    std::unique_ptr<DownloadQueue> queue;
};

// What the test server serves: the model file, its listing, and the vocabulary.
inline const QByteArray kTestModelPath = "/test/tiny/resolve/main/tiny-rwkv-7v0-834K.pth";

inline void serveTestFiles(DownloadTestServer& server, const QByteArray& model, const QByteArray& vocabulary)
{
    server.file("/vocab.txt").body = vocabulary;
    server.file(kTestModelPath).body = model;
    server.file("/api/models/test/tiny/tree/main").body = listingFor("tiny-rwkv-7v0-834K.pth", model, sha256(model));
    server.file("/api/models/test/tiny/tree/main").contentType = "application/json";
}

// One tiny chat model (needing the World vocabulary) and the vocabulary, both on `server`.
inline QByteArray testCatalog(const DownloadTestServer& server, const QByteArray& vocabulary)
{
    return QStringLiteral(R"({"entries":[
        {"id":"tiny","name":"Tiny test model","purpose":"chat","repo":"test/tiny","file":"tiny-rwkv-7v0-834K.pth",
         "parameters":834000,"arch":"7","layers":2,"embd":64,"vocab":256,"context":1024,"license":"MIT",
         "tokenizer":"world","about":"A test model."},
        {"id":"vocab","name":"Vocabulary","purpose":"vocabulary","url":"%1","file":"rwkv_vocab_v20230424.txt",
         "sha256":"%2","license":"Apache-2.0","about":"The tokenizer."}]})")
        .arg(server.url("/vocab.txt"), sha256(vocabulary))
        .toUtf8();
}

