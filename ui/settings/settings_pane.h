// SettingsPane is the Settings page: appearance (system, light or dark), start-up behaviour, where
// models run (automatic, CPU or a chosen GPU), the persona presets used by new chats (name,
// system text, example turns), where data is kept and the local API server.
#pragma once

#include <QWidget>

class AppSettings;
class LocalApiService;
class ChatService;
struct ComputeDeviceList;
class QLabel;
class QThread;
class QComboBox;
class QListWidget;
class QLineEdit;
class QPlainTextEdit;

class SettingsPane : public QWidget {
    Q_OBJECT
public:
    // `api` null: no API server section; `chat` null: no saved-states section (tests of the
    // other sections).
    SettingsPane(AppSettings& settings, const QString& databasePath, QWidget* parent = nullptr,
                 LocalApiService* api = nullptr, ChatService* chat = nullptr);
    ~SettingsPane() override;

    QComboBox* computeDeviceBox() const { return device_; }

signals:
    void computeDevicesListed(); // the GPUs have been looked for and the list is complete

private:
    void showPersona(int row);
    void listDevicesInBackground();
    void showDevices(const ComputeDeviceList& list);
    void savePersona();

    AppSettings& settings_;
    QComboBox* theme_;
    QComboBox* language_;
    QComboBox* device_;
    QLabel* deviceNote_;
    QThread* lookup_ = nullptr;
    QListWidget* personas_;
    QLineEdit* personaName_;
    QPlainTextEdit* personaSystem_;
    QPlainTextEdit* personaExamples_;
};
