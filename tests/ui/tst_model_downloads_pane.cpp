// The first run and the "Get models" page under the offscreen platform: the welcome view offers
// the recommended model, downloads it from a local server with progress and loads it, and the
// main window then opens the chat ready to type; the catalog table shows this machine's
// estimates; the download list pauses and resumes.
#include "app/app_services.h"
#include "app/inference/inference_service.h"
#include "app/models/catalog_service.h"
#include "ui/chat/chat_pane.h"
#include "ui/main_window.h"
#include "ui/models/catalog_view.h"
#include "ui/models/welcome_view.h"

#include "app/download_test_support.h"
#include "fixtures.h"
#include "signal_wait.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.pth");
const QString kVocab = QStringLiteral("tokenizer/rwkv_vocab_v20230424.txt");

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

template <typename T>
T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QString::fromLatin1(name));
}

MachineProfile laptop(int ramGb)
{
    MachineProfile m;
    m.ramBytes = qint64(ramGb) << 30;
    m.bandwidthGBs = 60;
    return m;
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

} // namespace

class TestModelDownloadsPane : public QObject {
    Q_OBJECT
private slots:
    void welcomeDownloadsTheRecommendedModelAndLoadsIt()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_FIXTURE(kVocab);
        const QByteArray model = readAll(rwkvtest::fixture(kModel));
        const QByteArray vocab = readAll(rwkvtest::fixture(kVocab));
        serveTestFiles(server_, model, vocab);
        DownloadTestServices s(dir_.path(), testCatalog(server_, vocab), server_.url(QString()));
        s.catalogService->setMachine(laptop(16));
        WelcomeView view(*s.catalogService, *s.queue, *s.library);
        view.resize(900, 700);
        view.show();
        QCOMPARE(view.recommendedId(), QStringLiteral("tiny"));
        QVERIFY(view.downloadButton()->text().contains("Tiny test model"));
        QVERIFY(child<QLabel>(&view, "welcomeRecommendation")->text().contains("tokens/s here with"));
        screenshot(&view, "welcome");

        QSignalSpy loaded(s.inference.get(), &InferenceService::modelLoaded);
        QTest::mouseClick(view.downloadButton(), Qt::LeftButton);
        QVERIFY(child<QProgressBar>(&view, "welcomeProgress")->isVisible());
        QVERIFY(!view.downloadButton()->isEnabled()); // one click is enough
        QVERIFY(rwkvtest::waitForCount(loaded));
        QCOMPARE(s.library->rowCount(), 1);
        QCOMPARE(readAll(dir_.filePath("models/tiny-rwkv-7v0-834K.pth")), model);
        QCOMPARE(readAll(dir_.filePath("data/vocab.txt")), vocab);
    }

    void firstRunShowsWelcomeThenTheChatReadyToType()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        AppServices services({dir_.filePath("settings.ini"), dir_.filePath("studio.sqlite")});
        MainWindow window(services);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.showingWelcome());
        QCOMPARE(window.currentPane(), QStringLiteral("chat")); // the welcome stands in the chat's place
        QVERIFY(child<QLabel>(&window, "welcomeRecommendation")->text().contains("Recommended for this computer"));
        QSignalSpy loaded(&services.inference(), &InferenceService::modelLoaded);
        window.welcomeView()->addFiles({rwkvtest::fixture(kModel)});
        QVERIFY(rwkvtest::waitForCount(loaded));
        QVERIFY(!window.showingWelcome());
        QCOMPARE(window.currentPane(), QStringLiteral("chat"));
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(window.chatPane()->input()));
    }

    void welcomeLeadsToTheWholeCatalog()
    {
        AppServices services({dir_.filePath("settings.ini"), dir_.filePath("studio.sqlite")});
        MainWindow window(services);
        window.show();
        QVERIFY(window.showingWelcome());
        QPushButton* browse = nullptr;
        for (auto* b : window.welcomeView()->findChildren<QPushButton*>())
            if (b->text() == "See all models…")
                browse = b;
        QVERIFY(browse);
        QTest::mouseClick(browse, Qt::LeftButton);
        QCOMPARE(window.currentPane(), QStringLiteral("models"));
        auto* table = child<QTreeWidget>(&window, "catalogTable");
        QVERIFY(table && table->isVisible());
        QCOMPARE(table->currentItem()->data(0, Qt::UserRole).toString(), window.welcomeView()->recommendedId());
    }

    void catalogTableShowsThisMachinesEstimates()
    {
        AppSettings settings(dir_.filePath("settings.ini"));
        InferenceService inference;
        ModelLibrary library(settings, inference);
        CatalogService catalog(settings);
        catalog.setMachine(laptop(8));
        DownloadQueue queue(settings, catalog, library, dir_.filePath("vocab.txt"));
        CatalogView view(catalog, queue, library);
        view.resize(1100, 700);
        view.show();
        QTreeWidget* table = view.table();
        QCOMPARE(table->topLevelItemCount(), catalog.catalog().entries().size());
        QTreeWidgetItem* recommended = table->currentItem();
        QCOMPARE(recommended->data(0, Qt::UserRole).toString(), QStringLiteral("rwkv7-g1-2.9b"));
        QVERIFY(recommended->text(0).endsWith("(recommended)"));
        QVERIFY(recommended->font(0).bold());
        QCOMPARE(child<QComboBox>(&view, "downloadFormat")->currentData().toString(), QStringLiteral("int8"));
        for (int i = 0; i < table->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = table->topLevelItem(i);
            if (item->data(0, Qt::UserRole).toString() == "rwkv7-g-7.2b") {
                QCOMPARE(item->text(3), QStringLiteral("too big")); // bf16 on 8 GB
                QVERIFY(item->text(5).contains("tok/s")); // q4 fits, if tightly
                QVERIFY(item->toolTip(3).contains("this computer has 8.00 GB"));
            }
        }
        screenshot(&view, "catalog");
    }

    void downloadListPausesAndResumes()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        RWKV_REQUIRE_FIXTURE(kVocab);
        const QByteArray model = readAll(rwkvtest::fixture(kModel));
        const QByteArray vocab = readAll(rwkvtest::fixture(kVocab));
        serveTestFiles(server_, model, vocab);
        server_.file(kTestModelPath).stallAfter = 1000000;
        DownloadTestServices s(dir_.path(), testCatalog(server_, vocab), server_.url(QString()));
        s.catalogService->setMachine(laptop(16));
        CatalogView view(*s.catalogService, *s.queue, *s.library);
        view.show();
        view.select("tiny");
        QTest::mouseClick(child<QPushButton>(&view, "downloadModel"), Qt::LeftButton);
        QCOMPARE(view.downloadList()->model()->rowCount(), 2);
        const QModelIndex tiny = s.queue->index(1);
        QVERIFY(QTest::qWaitFor([&] { return tiny.data(DownloadQueue::ProgressRole).toDouble() > 0.2; }, 10000));
        view.downloadList()->setCurrentIndex(tiny);
        QPushButton* pause = nullptr;
        for (auto* b : view.findChildren<QPushButton*>())
            if (b->text() == "Pause")
                pause = b;
        QVERIFY(pause && pause->isEnabled());
        QTest::mouseClick(pause, Qt::LeftButton);
        QCOMPARE(tiny.data(DownloadQueue::StateRole).toString(), QStringLiteral("Paused"));
        screenshot(&view, "downloads-paused");
        server_.dropAll();
        server_.file(kTestModelPath).stallAfter = -1;
        QSignalSpy downloaded(s.queue.get(), &DownloadQueue::modelDownloaded);
        QTest::mouseClick(child<QPushButton>(&view, "resumeDownload"), Qt::LeftButton);
        QVERIFY(rwkvtest::waitForCount(downloaded));
        QCOMPARE(server_.requests().last().range, QByteArray("bytes=1000000-"));
        QVERIFY(tiny.data(DownloadQueue::FinishedRole).toBool());
    }

    void cleanup()
    {
        server_.reset();
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

private:
    QTemporaryDir dir_;
    DownloadTestServer server_;
};

QTEST_MAIN(TestModelDownloadsPane)
#include "tst_model_downloads_pane.moc"
