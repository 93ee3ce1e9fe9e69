#include "ui/settings/download_settings_box.h"

#include "app/settings/app_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>

DownloadSettingsBox::DownloadSettingsBox(AppSettings& settings, QWidget* parent)
    : QGroupBox(tr("Downloads"), parent), settings_(settings)
{
    setObjectName(QStringLiteral("downloadSettings"));
    const AppSettings::DownloadSettings current = settings_.downloads();
    auto* form = new QFormLayout(this);
    folder_ = new QLineEdit(current.modelsFolder, this);
    folder_->setObjectName(QStringLiteral("modelsFolder"));
    auto* browse = new QPushButton(tr("Choose…"), this);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    mirror_ = new QComboBox(this);
    mirror_->setObjectName(QStringLiteral("downloadMirror"));
    mirror_->setEditable(true);
    mirror_->addItem(QStringLiteral("https://huggingface.co"));
    mirror_->addItem(QStringLiteral("https://hf-mirror.com"));
    mirror_->setCurrentText(current.mirror);
    mirror_->setToolTip(tr("Where models are downloaded from. A mirror of Hugging Face can be much faster in some "
                           "countries; every file is still checked against its published sha256."));
    proxy_ = new QCheckBox(tr("Use the system proxy"), this);
    proxy_->setObjectName(QStringLiteral("useSystemProxy"));
    proxy_->setChecked(current.useSystemProxy);
    form->addRow(tr("Models folder"), folderRow);
    form->addRow(tr("Download from"), mirror_);
    form->addRow(QString(), proxy_);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for downloaded models"), folder_->text());
        if (!dir.isEmpty()) {
            folder_->setText(dir);
            save();
        }
    });
    connect(folder_, &QLineEdit::editingFinished, this, &DownloadSettingsBox::save);
    connect(mirror_, &QComboBox::currentTextChanged, this, &DownloadSettingsBox::save);
    connect(proxy_, &QCheckBox::toggled, this, &DownloadSettingsBox::save);
}

void DownloadSettingsBox::save()
{
    AppSettings::DownloadSettings d = settings_.downloads();
    if (!folder_->text().trimmed().isEmpty())
        d.modelsFolder = folder_->text().trimmed();
    const QUrl mirror(mirror_->currentText().trimmed());
    if (mirror.isValid() && (mirror.scheme() == QLatin1String("https") || mirror.scheme() == QLatin1String("http"))
        && !mirror.host().isEmpty())
        d.mirror = mirror_->currentText().trimmed();
    d.useSystemProxy = proxy_->isChecked();
    settings_.setDownloads(d);
}
