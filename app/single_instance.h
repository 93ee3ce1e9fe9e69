// SingleInstance keeps RWKV Studio to one running copy per user: the first copy listens on a
// local socket; a later copy finds it, asks it to come to the front, and exits.
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

class SingleInstance : public QObject {
    Q_OBJECT
public:
    // `key` names the socket (per user and app); tests pass their own.
    explicit SingleInstance(const QString& key, QObject* parent = nullptr);
    ~SingleInstance() override;

    // True when another copy is running; it has been asked to activate. Call once, at start.
    bool anotherIsRunning();
    // Starts listening so later copies find this one. False when the socket cannot be created.
    bool listen();

    static QString defaultKey();

signals:
    // A later copy asked this one to come to the front.
    void activationRequested();

private:
    QString key_;
    QLocalServer* server_ = nullptr;
};
