// The desktop app driven like a user would, offscreen, with a fixture model: panes, restored
// layout, adding and loading a model, sending a message and seeing the streamed reply, editing
// an earlier message and switching branches, reopening a chat, and continuing a chapter.
// With RWKV_SCREENSHOT_DIR set, each pane is also saved as a PNG there.
#include "app/app_services.h"
#include "app/chat/chat_service.h"
#include "app/inference/inference_service.h"
#include "app/models/model_library.h"
#include "app/music/music_generator.h"
#include "app/music/piece_store.h"
#include "app/settings/app_settings.h"
#include "app/write/write_service.h"
#include "ui/chat/chat_pane.h"
#include "ui/chat/comparison_view.h"
#include "ui/write/alternatives_view.h"
#include "ui/chat/message_list_view.h"
#include "ui/chat/message_widget.h"
#include "ui/compose/compose_pane.h"
#include "ui/documents/documents_pane.h"
#include "ui/finetune/finetune_pane.h"
#include "ui/main_window.h"
#include "ui/models/models_pane.h"
#include "ui/settings/settings_pane.h"
#include "ui/widgets/markdown_view.h"
#include "ui/widgets/theme.h"
#include "ui/write/write_pane.h"

#include "fixtures.h"
#include "signal_wait.h"
#include "model/random_checkpoint.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");

template <typename T>
T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QString::fromLatin1(name));
}

QByteArray sampleConversationJson()
{
    const QString reply = QStringLiteral(
        "<think>\nThe user wants sorting by length; sorted() with key=len.\n</think>\n"
        "Use **`sorted`** with a key function:\n```python\nwords = [\"pear\", \"fig\", \"banana\"]\n"
        "print(sorted(words, key=len))\n```\nThis prints `['fig', 'pear', 'banana']`.");
    const QString time = QStringLiteral("2026-11-23T18:00:00Z");
    QJsonArray messages{
        QJsonObject{{"id", 1}, {"parent", QJsonValue()}, {"role", "user"},
                    {"text", "How do I sort a list of words by length in Python?"}, {"createdAt", time},
                    {"tokenCount", 0}, {"stats", QJsonObject()}, {"activeChild", 2}},
        QJsonObject{{"id", 2}, {"parent", 1}, {"role", "assistant"}, {"text", reply}, {"createdAt", time},
                    {"tokenCount", 60},
                    {"stats", QJsonObject{{"tokensPerSecond", 41.5}, {"generatedTokens", 60}}},
                    {"activeChild", QJsonValue()}}};
    QJsonObject root{{"format", "rwkv-studio-conversation"}, {"version", 1}, {"title", "Sorting in Python"},
                     {"createdAt", time}, {"pinned", false},
                     {"settings", QJsonObject{{"modelId", ""}, {"modelFingerprint", "0"}, {"persona", "Assistant"},
                                              {"systemPrompt", ""}, {"sampling", QJsonObject()}}},
                     {"activeRoot", 1}, {"messages", messages}};
    return QJsonDocument(root).toJson();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::unique_ptr<AppServices> services()
    {
        {
            // A fixed seed: every run of a test sees the same replies from the fixture model.
            AppSettings settings(dir_.filePath(QStringLiteral("settings.ini")));
            SamplingParams seeded = settings.chatSampling();
            if (seeded.seed == 0) {
                seeded.seed = 20261207;
                settings.setChatSampling(seeded);
            }
        }
        return std::make_unique<AppServices>(AppServices::Paths{
            dir_.filePath(QStringLiteral("settings.ini")), dir_.filePath(QStringLiteral("studio.sqlite"))});
    }

    bool addAndLoad(AppServices& s, MainWindow& window)
    {
        QSignalSpy loaded(&s.inference(), &InferenceService::modelLoaded);
        window.showPane(QStringLiteral("models"));
        window.modelsPane()->addFiles({rwkvtest::fixture(kModel)});
        auto* load = child<QPushButton>(window.modelsPane(), "loadModel");
        if (!load || !load->isEnabled())
            return false;
        QTest::mouseClick(load, Qt::LeftButton);
        return rwkvtest::waitForCount(loaded);
    }

    void screenshot(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("RWKV_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QApplication::processEvents();
        w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    qint64 sendFromInput(AppServices& s, MainWindow& window, const QString& text)
    {
        QSignalSpy finished(&s.chat(), &ChatService::replyFinished);
        QPlainTextEdit* input = window.chatPane()->input();
        input->setFocus();
        input->setPlainText(text);
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
        if (!rwkvtest::waitForCount(finished))
            return 0;
        return finished.at(0).at(0).toLongLong();
    }

private slots:
    // The Compose pane receives the model the app loads: a music-vocabulary model loaded in the
    // app reaches the music generator, and the pane can generate with it.
    void composeFollowsTheLoadedModel()
    {
        RWKV_REQUIRE_FIXTURE("midi/tokenizer-midi.json");
        rwkv::RandomModelSpec spec;
        spec.arch = rwkv::Arch::V4;
        spec.layers = 2;
        spec.embd = 64;
        spec.vocab = 20096;
        const QString path = dir_.filePath(QStringLiteral("music.safetensors"));
        rwkv::writeRandomModel(path.toStdString(), spec);
        auto s = services();
        MainWindow window(*s);
        window.show();
        QVERIFY(!s->musicGenerator().hasModel());
        QSignalSpy loaded(&s->inference(), &InferenceService::modelLoaded);
        s->inference().loadModel(path, rwkvtest::fixture(QStringLiteral("midi/tokenizer-midi.json")));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QVERIFY(s->musicGenerator().hasModel());
        QVERIFY(s->pieces());
        window.showPane(QStringLiteral("compose"));
        QPushButton* generate = nullptr;
        for (QPushButton* b : window.findChild<ComposePane*>()->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Generate"))
                generate = b;
        QVERIFY(generate);
        QTRY_VERIFY(generate->isEnabled());
        screenshot(&window, QStringLiteral("pane-compose-loaded"));
        s->inference().unloadModel();
        QTRY_VERIFY(!s->musicGenerator().hasModel());
    }

    void init()
    {
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void sidebarListsEveryPane()
    {
        auto s = services();
        MainWindow window(*s);
        window.show();
        auto* sidebar = child<QListWidget>(&window, "sidebar");
        QVERIFY(sidebar);
        QStringList titles;
        for (int i = 0; i < sidebar->count(); ++i)
            titles << sidebar->item(i)->text();
        QCOMPARE(titles, (QStringList{"Chat", "Write", "Compose", "Fine-tune", "Documents", "Models", "Settings"}));
        QVERIFY(sidebar->item(2)->flags() & Qt::ItemIsEnabled); // Compose is a real pane
        QVERIFY(window.findChild<ComposePane*>());
        QVERIFY(sidebar->item(3)->flags() & Qt::ItemIsEnabled); // Fine-tune is a real pane
        QVERIFY(window.findChild<FinetunePane*>());
        QVERIFY(sidebar->item(4)->flags() & Qt::ItemIsEnabled); // Documents is a real pane
        QVERIFY(window.findChild<DocumentsPane*>());
        window.showPane(QStringLiteral("documents"));
        screenshot(&window, QStringLiteral("pane-documents"));
        QVERIFY(!sidebar->item(0)->icon().isNull());
        // High-DPI: the icons have pixmaps for 2x screens.
        QVERIFY(sidebar->item(0)->icon().availableSizes().contains(QSize(48, 48)));
    }

    void keyboardShortcutsOpenANewChatAndTheSearch()
    {
        auto s = services();
        MainWindow window(*s);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.showPane(QStringLiteral("models"));
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(window.currentPane(), QStringLiteral("chat"));
        QCOMPARE(s->chat().conversations()->rowCount(), 1);
        QVERIFY(s->chat().currentConversation() > 0);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(child<QLineEdit>(window.chatPane(), "chatSearch")->hasFocus());
    }

    void darkThemeIsAppliedAndUndone()
    {
        auto s = services();
        MainWindow window(*s);
        window.show();
        s->settings().setTheme(ThemeChoice::Dark);
        QVERIFY(theme::isDark(QApplication::palette()));
        s->settings().setTheme(ThemeChoice::Light);
        QVERIFY(!theme::isDark(QApplication::palette()));
        s->settings().setTheme(ThemeChoice::System);
    }

    void geometryAndPaneAreRestoredOnStart()
    {
        QSize expected;
        {
            auto s = services();
            MainWindow window(*s);
            window.show();
            window.resize(1010, 700);
            window.showPane(QStringLiteral("models"));
            expected = window.size();
            window.close();
        }
        auto s = services();
        MainWindow window(*s);
        window.show();
        QCOMPARE(window.currentPane(), QStringLiteral("models"));
        QCOMPARE(window.size(), expected);
        QVERIFY(expected != QSize(1180, 760)); // not just the default size
    }

    void modelsPaneDescribesLoadsAndRemembersModels()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        {
            auto s = services();
            MainWindow window(*s);
            window.resize(1180, 760);
            window.show();
            window.showPane(QStringLiteral("models"));
            window.modelsPane()->addFiles({dir_.filePath(QStringLiteral("notes.txt"))});
            QVERIFY(child<QLabel>(window.modelsPane(), "modelError")->text().contains(QStringLiteral("not a model file")));
            QVERIFY(addAndLoad(*s, window));
            auto* details = child<QLabel>(window.modelsPane(), "modelDetails");
            QTRY_VERIFY(details->text().contains(QStringLiteral("RWKV v7")));
            QVERIFY(details->text().contains(QStringLiteral("Memory needed")));
            QVERIFY(details->text().contains(QStringLiteral("Loaded")));
            QVERIFY(child<QLabel>(&window, "modelStatus")->text().contains(QStringLiteral("tiny-rwkv-7v0-834K")));
            screenshot(&window, QStringLiteral("pane-models"));
        }
        auto s = services(); // remembered between runs
        QCOMPARE(s->models().rowCount(), 1);
        QCOMPARE(s->settings().lastLoadedModel(), QFileInfo(rwkvtest::fixture(kModel)).absoluteFilePath());
    }

    void sentMessageShowsTheStreamedReply()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = services();
        MainWindow window(*s);
        window.resize(1180, 760);
        window.show();
        QVERIFY(addAndLoad(*s, window));
        window.showPane(QStringLiteral("chat"));
        QSignalSpy changed(s->chat().messages(), &QAbstractItemModel::dataChanged);
        const qint64 reply = sendFromInput(*s, window, QStringLiteral("Hello, who are you?"));
        QVERIFY(reply > 0);
        QVERIFY(changed.size() > 0); // the reply row was updated while tokens streamed
        QVERIFY(window.chatPane()->input()->toPlainText().isEmpty());
        // The pane follows the service through queued signals: on a loaded machine its last
        // update can land a moment after the spy saw the reply finish.
        QTRY_COMPARE_WITH_TIMEOUT(window.chatPane()->messageView()->messageWidgets().size(), 2, 20000);
        const auto widgets = window.chatPane()->messageView()->messageWidgets();
        QCOMPARE(widgets[1]->messageId(), reply);
        const QString answer = s->chat().messages()->index(1).data(MessageListModel::AnswerRole).toString();
        QTRY_COMPARE_WITH_TIMEOUT(widgets[1]->findChild<MarkdownView*>()->markdown(), answer, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!child<QLabel>(window.chatPane(), "speed")->text().isEmpty(), 20000); // tokens/s
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window.chatPane(), "send")->isEnabled(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!child<QPushButton>(window.chatPane(), "stop")->isEnabled(), 20000);
    }

    // Settings offers Automatic, the CPU and every Vulkan GPU (lavapipe here, labelled as CPU
    // emulation); choosing one is remembered and reaches the inference service for the next load.
    void settingsChooseWhereModelsRun()
    {
        auto s = services();
        MainWindow window(*s);
        window.show();
        window.showPane(QStringLiteral("settings"));
        auto* pane = window.findChild<SettingsPane*>();
        QVERIFY(pane);
        QComboBox* device = pane->computeDeviceBox();
        QCOMPARE(device->currentData().toString(), QStringLiteral("auto"));
        QSignalSpy listed(pane, &SettingsPane::computeDevicesListed);
        QVERIFY(rwkvtest::waitForCount(listed));
        QVERIFY(device->findData(QStringLiteral("cpu")) >= 0);
        auto* note = child<QLabel>(pane, "computeDeviceNote");
        QVERIFY(!note->text().isEmpty());
        if (device->count() > 2) {
            QVERIFY(device->itemData(2).toString().startsWith(QStringLiteral("vulkan:")));
            QVERIFY(device->itemText(2).startsWith(QStringLiteral("GPU ")));
        } else {
            QVERIFY(note->text() != tr("Looking for GPUs…")); // says why no GPU is listed
        }
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        emit device->activated(device->currentIndex());
        QCOMPARE(s->settings().computeDevice(), QStringLiteral("cpu"));
        QCOMPARE(s->inference().computeDevice(), QStringLiteral("cpu"));
        auto again = services(); // remembered between runs
        QCOMPARE(again->inference().computeDevice(), QStringLiteral("cpu"));
        again->settings().setComputeDevice(QStringLiteral("auto"));
    }

    void escapeStopsTheReplyAndKeepsItsText()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = services();
        MainWindow window(*s);
        window.show();
        QVERIFY(addAndLoad(*s, window));
        window.showPane(QStringLiteral("chat"));
        s->chat().newConversation();
        // A reply that cannot end by itself (no end-of-text, no stop strings): only Esc ends it,
        // however fast the model writes.
        SamplingParams endless = s->chat().sampling();
        endless.maxTokens = 100000;
        endless.keepWriting = true;
        s->chat().setSampling(endless);
        QPlainTextEdit* input = window.chatPane()->input();
        input->setFocus();
        input->setPlainText(QStringLiteral("Talk for a long time"));
        QSignalSpy finished(&s->inference(), &InferenceService::jobFinished);
        QSignalSpy progress(&s->chat(), &ChatService::replyProgress);
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(child<QPushButton>(window.chatPane(), "stop")->isEnabled());
        QVERIFY(rwkvtest::waitForCount(progress));
        // A reply stopped before any visible text is dropped; wait for some.
        QTRY_VERIFY_WITH_TIMEOUT(
            !s->chat().messages()->index(1).data(MessageListModel::TextRole).toString().isEmpty(),
            rwkvtest::kSignalTimeoutMs);
        QCOMPARE(finished.size(), 0);
        QTest::keyClick(input, Qt::Key_Escape);
        QVERIFY(rwkvtest::waitForCount(finished));
        const auto result = finished.last().at(0).value<GenerationResult>();
        QCOMPARE(result.finish, GenerationResult::Finish::Stopped);
        QVERIFY(result.generatedTokens < 100000);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window.chatPane(), "send")->isEnabled(), 20000);
        QCOMPARE(s->chat().messages()->rowCount(), 2); // the stopped reply is kept
        QVERIFY(!s->chat().messages()->index(1).data(MessageListModel::TextRole).toString().isEmpty());
        QVERIFY(!s->chat().isGenerating());
    }

    void editingAnEarlierMessageCreatesABranchTheUserCanSwitch()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = services();
        MainWindow window(*s);
        window.resize(1180, 760);
        window.show();
        QVERIFY(addAndLoad(*s, window));
        window.showPane(QStringLiteral("chat"));
        QVERIFY(sendFromInput(*s, window, QStringLiteral("First")) > 0);
        QVERIFY(sendFromInput(*s, window, QStringLiteral("Second")) > 0);
        auto widgets = window.chatPane()->messageView()->messageWidgets();
        QCOMPARE(widgets.size(), 4);

        QSignalSpy finished(&s->chat(), &ChatService::replyFinished);
        MessageWidget* second = widgets[2];
        QTest::mouseClick(child<QToolButton>(second, "editMessage"), Qt::LeftButton);
        auto* editor = child<QPlainTextEdit>(second, "editText");
        QVERIFY(editor->isVisible());
        QCOMPARE(editor->toPlainText(), QStringLiteral("Second"));
        editor->setPlainText(QStringLiteral("Second, edited"));
        QTest::mouseClick(child<QPushButton>(second, "saveEdit"), Qt::LeftButton);
        QVERIFY(rwkvtest::waitForCount(finished));

        widgets = window.chatPane()->messageView()->messageWidgets();
        QCOMPARE(widgets.size(), 4);
        QCOMPARE(child<QLabel>(widgets[2], "branch")->text(), QStringLiteral("2/2"));
        QCOMPARE(widgets[2]->findChild<MarkdownView*>()->markdown(), QStringLiteral("Second, edited"));
        screenshot(&window, QStringLiteral("pane-chat-branch"));

        auto* previous = widgets[2]->findChildren<QToolButton*>().at(0);
        QCOMPARE(previous->toolTip(), QStringLiteral("Previous branch"));
        QTest::mouseClick(previous, Qt::LeftButton);
        widgets = window.chatPane()->messageView()->messageWidgets();
        QCOMPARE(child<QLabel>(widgets[2], "branch")->text(), QStringLiteral("1/2"));
        QCOMPARE(widgets[2]->findChild<MarkdownView*>()->markdown(), QStringLiteral("Second"));
    }

    void compareShowsAnswersSideBySideAndKeepsTheChosenOne()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = services();
        MainWindow window(*s);
        window.resize(1180, 760);
        window.show();
        QVERIFY(addAndLoad(*s, window));
        window.showPane(QStringLiteral("chat"));
        ComparisonView* view = window.chatPane()->comparisonView();
        QVERIFY(!view->isVisible());
        QSignalSpy finished(&s->chat(), &ChatService::replyFinished);
        window.chatPane()->input()->setPlainText(QStringLiteral("Name a colour."));
        QTest::mouseClick(child<QToolButton>(window.chatPane(), "compare"), Qt::LeftButton);
        QVERIFY(view->isVisible());
        QCOMPARE(view->columnCount(), 3);
        QVERIFY(rwkvtest::waitForCount(finished, 3));
        QTRY_VERIFY_WITH_TIMEOUT(view->keepButton(1)->isEnabled(), 20000);
        const auto& answers = s->chat().comparison()->answers();
        QCOMPARE(view->columnText(1), answers[1].text);
        QCOMPARE(window.chatPane()->messageView()->messageWidgets().size(), 1); // the question
        screenshot(&window, QStringLiteral("pane-chat-compare"));
        const qint64 kept = answers[1].id;
        QTest::mouseClick(view->keepButton(1), Qt::LeftButton);
        QVERIFY(!view->isVisible());
        const auto widgets = window.chatPane()->messageView()->messageWidgets();
        QCOMPARE(widgets.size(), 2);
        QCOMPARE(widgets[1]->messageId(), kept);
        QCOMPARE(child<QLabel>(widgets[1], "branch")->text(), QStringLiteral("2/3"));
    }

    void reopenedAppShowsTheChatAndContinuesWithoutPrefill()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        {
            auto s = services();
            MainWindow window(*s);
            window.show();
            QVERIFY(addAndLoad(*s, window));
            window.showPane(QStringLiteral("chat"));
            QVERIFY(sendFromInput(*s, window, QStringLiteral("Remember me")) > 0);
            window.close();
        }
        auto s = services();
        MainWindow window(*s);
        window.show();
        QSignalSpy loaded(&s->inference(), &InferenceService::modelLoaded);
        s->models().load(s->models().rowOf(s->settings().lastLoadedModel()));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QCOMPARE(window.currentPane(), QStringLiteral("chat"));
        auto* list = child<QListView>(window.chatPane(), "conversationList");
        QCOMPARE(list->model()->rowCount(), 1);
        const QRect row = list->visualRect(list->model()->index(0, 0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(window.chatPane()->messageView()->messageWidgets().size(), 2);
        const quint64 before = s->inference().tokensEvaluated();
        QSignalSpy finished(&s->inference(), &InferenceService::jobFinished);
        QVERIFY(sendFromInput(*s, window, QStringLiteral("Again")) > 0);
        const auto result = finished.last().at(0).value<GenerationResult>();
        QCOMPARE(result.promptTokens, int(QByteArray("User: Again\n\nAssistant:").size()));
        QCOMPARE(s->inference().tokensEvaluated() - before,
                 quint64(result.promptTokens + result.generatedTokens + result.settleTokens));
    }

    void writePaneContinuesAChapter()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = services();
        MainWindow window(*s);
        window.resize(1180, 760);
        window.show();
        QVERIFY(addAndLoad(*s, window));
        window.showPane(QStringLiteral("write"));
        s->write().newManuscript(QStringLiteral("The Voyage"));
        SamplingParams greedy = s->write().sampling();
        greedy.temperature = 0; // plain words from this tiny model (no control characters)
        greedy.maxTokens = 40;
        s->write().setSampling(greedy);
        QPlainTextEdit* editor = window.writePane()->editor();
        editor->setPlainText(QStringLiteral("Chapter one. The ship left the harbour at dawn, and the"));
        QSignalSpy done(&s->write(), &WriteService::continuationFinished);
        QTest::mouseClick(child<QPushButton>(window.writePane(), "continue"), Qt::LeftButton);
        QVERIFY(rwkvtest::waitForCount(done));
        const QString pending = s->write().pendingText();
        QVERIFY(!pending.isEmpty());
        QVERIFY(editor->toPlainText().endsWith(pending)); // shown in the editor, highlighted
        QVERIFY(editor->isReadOnly());
        screenshot(&window, QStringLiteral("pane-write-pending"));
        QTest::mouseClick(child<QPushButton>(window.writePane(), "accept"), Qt::LeftButton);
        QTRY_VERIFY(!editor->isReadOnly()); // once the state has moved past the accepted text
        QCOMPARE(editor->toPlainText(),
                 QStringLiteral("Chapter one. The ship left the harbour at dawn, and the") + pending);
        QCOMPARE(s->write().chapterText(), editor->toPlainText());
    }

    void writePaneShowsAlternativesSideBySide()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        auto s = services();
        MainWindow window(*s);
        window.resize(1180, 760);
        window.show();
        QVERIFY(addAndLoad(*s, window));
        window.showPane(QStringLiteral("write"));
        s->write().newManuscript(QStringLiteral("Forks"));
        SamplingParams p = s->write().sampling();
        p.maxTokens = 24;
        p.seed = 11;
        s->write().setSampling(p);
        QPlainTextEdit* editor = window.writePane()->editor();
        const QString text = QStringLiteral("The road split in two, and she");
        editor->setPlainText(text);
        AlternativesView* view = window.writePane()->alternativesView();
        QVERIFY(!view->isVisible());
        window.writePane()->setAlternativeCount(3);
        QSignalSpy done(&s->write(), &WriteService::continuationFinished);
        QTest::mouseClick(child<QPushButton>(window.writePane(), "continue"), Qt::LeftButton);
        QVERIFY(view->isVisible());
        QCOMPARE(view->columnCount(), 3);
        QVERIFY(rwkvtest::waitForCount(done));
        const QStringList alternatives = s->write().alternatives();
        QCOMPARE(alternatives.size(), 3);
        QCOMPARE(view->columnText(2), alternatives[2]);
        QCOMPARE(editor->toPlainText(), text + alternatives[0]); // the first is previewed in the text
        QTest::mouseClick(view->showButton(1), Qt::LeftButton);
        QCOMPARE(editor->toPlainText(), text + alternatives[1]);
        screenshot(&window, QStringLiteral("pane-write-alternatives"));
        QTest::mouseClick(view->useButton(2), Qt::LeftButton);
        QTRY_VERIFY(!editor->isReadOnly());
        QCOMPARE(editor->toPlainText(), text + alternatives[2]);
        QCOMPARE(s->write().chapterText(), text + alternatives[2]);
        QVERIFY(!view->isVisible());
    }

    void screenshotsOfChatAndSettings()
    {
        // A conversation with markdown, code and folded reasoning, to show how replies render.
        if (qEnvironmentVariable("RWKV_SCREENSHOT_DIR").isEmpty())
            QSKIP("set RWKV_SCREENSHOT_DIR to save screenshots");
        auto s = services();
        MainWindow window(*s);
        window.resize(1280, 820);
        window.show();
        const QByteArray json = sampleConversationJson();
        QVERIFY(s->chat().importJson(json) > 0);
        s->chat().newConversation();
        s->chat().renameConversation(s->chat().currentConversation(), QStringLiteral("Trip ideas"));
        s->chat().openConversation(s->chat().conversations()->idAt(1));
        window.showPane(QStringLiteral("chat"));
        screenshot(&window, QStringLiteral("pane-chat"));
        auto widgets = window.chatPane()->messageView()->messageWidgets();
        QTest::mouseClick(child<QToolButton>(widgets.last(), "thinkingToggle"), Qt::LeftButton);
        QVERIFY(widgets.last()->isThinkingExpanded());
        screenshot(&window, QStringLiteral("pane-chat-thinking"));
        window.showPane(QStringLiteral("settings"));
        screenshot(&window, QStringLiteral("pane-settings"));
        s->settings().setTheme(ThemeChoice::Dark);
        window.showPane(QStringLiteral("chat"));
        screenshot(&window, QStringLiteral("pane-chat-dark"));
        s->settings().setTheme(ThemeChoice::System);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
