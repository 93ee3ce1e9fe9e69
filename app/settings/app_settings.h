// AppSettings is the one typed place for what the app remembers between runs: window layout,
// the current pane, theme, the model library, sampling defaults and persona presets. It wraps a
// QSettings (the platform's default location, or an INI file given by tests); reads fall back to
// documented defaults and writes are immediate. GUI thread only.
#pragma once

#include "app/inference/sampling_params.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>

#include <memory>

enum class ThemeChoice { System, Light, Dark };

// A persona preset: its name, the system text and example turns fed before the conversation.
struct PersonaPreset {
    QString name;
    QString systemText;
    QList<QPair<QString, QString>> examples; // (user, assistant)

    bool operator==(const PersonaPreset&) const = default;
};

// A model file the user added.
struct ModelEntry {
    QString path;
    QString tokenizerSpec; // empty: chosen by vocabulary size
    QString weightFormat;  // empty: as stored; else "f32", "f16", "bf16", "int8", "q4"
};

class AppSettings : public QObject {
    Q_OBJECT
public:
    // Empty `iniPath`: the platform's settings for "RWKV Studio".
    explicit AppSettings(const QString& iniPath = {}, QObject* parent = nullptr);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    QString currentPane() const; // "chat" by default
    void setCurrentPane(const QString& pane);
    // Splitter positions and similar per-pane layout blobs, keyed by pane.
    QByteArray paneState(const QString& key) const;
    void setPaneState(const QString& key, const QByteArray& state);

    ThemeChoice theme() const;
    void setTheme(ThemeChoice theme);
    // The interface language: "" follows the system, else "en", "zh_CN" or "ja".
    QString language() const;
    void setLanguage(const QString& code);

    QList<ModelEntry> models() const;
    void setModels(const QList<ModelEntry>& models);
    QString lastLoadedModel() const;
    void setLastLoadedModel(const QString& path);
    bool loadLastModelOnStart() const; // true by default
    void setLoadLastModelOnStart(bool on);
    // Where models run: "auto" (default: a GPU when there is one), "cpu", or "vulkan:N" for one
    // GPU. Applies from the next load.
    QString computeDevice() const;
    void setComputeDevice(const QString& device);

    SamplingParams chatSampling() const;
    void setChatSampling(const SamplingParams& params);
    SamplingParams writeSampling() const;
    void setWriteSampling(const SamplingParams& params);

    // Presets, never empty: built-in ones until the user edits them.
    QList<PersonaPreset> personas() const;
    void setPersonas(const QList<PersonaPreset>& personas);
    static QList<PersonaPreset> builtInPersonas();

    // The local API server (Settings → Local API server): off by default; on 127.0.0.1 unless
    // the user allows other computers; an optional key.
    struct ApiServerSettings {
        bool enabled = false;
        int port = 8000;
        QString apiKey;
        bool allowNetwork = false;
        bool operator==(const ApiServerSettings&) const = default;
    };
    ApiServerSettings apiServer() const;
    void setApiServer(const ApiServerSettings& server);

    // Settings → Downloads: where downloaded models go, the Hugging Face address (or a mirror of
    // it, e.g. for users in China) and whether to go through the system's proxy (on by default).
    struct DownloadSettings {
        QString modelsFolder;
        QString mirror;
        bool useSystemProxy = true;
        bool operator==(const DownloadSettings&) const = default;
    };
    DownloadSettings downloads() const;
    void setDownloads(const DownloadSettings& downloads);
    // The download queue as DownloadQueue saved it (JSON), so downloads survive a restart.
    QByteArray pendingDownloads() const;
    void setPendingDownloads(const QByteArray& json);
    // The repositories' file listings last fetched (JSON: repo -> listing), for offline starts.
    QByteArray catalogListings() const;
    void setCatalogListings(const QByteArray& json);
    // This machine's memory bandwidth in GB/s as last measured; 0 before the first measurement.
    double measuredBandwidth() const;
    void setMeasuredBandwidth(double gbs);

    // Bytes all saved chat states may take in the database (Settings); 4 GiB by default.
    qint64 stateBudget() const;
    void setStateBudget(qint64 bytes);

    // Where the conversation and document database lives.
    QString databasePath() const;
    void setDatabasePath(const QString& path);

signals:
    void themeChanged(ThemeChoice theme);
    void languageChanged(const QString& code);
    void computeDeviceChanged(const QString& device);
    void personasChanged();
    void chatSamplingChanged();
    void apiServerChanged();
    void downloadsChanged();
    void stateBudgetChanged();

private:
    std::unique_ptr<QSettings> settings_;
};
