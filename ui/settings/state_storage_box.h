// StateStorageBox is Settings → "Saved model states": how much room the chats' saved model states
// take and the budget they must stay under (older chats' states are thinned first). It reads the
// use from ChatService and writes the budget to AppSettings.
#pragma once

#include <QGroupBox>

class AppSettings;
class ChatService;
class QDoubleSpinBox;
class QLabel;

class StateStorageBox : public QGroupBox {
    Q_OBJECT
public:
    StateStorageBox(AppSettings& settings, ChatService& chat, QWidget* parent = nullptr);

private:
    void showUse(qint64 bytes);

    AppSettings& settings_;
    QDoubleSpinBox* budget_;
    QLabel* use_;
};
