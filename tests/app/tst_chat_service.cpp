// ChatService with a fixture model and a real database: replies stream and are saved with the
// state after every message; a reopened chat continues without re-reading its history; editing
// branches and resumes from the saved state; states of another model are never used; Compare
// writes several answers at once, kept as branches.
#include "app/app_services.h"
#include "app/chat/chat_service.h"
#include "app/inference/inference_service.h"
#include "app/models/model_library.h"
#include "app/settings/app_settings.h"
#include "app/store/conversation_store.h"

#include "fixtures.h"
#include "signal_wait.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");
const QString kOtherModel = QStringLiteral("models/tiny-rwkv-6v0-1m.safetensors");

int bytes(const QString& text) { return int(text.toUtf8().size()); }

} // namespace

class TestChatService : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::unique_ptr<AppServices> open()
    {
        return std::make_unique<AppServices>(
            AppServices::Paths{dir_.filePath(QStringLiteral("settings.ini")), dir_.filePath(QStringLiteral("studio.sqlite"))});
    }

    bool load(AppServices& s, const QString& model)
    {
        QSignalSpy loaded(&s.inference(), &InferenceService::modelLoaded);
        s.models().addFiles({rwkvtest::fixture(model)});
        s.models().load(s.models().rowOf(QFileInfo(rwkvtest::fixture(model)).absoluteFilePath()));
        return rwkvtest::waitForCount(loaded);
    }

    // Sends and waits; returns the reply's id.
    qint64 sendAndWait(ChatService& chat, const QString& text)
    {
        QSignalSpy finished(&chat, &ChatService::replyFinished);
        if (!chat.send(text) || !rwkvtest::waitForCount(finished) || !finished.at(0).at(1).toBool())
            return 0;
        return finished.at(0).at(0).toLongLong();
    }

    QJsonObject statsOf(qint64 message)
    {
        auto store = ConversationStore::open(dir_.filePath(QStringLiteral("studio.sqlite")));
        return store.ok() ? store.value().message(message).value().stats : QJsonObject();
    }

    void fixedSampling(ChatService& chat, quint64 seed)
    {
        SamplingParams p = SamplingParams::chatDefaults();
        p.seed = seed;
        p.maxTokens = 24;
        chat.setSampling(p);
    }

private slots:
    void init()
    {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void sentMessageStreamsReplyAndSavesStates()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        QVERIFY(chat.newConversation(QStringLiteral("Assistant")) > 0);
        fixedSampling(chat, 42);
        QSignalSpy progress(&chat, &ChatService::replyProgress);
        const qint64 reply = sendAndWait(chat, QStringLiteral("Hello there"));
        QVERIFY(reply > 0);
        QVERIFY(progress.size() > 0); // tokens streamed before the end
        QCOMPARE(chat.messages()->rowCount(), 2);
        QCOMPARE(chat.messages()->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("Hello there"));
        QCOMPARE(chat.messages()->index(1).data(MessageListModel::IdRole).toLongLong(), reply);
        QVERIFY(!chat.messages()->index(1).data(MessageListModel::StreamingRole).toBool());
        // Autosaved with states at both boundaries (written off the GUI thread: wait for them).
        chat.flushStates();
        auto store = ConversationStore::open(dir_.filePath(QStringLiteral("studio.sqlite")));
        QVERIFY(store.ok());
        const auto path = store.value().activePath(chat.currentConversation()).value();
        QCOMPARE(path.size(), 2);
        QVERIFY(path[0].hasState);
        QVERIFY(path[1].hasState);
        // The conversation got its title from the first message.
        QCOMPARE(chat.conversations()->index(0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("Hello there"));
    }

    void reopenedChatContinuesWithoutPrefill()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        qint64 conversation = 0;
        {
            auto s = open();
            QVERIFY(load(*s, kModel));
            conversation = s->chat().newConversation(QStringLiteral("Helpful assistant"));
            fixedSampling(s->chat(), 1);
            QVERIFY(sendAndWait(s->chat(), QStringLiteral("Tell me about the sea.")) > 0);
            QVERIFY(sendAndWait(s->chat(), QStringLiteral("And the mountains?")) > 0);
        } // the app closes

        auto s = open(); // and starts again
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        chat.openConversation(conversation);
        QCOMPARE(chat.messages()->rowCount(), 5); // system + two turns
        const quint64 before = s->inference().tokensEvaluated();
        const QString text = QStringLiteral("Which is older?");
        const qint64 reply = sendAndWait(chat, text);
        QVERIFY(reply > 0);
        const QJsonObject stats = statsOf(reply);
        // Only the new message and the reply prefix were fed: no re-prefill of the history.
        QCOMPARE(stats.value(QStringLiteral("promptTokens")).toInt(), bytes(QStringLiteral("User: ") + text +
                                                                            QStringLiteral("\n\nAssistant:")));
        // Everything the model evaluated is accounted for: the new turn, the reply, and at most
        // the reply's own segment again when its sampled bytes were not valid UTF-8 text.
        const int generated = stats.value(QStringLiteral("generatedTokens")).toInt();
        const int settle = stats.value(QStringLiteral("settleTokens")).toInt();
        QVERIFY(generated > 0);
        QCOMPARE(s->inference().tokensEvaluated() - before,
                 quint64(stats.value(QStringLiteral("promptTokens")).toInt() + generated + settle));
        QVERIFY(settle <= 3 * generated + bytes(QStringLiteral("Assistant: \n\n"))); // U+FFFD is 3 bytes
    }

    void editingAnEarlierMessageBranchesAndResumesFromItsParentState()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        chat.newConversation(QStringLiteral("Assistant"));
        fixedSampling(chat, 5);
        QVERIFY(sendAndWait(chat, QStringLiteral("First question")) > 0);
        QVERIFY(sendAndWait(chat, QStringLiteral("Second question")) > 0);
        QCOMPARE(chat.messages()->rowCount(), 4);
        const qint64 second = chat.messages()->index(2).data(MessageListModel::IdRole).toLongLong();

        QSignalSpy finished(&chat, &ChatService::replyFinished);
        QVERIFY(chat.editMessage(second, QStringLiteral("Edited question")));
        QVERIFY(rwkvtest::waitForCount(finished));
        const qint64 reply = finished.at(0).at(0).toLongLong();
        QCOMPARE(chat.messages()->rowCount(), 4);
        const QModelIndex edited = chat.messages()->index(2);
        QCOMPARE(edited.data(MessageListModel::TextRole).toString(), QStringLiteral("Edited question"));
        QCOMPARE(edited.data(MessageListModel::SiblingCountRole).toInt(), 2);
        QCOMPARE(edited.data(MessageListModel::SiblingIndexRole).toInt(), 1);
        // Resumed from the state after the first reply: only the edited turn was fed.
        QCOMPARE(statsOf(reply).value(QStringLiteral("promptTokens")).toInt(),
                 bytes(QStringLiteral("User: Edited question\n\nAssistant:")));

        chat.switchBranch(edited.data(MessageListModel::IdRole).toLongLong(), -1);
        QCOMPARE(chat.messages()->index(2).data(MessageListModel::TextRole).toString(), QStringLiteral("Second question"));
        QCOMPARE(chat.messages()->rowCount(), 4); // the old branch keeps its reply
    }

    void regenerateAddsAnotherReplyAsABranch()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        chat.newConversation(QStringLiteral("Assistant"));
        fixedSampling(chat, 9);
        const qint64 first = sendAndWait(chat, QStringLiteral("Hi"));
        QVERIFY(first > 0);
        QSignalSpy finished(&chat, &ChatService::replyFinished);
        QVERIFY(chat.regenerate(first));
        QVERIFY(rwkvtest::waitForCount(finished));
        const QModelIndex reply = chat.messages()->index(1);
        QVERIFY(reply.data(MessageListModel::IdRole).toLongLong() != first);
        QCOMPARE(reply.data(MessageListModel::SiblingCountRole).toInt(), 2);
        QCOMPARE(statsOf(reply.data(MessageListModel::IdRole).toLongLong()).value(QStringLiteral("promptTokens")).toInt(),
                 bytes(QStringLiteral("Assistant:")));
    }

    void comparedAnswersAreBranchesAndTheKeptOneContinues()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        chat.newConversation(QStringLiteral("Assistant"));
        fixedSampling(chat, 42);
        QSignalSpy finished(&chat, &ChatService::replyFinished);
        QVERIFY(chat.send(QStringLiteral("Tell me about the sea."), 3));
        ReplyComparison* comparison = chat.comparison();
        QVERIFY(comparison->isActive());
        QCOMPARE(comparison->answers().size(), 3);
        QCOMPARE(chat.messages()->rowCount(), 1); // the path ends at the question while comparing
        QVERIFY(rwkvtest::waitForCount(finished, 3));
        QVERIFY(!comparison->isWriting());
        QSet<QString> texts;
        for (int i = 0; i < 3; ++i) {
            const ReplyComparison::Answer& a = comparison->answers()[i];
            QVERIFY(a.finished && !a.failed);
            QVERIFY(!a.text.isEmpty() && a.tokens > 0);
            texts.insert(a.text);
            QCOMPARE(statsOf(a.id).value(QStringLiteral("seed")).toString(), QString::number(42 + i));
        }
        QVERIFY(texts.size() > 1);
        // Keeping the third puts it on the path; the others are its sibling branches.
        const qint64 kept = comparison->answers()[2].id;
        const QString keptText = comparison->answers()[2].text;
        chat.keepAnswer(kept);
        QVERIFY(!comparison->isActive());
        QCOMPARE(chat.messages()->rowCount(), 2);
        QCOMPARE(chat.messages()->index(1).data(MessageListModel::IdRole).toLongLong(), kept);
        QCOMPARE(chat.messages()->index(1).data(MessageListModel::AnswerRole).toString(), keptText);
        QCOMPARE(chat.messages()->index(1).data(MessageListModel::SiblingCountRole).toInt(), 3);
        // Every answer got its state: going on from the kept one reads only the new message.
        const qint64 next = sendAndWait(chat, QStringLiteral("More."));
        QVERIFY(next > 0);
        QCOMPARE(statsOf(next).value(QStringLiteral("promptTokens")).toInt(),
                 bytes(QStringLiteral("User: More.\n\nAssistant:")));
        chat.flushStates();
        auto store = ConversationStore::open(dir_.filePath(QStringLiteral("studio.sqlite")));
        const auto path = store.value().activePath(chat.currentConversation()).value();
        QCOMPARE(path.size(), 4);
        QCOMPARE(path[1].id, kept);
    }

    void comparingAgainAddsBranchesAndStopEndsEveryAnswer()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        chat.newConversation(QStringLiteral("Assistant"));
        fixedSampling(chat, 5);
        const qint64 first = sendAndWait(chat, QStringLiteral("Hi"));
        QVERIFY(first > 0);
        SamplingParams long_ = chat.sampling();
        long_.maxTokens = 4000;
        long_.keepWriting = true; // only a stop ends them
        chat.setSampling(long_);
        QSignalSpy finished(&chat, &ChatService::replyFinished);
        QSignalSpy progress(&chat, &ChatService::replyProgress);
        QVERIFY(chat.regenerate(first, 4));
        QCOMPARE(chat.comparison()->answers().size(), 4);
        auto allWriting = [&] {
            for (const auto& a : chat.comparison()->answers())
                if (a.text.isEmpty())
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allWriting(), 60000);
        QVERIFY(chat.isGenerating());
        chat.stop();
        QVERIFY(rwkvtest::waitForCount(finished, 4));
        QVERIFY(!chat.isGenerating());
        for (const auto& a : chat.comparison()->answers())
            QVERIFY(a.finished && !a.failed); // stopped answers keep what they wrote
        QVERIFY(progress.size() > 0);
        const int kept = 4;
        QVERIFY(chat.comparison()->isActive());
        // Branching elsewhere closes the comparison on the path's answer: the first of the four.
        const qint64 firstAnswer = chat.comparison()->answers()[0].id;
        QVERIFY(chat.send(QStringLiteral("Next")));
        QVERIFY(!chat.comparison()->isActive());
        QVERIFY(rwkvtest::waitForCount(finished, 5));
        QCOMPARE(chat.messages()->index(1).data(MessageListModel::IdRole).toLongLong(), firstAnswer);
        QCOMPARE(chat.messages()->index(1).data(MessageListModel::SiblingCountRole).toInt(), 1 + kept);
    }

    void statesOfAnotherModelAreNotUsedAndTheUserIsTold()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_FIXTURE(kOtherModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        chat.newConversation(QStringLiteral("Assistant"));
        fixedSampling(chat, 3);
        QVERIFY(sendAndWait(chat, QStringLiteral("One")) > 0);
        const QString history = QStringLiteral("User: One\n\nAssistant: ") +
            chat.messages()->index(1).data(MessageListModel::TextRole).toString() + QStringLiteral("\n\n");

        QVERIFY(load(*s, kOtherModel));
        QSignalSpy notice(&chat, &ChatService::notice);
        const qint64 reply = sendAndWait(chat, QStringLiteral("Two"));
        QVERIFY(reply > 0);
        QCOMPARE(notice.size(), 1);
        QVERIFY(notice.at(0).at(0).toString().contains(QStringLiteral("another model")));
        QCOMPARE(statsOf(reply).value(QStringLiteral("promptTokens")).toInt(),
                 bytes(history + QStringLiteral("User: Two\n\nAssistant:")));
    }

    void sendWithoutModelSaysWhatToDo()
    {
        auto s = open();
        QSignalSpy error(&s->chat(), &ChatService::errorOccurred);
        QVERIFY(!s->chat().send(QStringLiteral("hello")));
        QCOMPARE(error.size(), 1);
        QVERIFY2(error.at(0).at(0).toString().contains(QStringLiteral("Models")), qPrintable(error.at(0).at(0).toString()));
    }

    void conversationsCanBeRenamedPinnedSearchedAndDeleted()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        const qint64 a = chat.newConversation();
        QVERIFY(sendAndWait(chat, QStringLiteral("Bananas are yellow")) > 0);
        const qint64 b = chat.newConversation();
        chat.renameConversation(b, QStringLiteral("Second chat"));
        chat.setPinned(a, true);
        auto* list = chat.conversations();
        QCOMPARE(list->rowCount(), 2);
        QCOMPARE(list->idAt(0), a); // pinned first
        chat.setSearchText(QStringLiteral("banana"));
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->idAt(0), a);
        chat.setSearchText(QStringLiteral("second"));
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->idAt(0), b);
        chat.setSearchText({});
        chat.deleteConversation(a);
        QCOMPARE(list->rowCount(), 1);
        QCOMPARE(list->idAt(0), b);
    }

    void exportedJsonImportsAsANewConversation()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = open();
        QVERIFY(load(*s, kModel));
        ChatService& chat = s->chat();
        const qint64 id = chat.newConversation(QStringLiteral("Assistant"));
        QVERIFY(sendAndWait(chat, QStringLiteral("Export me")) > 0);
        const QString markdown = chat.exportMarkdown(id);
        QVERIFY(markdown.contains(QStringLiteral("Export me")));
        const QByteArray json = chat.exportJson(id);
        const qint64 imported = chat.importJson(json);
        QVERIFY(imported > 0 && imported != id);
        QCOMPARE(chat.currentConversation(), imported);
        QCOMPARE(chat.messages()->index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("Export me"));
        QSignalSpy error(&chat, &ChatService::errorOccurred);
        QCOMPARE(chat.importJson("{not json"), 0);
        QCOMPARE(error.size(), 1);
    }

    void damagedDatabaseIsKeptAsACopyAndTheAppStarts()
    {
        const QString db = dir_.filePath(QStringLiteral("studio.sqlite"));
        QFile f(db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto s = open();
        QVERIFY2(s->startupNotice().contains(QStringLiteral("damaged")), qPrintable(s->startupNotice()));
        const QStringList copies = QDir(dir_.path()).entryList({QStringLiteral("studio.sqlite.corrupt-*")});
        QCOMPARE(copies.size(), 1);
        QVERIFY(s->chat().newConversation() > 0); // and it works
    }
};

QTEST_GUILESS_MAIN(TestChatService)
#include "tst_chat_service.moc"
