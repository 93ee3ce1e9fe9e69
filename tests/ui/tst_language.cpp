// The interface in Simplified Chinese and Japanese: the .ts files are complete and current (every
// tr() string is in them, translated, with the same placeholders), and switching the language
// in Settings re-translates the open window at once, on the same pane, without a restart.
// With RWKV_SCREENSHOT_DIR set, every pane is saved in each language, to look for clipping.
#include "app/app_services.h"
#include "app/chat/chat_service.h"
#include "app/settings/app_settings.h"
#include "ui/chat/chat_pane.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/window_host.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QStringList kLanguages{QStringLiteral("zh_CN"), QStringLiteral("ja")};

QString tsPath(const QString& code)
{
    return QStringLiteral(RWKV_SOURCE_DIR "/translations/rwkv_studio_%1.ts").arg(code);
}

QStringList placeholders(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("%(?:L?\\d|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    return found;
}

QStringList sidebarTitles(MainWindow* window)
{
    auto* sidebar = window->findChild<QListWidget*>(QStringLiteral("sidebar"));
    QStringList titles;
    for (int i = 0; sidebar && i < sidebar->count(); ++i)
        titles << sidebar->item(i)->text();
    return titles;
}

} // namespace

class TestLanguage : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void translationsAreCompleteWithTheSamePlaceholders()
    {
        for (const QString& code : kLanguages) {
            QFile file(tsPath(code));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            QXmlStreamReader xml(&file);
            int messages = 0;
            QString source;
            while (!xml.atEnd()) {
                xml.readNext();
                if (!xml.isStartElement())
                    continue;
                if (xml.name() == QLatin1String("source")) {
                    source = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    const QString type = xml.attributes().value(QStringLiteral("type")).toString();
                    QVERIFY2(type.isEmpty(), qPrintable(code + QStringLiteral(": ") + type + QStringLiteral(": ") + source));
                    const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                    QVERIFY2(!translation.trimmed().isEmpty() || source.trimmed().isEmpty(), qPrintable(code + QStringLiteral(": ") + source));
                    QCOMPARE(placeholders(translation), placeholders(source));
                    ++messages;
                }
            }
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            QVERIFY(messages > 500);
        }
    }

    void everyTrStringIsInTheTranslations()
    {
        const QString lupdate = QStringLiteral("/usr/lib/qt6/bin/lupdate");
        if (!QFile::exists(lupdate))
            QSKIP("lupdate (qt6-l10n-tools) is not installed");
        for (const QString& code : kLanguages) {
            const QString copy = dir_.filePath(QStringLiteral("check_%1.ts").arg(code));
            QFile::remove(copy);
            QVERIFY(QFile::copy(tsPath(code), copy));
            QProcess run;
            run.setWorkingDirectory(QStringLiteral(RWKV_SOURCE_DIR));
            run.start(lupdate, {QStringLiteral("-recursive"), QStringLiteral("app"), QStringLiteral("ui"),
                                QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                                QStringLiteral("-ts"), copy});
            QVERIFY(run.waitForFinished(120000));
            const QString out = QString::fromUtf8(run.readAllStandardOutput() + run.readAllStandardError());
            QVERIFY2(out.contains(QStringLiteral("(0 new and")), qPrintable(out)); // `make translations`, then translate
            QVERIFY2(!out.contains(QStringLiteral("obsolete")) || out.contains(QStringLiteral("0 obsolete")), qPrintable(out));
        }
    }

    void switchingTheLanguageTranslatesTheOpenWindow()
    {
        AppServices services(AppServices::Paths{dir_.filePath(QStringLiteral("settings.ini")),
                                                dir_.filePath(QStringLiteral("studio.sqlite"))});
        services.settings().setLanguage(QStringLiteral("en"));
        WindowHost host(services);
        host.window()->resize(1180, 760);
        host.window()->show();
        host.window()->showPane(QStringLiteral("write"));
        QCOMPARE(sidebarTitles(host.window()).value(0), QStringLiteral("Chat"));

        // A few widgets per pane: the sidebar, Chat's Send, Write's Continue, Fine-tune's Add
        // files, Documents' Read it whole, the Models tabs.
        struct Expected {
            QString code, chat, write, send, continueText, addFiles, readWhole, myModels, locale;
        };
        const QList<Expected> expected{
            {QStringLiteral("zh_CN"), QStringLiteral("对话"), QStringLiteral("续写"), QStringLiteral("发送"),
             QStringLiteral("续写"), QStringLiteral("添加文件…"), QStringLiteral("完整阅读"), QStringLiteral("我的模型"),
             QStringLiteral("zh_CN")},
            {QStringLiteral("ja"), QStringLiteral("チャット"), QStringLiteral("執筆"), QStringLiteral("送信"),
             QStringLiteral("続ける"), QStringLiteral("ファイルを追加…"), QStringLiteral("全体を読む"), QStringLiteral("マイモデル"),
             QStringLiteral("ja_JP")},
            {QStringLiteral("en"), QStringLiteral("Chat"), QStringLiteral("Write"), QStringLiteral("Send"),
             QStringLiteral("Continue"), QStringLiteral("Add files…"), QStringLiteral("Read it whole"), QStringLiteral("My models"),
             QStringLiteral("en_US")}};
        for (const Expected& e : expected) {
            MainWindow* before = host.window();
            // Through the Settings pane, as a user does it.
            auto* combo = before->findChild<QComboBox*>(QStringLiteral("language"));
            QVERIFY(combo);
            combo->setCurrentIndex(combo->findData(e.code));
            emit combo->activated(combo->currentIndex());
            MainWindow* after = host.window();
            QVERIFY(after != before);
            QVERIFY(after->isVisible());
            QCOMPARE(after->currentPane(), QStringLiteral("write")); // the same place
            const QStringList titles = sidebarTitles(after);
            QCOMPARE(titles.value(0), e.chat);
            QCOMPARE(titles.value(1), e.write);
            auto* send = after->chatPane()->findChild<QPushButton*>(QStringLiteral("send"));
            QCOMPARE(send->text(), e.send);
            QCOMPARE(after->findChild<QPushButton*>(QStringLiteral("continue"))->text(), e.continueText);
            QCOMPARE(after->findChild<QPushButton*>(QStringLiteral("addFiles"))->text(), e.addFiles);
            QCOMPARE(after->findChild<QPushButton*>(QStringLiteral("readWhole"))->text(), e.readWhole);
            QCOMPARE(after->findChild<QTabWidget*>(QStringLiteral("modelsTabs"))->tabText(0), e.myModels);
            QCOMPARE(QLocale().name(), e.locale); // numbers and dates follow the language
            // A chat created now is named in the new language.
            const qint64 chat = services.chat().newConversation();
            QVERIFY(chat > 0);
            const QString title = services.chat().conversations()->index(services.chat().conversations()->rowOf(chat))
                                      .data(ConversationListModel::TitleRole).toString();
            QCOMPARE(title, e.code == QLatin1String("zh_CN") ? QStringLiteral("新对话")
                            : e.code == QLatin1String("ja")  ? QStringLiteral("新しいチャット")
                                                             : QStringLiteral("New chat"));
            QCOMPARE(services.settings().language(), e.code);
            saveScreenshots(after, e.code);
            QTest::qWait(0); // the old window goes on the next turn of the event loop
        }
    }

private:
    void saveScreenshots(MainWindow* window, const QString& code)
    {
        const QString dir = qEnvironmentVariable("RWKV_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        const QString current = window->currentPane();
        for (const QString& pane : {QStringLiteral("chat"), QStringLiteral("write"), QStringLiteral("compose"),
                                    QStringLiteral("finetune"), QStringLiteral("documents"), QStringLiteral("models"),
                                    QStringLiteral("settings")}) {
            window->showPane(pane);
            QApplication::processEvents();
            window->grab().save(QStringLiteral("%1/%2-%3.png").arg(dir, code, pane));
        }
        window->showPane(current);
    }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
