// The Fine-tune pane as a user drives it (offscreen platform): a model from the library, a text
// file dropped in (tokens counted), a preset, Start, Pause, Resume, the loss chart growing, a
// sample, then "Chat with it now" loads the result and shows the Chat pane.
#include "app/app_services.h"
#include "app/finetune/finetune_service.h"
#include "app/inference/inference_service.h"
#include "app/models/model_library.h"
#include "ui/finetune/finetune_pane.h"
#include "ui/finetune/finetune_settings_form.h"
#include "ui/finetune/loss_chart.h"
#include "ui/main_window.h"

#include "fixtures.h"
#include "signal_wait.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");

template <class T>
T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QString::fromLatin1(name));
}
} // namespace

class TestFinetunePane : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void dropTrainPauseResumeAndChat()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        AppServices s(AppServices::Paths{dir_.filePath(QStringLiteral("settings.ini")),
                                         dir_.filePath(QStringLiteral("studio.sqlite"))});
        s.models().addFiles({rwkvtest::fixture(kModel)});
        MainWindow window(s);
        window.resize(1280, 820);
        window.show();
        window.showPane(QStringLiteral("finetune"));
        auto* pane = window.findChild<FinetunePane*>();
        QVERIFY(pane);
        QCOMPARE(child<QComboBox>(pane, "baseModel")->count(), 1);

        QFile text(dir_.filePath(QStringLiteral("my-style.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(QByteArray("The lighthouse keeper wrote every evening. ").repeated(8));
        text.close();
        QSignalSpy inspected(&s.finetune(), &FinetuneService::dataInspected);
        // Dropped on the pane as a file manager would.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(text.fileName())});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(pane, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(pane, &drop);
        QVERIFY(rwkvtest::waitForCount(inspected));
        QTRY_VERIFY(child<QLabel>(pane, "dataSummary")->text().contains(QStringLiteral("344 tokens")));

        // "Advanced": a short run the test can watch.
        pane->settingsForm()->setPreset(FinetuneSettingsForm::Advanced);
        QVERIFY(child<QWidget>(pane, "advanced")->isVisible());
        child<QSpinBox>(pane, "steps")->setValue(150);
        child<QSpinBox>(pane, "ctx")->setValue(32);
        QCOMPARE(pane->request().steps, 150);
        QCOMPARE(pane->request().method, FinetuneRequest::Method::Lora);

        QSignalSpy progress(&s.finetune(), &FinetuneService::progress);
        QSignalSpy paused(&s.finetune(), &FinetuneService::runPaused);
        QSignalSpy finished(&s.finetune(), &FinetuneService::runFinished);
        QTest::mouseClick(child<QPushButton>(pane, "start"), Qt::LeftButton);
        QVERIFY(rwkvtest::waitForCount(progress));
        QVERIFY(child<QPushButton>(pane, "pause")->isEnabled());
        QVERIFY(!child<QPushButton>(pane, "start")->isEnabled());
        QVERIFY(!child<QLabel>(pane, "note")->text().isEmpty()); // says chat is slower meanwhile
        QTest::mouseClick(child<QPushButton>(pane, "pause"), Qt::LeftButton);
        QVERIFY(rwkvtest::waitForCount(paused));
        QVERIFY(child<QPushButton>(pane, "resume")->isEnabled());
        QVERIFY(child<QLabel>(pane, "stats")->text().startsWith(QStringLiteral("Paused at step")));
        QTest::mouseClick(child<QPushButton>(pane, "resume"), Qt::LeftButton);
        QVERIFY(rwkvtest::waitForCount(finished));
        QTRY_COMPARE(pane->lossChart()->trainingPoints(), 150);
        QVERIFY(pane->lossChart()->validationPoints() > 0);
        QCOMPARE(child<QProgressBar>(pane, "progress")->value(), 150);
        QVERIFY(!child<QPlainTextEdit>(pane, "sample")->toPlainText().isEmpty());
        if (const QString dir = qEnvironmentVariable("RWKV_SCREENSHOT_DIR"); !dir.isEmpty())
            window.grab().save(dir + QStringLiteral("/pane-finetune.png"));

        QSignalSpy loaded(&s.inference(), &InferenceService::modelLoaded);
        QTRY_VERIFY(child<QPushButton>(pane, "chatWithIt")->isEnabled());
        QTest::mouseClick(child<QPushButton>(pane, "chatWithIt"), Qt::LeftButton);
        QCOMPARE(window.currentPane(), QStringLiteral("chat"));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QCOMPARE(s.inference().model().adapter, QStringLiteral("lora.pth"));
    }
};

QTEST_MAIN(TestFinetunePane)
#include "tst_finetune_pane.moc"
