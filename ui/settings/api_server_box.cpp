#include "ui/settings/api_server_box.h"

#include "app/server/local_api_service.h"
#include "app/settings/app_settings.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTimer>

ApiServerBox::ApiServerBox(AppSettings& settings, LocalApiService& api, QWidget* parent)
    : QGroupBox(tr("Local API server"), parent), settings_(settings), api_(api)
{
    setObjectName(QStringLiteral("apiServerBox"));
    const AppSettings::ApiServerSettings s = settings_.apiServer();
    auto* form = new QFormLayout(this);
    enabled_ = new QCheckBox(tr("Serve the loaded model to other programs through the OpenAI API"), this);
    enabled_->setObjectName(QStringLiteral("apiServerEnabled"));
    enabled_->setChecked(s.enabled);
    enabled_->setToolTip(tr("Editor plugins, note apps and scripts that speak the OpenAI API can use the model "
                            "RWKV Studio has loaded, at the address below."));
    port_ = new QSpinBox(this);
    port_->setObjectName(QStringLiteral("apiServerPort"));
    port_->setRange(1024, 65535);
    port_->setValue(s.port);
    key_ = new QLineEdit(s.apiKey, this);
    key_->setObjectName(QStringLiteral("apiServerKey"));
    key_->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    key_->setPlaceholderText(tr("Optional: programs must then send this key"));
    network_ = new QCheckBox(tr("Let other computers on the network connect"), this);
    network_->setObjectName(QStringLiteral("apiServerNetwork"));
    network_->setChecked(s.allowNetwork);
    networkWarning_ = new QLabel(this);
    networkWarning_->setObjectName(QStringLiteral("apiServerNetworkWarning"));
    networkWarning_->setWordWrap(true);
    networkWarning_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("apiServerStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), enabled_);
    form->addRow(tr("Port"), port_);
    form->addRow(tr("API key"), key_);
    form->addRow(QString(), network_);
    form->addRow(QString(), networkWarning_);
    form->addRow(tr("Status"), status_);

    connect(enabled_, &QCheckBox::toggled, this, &ApiServerBox::save);
    connect(network_, &QCheckBox::toggled, this, &ApiServerBox::save);
    connect(port_, &QSpinBox::editingFinished, this, &ApiServerBox::save);
    connect(key_, &QLineEdit::editingFinished, this, &ApiServerBox::save);
    connect(&api_, &LocalApiService::statusChanged, this, &ApiServerBox::showStatus);
    // Tokens per second move while requests run.
    auto* refresh = new QTimer(this);
    refresh->setInterval(1000);
    connect(refresh, &QTimer::timeout, this, [this] {
        if (api_.isRunning() && isVisible())
            showStatus();
    });
    refresh->start();
    showStatus();
}

void ApiServerBox::save()
{
    AppSettings::ApiServerSettings s;
    s.enabled = enabled_->isChecked();
    s.port = port_->value();
    s.apiKey = key_->text().trimmed();
    s.allowNetwork = network_->isChecked();
    settings_.setApiServer(s);
    showStatus();
}

void ApiServerBox::showStatus()
{
    status_->setText(api_.statusLine());
    const bool open = network_->isChecked();
    networkWarning_->setVisible(open);
    if (open)
        networkWarning_->setText(key_->text().trimmed().isEmpty()
                                     ? tr("Anyone who can reach this computer on port %1 can use the model, and "
                                          "nothing stops them. Set an API key, and only allow this on a network "
                                          "you trust.")
                                           .arg(port_->value())
                                     : tr("Other computers that know the key can use the model on port %1. The "
                                          "connection is not encrypted: use this only on a network you trust.")
                                           .arg(port_->value()));
}
