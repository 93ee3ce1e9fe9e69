// ApiServerBox is the Settings section for the local OpenAI-compatible server: switch it on,
// choose the port and an optional key, and — only when asked, with a warning in plain words —
// let other computers connect; a status line says where it listens, requests answered and
// tokens/s. Every change applies at once (LocalApiService restarts the server).
#pragma once

#include <QGroupBox>

class AppSettings;
class LocalApiService;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

class ApiServerBox : public QGroupBox {
    Q_OBJECT
public:
    ApiServerBox(AppSettings& settings, LocalApiService& api, QWidget* parent = nullptr);

private:
    void save();
    void showStatus();

    AppSettings& settings_;
    LocalApiService& api_;
    QCheckBox* enabled_;
    QSpinBox* port_;
    QLineEdit* key_;
    QCheckBox* network_;
    QLabel* networkWarning_;
    QLabel* status_;
};
