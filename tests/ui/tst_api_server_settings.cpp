// Settings → Local API server, driven as a user would (offscreen): switching it on serves the
// model the app has loaded over real HTTP on 127.0.0.1, the status line says where, a model
// change is followed, allowing other computers shows the warning, and switching it off closes
// the port.
#include "app/app_services.h"
#include "app/inference/inference_service.h"
#include "app/server/api_server.h"
#include "app/server/local_api_service.h"
#include "app/settings/app_settings.h"
#include "ui/settings/settings_pane.h"

#include "fixtures.h"
#include "signal_wait.h"

#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kModel = QStringLiteral("models/tiny-rwkv-7v0-834K.safetensors");

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// GET or POST on the server; the status (0 when nothing answered) and the JSON body.
QPair<int, QJsonObject> call(quint16 port, const QString& path, const QJsonObject& body = {})
{
    QNetworkAccessManager net;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = body.isEmpty() ? net.get(request) : net.post(request, QJsonDocument(body).toJson());
    QSignalSpy done(reply, &QNetworkReply::finished);
    rwkvtest::waitForCount(done, 1, 30000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return {status, json};
}

} // namespace

class TestApiServerSettings : public QObject {
    Q_OBJECT

private slots:
    void switchingItOnServesTheLoadedModelAndOffClosesIt()
    {
        RWKV_REQUIRE_FIXTURE(kModel);
        QTemporaryDir dir;
        AppServices services({dir.filePath("settings.ini"), dir.filePath("studio.sqlite")});
        QVERIFY(!services.api().isRunning());
        SettingsPane pane(services.settings(), services.databasePath(), nullptr, &services.api());
        pane.show();
        auto* enabled = pane.findChild<QCheckBox*>("apiServerEnabled");
        auto* port = pane.findChild<QSpinBox*>("apiServerPort");
        auto* network = pane.findChild<QCheckBox*>("apiServerNetwork");
        auto* warning = pane.findChild<QLabel*>("apiServerNetworkWarning");
        auto* status = pane.findChild<QLabel*>("apiServerStatus");
        QVERIFY(enabled && port && network && warning && status);
        QVERIFY(status->text().contains("off"));
        QVERIFY(!network->isChecked());
        QVERIFY(!warning->isVisible());

        const quint16 chosen = freePort();
        port->setValue(chosen);
        emit port->editingFinished();
        enabled->setChecked(true);
        QVERIFY(services.api().isRunning());
        QCOMPARE(services.api().address(), QStringLiteral("http://127.0.0.1:%1/v1").arg(chosen));
        QVERIFY2(status->text().contains(services.api().address()), qPrintable(status->text()));
        QVERIFY(status->text().contains("no model yet"));
        QCOMPARE(call(chosen, "/v1/completions", {{"prompt", "x"}}).first, 503);

        QSignalSpy loaded(&services.inference(), &InferenceService::modelLoaded);
        services.inference().loadModel(rwkvtest::fixture(kModel));
        QVERIFY(rwkvtest::waitForCount(loaded));
        QTRY_VERIFY(status->text().contains("tiny-rwkv-7v0-834K"));
        const auto models = call(chosen, "/v1/models");
        QCOMPARE(models.first, 200);
        QCOMPARE(models.second.value("data").toArray().first().toObject().value("id").toString(),
                 QStringLiteral("tiny-rwkv-7v0-834K"));
        const auto reply = call(chosen, "/v1/chat/completions",
                                {{"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "Hi"}}}}, {"max_tokens", 8}});
        QCOMPARE(reply.first, 200);
        QVERIFY(reply.second.value("usage").toObject().value("completion_tokens").toInt() >= 1);
        QTRY_VERIFY(status->text().contains("1 request"));

        network->setChecked(true);
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains("Anyone"));
        QCOMPARE(services.api().server()->config().host, QHostAddress(QHostAddress::Any));
        network->setChecked(false);
        QVERIFY(!warning->isVisible());
        QCOMPARE(services.api().server()->config().host, QHostAddress(QHostAddress::LocalHost));

        services.inference().unloadModel();
        QTRY_COMPARE(call(chosen, "/v1/models").second.value("data").toArray().size(), 0);

        enabled->setChecked(false);
        QVERIFY(!services.api().isRunning());
        QVERIFY(status->text().contains("off"));
        QCOMPARE(call(chosen, "/v1/models").first, 0); // nothing listens any more
        QVERIFY(!services.settings().apiServer().enabled);
        QCOMPARE(services.settings().apiServer().port, int(chosen));
    }

    void aPortInUseIsSaidInASentence()
    {
        QTemporaryDir dir;
        AppServices services({dir.filePath("settings.ini"), dir.filePath("studio.sqlite")});
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        AppSettings::ApiServerSettings s;
        s.enabled = true;
        s.port = taken.serverPort();
        services.settings().setApiServer(s);
        QVERIFY(!services.api().isRunning());
        QVERIFY2(services.api().statusLine().contains(QString::number(taken.serverPort())), qPrintable(services.api().statusLine()));
        QVERIFY(services.api().statusLine().contains("cannot listen"));
    }
};

QTEST_MAIN(TestApiServerSettings)
#include "tst_api_server_settings.moc"
