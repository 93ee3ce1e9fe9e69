// DownloadSettingsBox is Settings → Downloads: the folder downloaded models go to, the address
// models are downloaded from (Hugging Face or a mirror of it) and whether to use the system's
// proxy. Edits are saved to AppSettings as they are made.
#pragma once

#include <QGroupBox>

class AppSettings;
class QCheckBox;
class QComboBox;
class QLineEdit;

class DownloadSettingsBox : public QGroupBox {
    Q_OBJECT
public:
    DownloadSettingsBox(AppSettings& settings, QWidget* parent = nullptr);

private:
    void save();

    AppSettings& settings_;
    QLineEdit* folder_;
    QComboBox* mirror_;
    QCheckBox* proxy_;
};
