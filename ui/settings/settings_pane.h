// SettingsPane is the Settings page: appearance (system, light or dark), start-up behaviour, the
// persona presets used by new chats (name, system text, example turns) and where data is kept.
#pragma once

#include <QWidget>

class AppSettings;
class QComboBox;
class QListWidget;
class QLineEdit;
class QPlainTextEdit;

class SettingsPane : public QWidget {
    Q_OBJECT
public:
    SettingsPane(AppSettings& settings, const QString& databasePath, QWidget* parent = nullptr);

private:
    void showPersona(int row);
    void savePersona();

    AppSettings& settings_;
    QComboBox* theme_;
    QListWidget* personas_;
    QLineEdit* personaName_;
    QPlainTextEdit* personaSystem_;
    QPlainTextEdit* personaExamples_;
};
