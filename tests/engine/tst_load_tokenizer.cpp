// loadTokenizer(spec): the built-in names, file paths by extension, and where "world" looks for
// its vocabulary, with an error that tells the user exactly where to put it.
#include "fixtures.h"

#include "core/error.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/world_tokenizer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Runs loadTokenizer(spec) expecting an Error; returns it (code Cancelled if none was thrown).
rwkv::Error loadError(const std::string& spec)
{
    try {
        rwkv::loadTokenizer(spec);
    } catch (const rwkv::Error& e) {
        return e;
    }
    return rwkv::Error(rwkv::ErrorCode::Cancelled, "no error thrown");
}

bool contains(const rwkv::Error& e, const QString& needle)
{
    return std::string(e.what()).find(needle.toStdString()) != std::string::npos;
}

} // namespace

class LoadTokenizerTest : public QObject {
    Q_OBJECT

private:
    QByteArray savedVocab_, savedXdg_;

private slots:
    void init()
    {
        savedVocab_ = qgetenv("RWKV_WORLD_VOCAB");
        savedXdg_ = qgetenv("XDG_DATA_HOME");
    }

    void cleanup()
    {
        auto restore = [](const char* name, const QByteArray& value) {
            if (value.isNull())
                qunsetenv(name);
            else
                qputenv(name, value);
        };
        restore("RWKV_WORLD_VOCAB", savedVocab_);
        restore("XDG_DATA_HOME", savedXdg_);
    }

    void builtInNamesNeedNoFiles()
    {
        QCOMPARE(rwkv::loadTokenizer("bytes")->kind(), std::string("bytes"));
        QCOMPARE(rwkv::loadTokenizer("abc")->kind(), std::string("abc"));
    }

    void worldUsesTheEnvironmentVariableFirst()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        QTemporaryDir emptyData;
        qputenv("XDG_DATA_HOME", emptyData.path().toUtf8());
        qputenv("RWKV_WORLD_VOCAB", rwkvtest::fixture("tokenizer/rwkv_vocab_v20230424.txt").toUtf8());
        const auto t = rwkv::loadTokenizer("world");
        QCOMPARE(t->kind(), std::string("world"));
        QCOMPARE(t->encode("\n\n"), std::vector<int32_t>{261});
    }

    void worldFallsBackToTheAppDataDirectory()
    {
        RWKV_REQUIRE_FIXTURE("tokenizer/rwkv_vocab_v20230424.txt");
        QTemporaryDir data;
        QVERIFY(QDir(data.path()).mkpath("RWKV Studio"));
        QVERIFY(QFile::copy(rwkvtest::fixture("tokenizer/rwkv_vocab_v20230424.txt"),
                            data.path() + "/RWKV Studio/rwkv_vocab_v20230424.txt"));
        qunsetenv("RWKV_WORLD_VOCAB");
        qputenv("XDG_DATA_HOME", data.path().toUtf8());
        QCOMPARE(QString::fromStdString(rwkv::locateWorldVocab()),
                 data.path() + "/RWKV Studio/rwkv_vocab_v20230424.txt");
        QCOMPARE(rwkv::loadTokenizer("world")->vocabSize(), 65530);
    }

    void missingWorldVocabularySaysWhereToPutIt()
    {
        QTemporaryDir data;
        qunsetenv("RWKV_WORLD_VOCAB");
        qputenv("XDG_DATA_HOME", data.path().toUtf8());
        const rwkv::Error e = loadError("world");
        QCOMPARE(rwkv::errorCodeName(e.code()), rwkv::errorCodeName(rwkv::ErrorCode::Io));
        QVERIFY2(contains(e, data.path() + "/RWKV Studio/rwkv_vocab_v20230424.txt"), e.what());
        QVERIFY2(contains(e, "RWKV-LM"), e.what());
        QVERIFY2(contains(e, "ChatRWKV"), e.what());
        QVERIFY2(contains(e, "RWKV_WORLD_VOCAB"), e.what());
    }

    void homeIsUsedWithoutXdgDataHome()
    {
        qunsetenv("XDG_DATA_HOME");
        const QString expected =
            QDir::homePath() + "/.local/share/RWKV Studio/rwkv_vocab_v20230424.txt";
        QCOMPARE(QString::fromStdString(rwkv::defaultWorldVocabPath()), expected);
    }

    void environmentVariableNamingNoFileIsAnError()
    {
        qputenv("RWKV_WORLD_VOCAB", "/nonexistent/vocab.txt");
        const rwkv::Error e = loadError("world");
        QCOMPARE(rwkv::errorCodeName(e.code()), rwkv::errorCodeName(rwkv::ErrorCode::Io));
        QVERIFY2(contains(e, "/nonexistent/vocab.txt"), e.what());
    }

    void pathsAreReadByTheirExtension()
    {
        QTemporaryDir dir;
        QFile vocab(dir.path() + "/my_vocab.TXT");
        QVERIFY(vocab.open(QIODevice::WriteOnly));
        vocab.write("1 'a' 1\n2 'b' 1\n3 'ab' 2\n");
        vocab.close();
        const auto world = rwkv::loadTokenizer(vocab.fileName().toStdString());
        QCOMPARE(world->kind(), std::string("world"));
        QCOMPARE(world->encode("abb"), (std::vector<int32_t>{3, 2}));

        QFile json(dir.path() + "/tokenizer.json");
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"({"model": {"type": "WordLevel", "vocab": {"hi": 0}},
                       "pre_tokenizer": {"type": "WhitespaceSplit"}})");
        json.close();
        const auto hf = rwkv::loadTokenizer(json.fileName().toStdString());
        QCOMPARE(hf->kind(), std::string("hf-wordlevel"));
        QCOMPARE(hf->encode("hi hi"), (std::vector<int32_t>{0, 0}));
    }

    void unknownSpecsAndMissingFilesAreExplained()
    {
        const rwkv::Error unknown = loadError("gpt4");
        QCOMPARE(rwkv::errorCodeName(unknown.code()),
                 rwkv::errorCodeName(rwkv::ErrorCode::InvalidArgument));
        QVERIFY2(contains(unknown, "'gpt4'") && contains(unknown, "world, bytes, abc"),
                 unknown.what());

        const rwkv::Error missing = loadError("/nonexistent/tokenizer.json");
        QCOMPARE(rwkv::errorCodeName(missing.code()), rwkv::errorCodeName(rwkv::ErrorCode::Io));
        QVERIFY2(contains(missing, "/nonexistent/tokenizer.json"), missing.what());
    }
};

QTEST_GUILESS_MAIN(LoadTokenizerTest)
#include "tst_load_tokenizer.moc"
