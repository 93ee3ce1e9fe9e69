#include "app/settings/app_settings.h"

#include "app/settings/preset_library.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kPane = QStringLiteral("window/pane");
const QString kTheme = QStringLiteral("appearance/theme");
const QString kLanguage = QStringLiteral("appearance/language");
const QString kModels = QStringLiteral("models/entries");
const QString kLastModel = QStringLiteral("models/last");
const QString kLoadLast = QStringLiteral("models/loadLastOnStart");
const QString kComputeDevice = QStringLiteral("models/computeDevice");
const QString kChatSampling = QStringLiteral("sampling/chat");
const QString kWriteSampling = QStringLiteral("sampling/write");
const QString kPersonas = QStringLiteral("chat/personas");
const QString kDatabase = QStringLiteral("storage/database");
const QString kModelsFolder = QStringLiteral("downloads/modelsFolder");
const QString kMirror = QStringLiteral("downloads/mirror");
const QString kSystemProxy = QStringLiteral("downloads/useSystemProxy");
const QString kPendingDownloads = QStringLiteral("downloads/pending");
const QString kListings = QStringLiteral("downloads/listings");
const QString kStateBudget = QStringLiteral("storage/stateBudgetBytes");
const QString kBandwidth = QStringLiteral("machine/bandwidthGBs");

QJsonObject personaToJson(const PersonaPreset& p)
{
    QJsonArray examples;
    for (const auto& [user, assistant] : p.examples)
        examples.append(QJsonObject{{QStringLiteral("user"), user}, {QStringLiteral("assistant"), assistant}});
    return {{QStringLiteral("name"), p.name}, {QStringLiteral("system"), p.systemText},
            {QStringLiteral("examples"), examples}};
}

PersonaPreset personaFromJson(const QJsonObject& o)
{
    PersonaPreset p;
    p.name = o.value(QStringLiteral("name")).toString();
    p.systemText = o.value(QStringLiteral("system")).toString();
    for (const auto& e : o.value(QStringLiteral("examples")).toArray())
        p.examples.append({e.toObject().value(QStringLiteral("user")).toString(),
                           e.toObject().value(QStringLiteral("assistant")).toString()});
    return p;
}

} // namespace

AppSettings::AppSettings(const QString& iniPath, QObject* parent)
    : QObject(parent),
      settings_(iniPath.isEmpty()
                    ? std::make_unique<QSettings>(QStringLiteral("RWKV Studio"), QStringLiteral("RWKV Studio"))
                    : std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{
}

QByteArray AppSettings::windowGeometry() const { return settings_->value(kGeometry).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& g) { settings_->setValue(kGeometry, g); }
QByteArray AppSettings::windowState() const { return settings_->value(kState).toByteArray(); }
void AppSettings::setWindowState(const QByteArray& s) { settings_->setValue(kState, s); }
QString AppSettings::currentPane() const { return settings_->value(kPane, QStringLiteral("chat")).toString(); }
void AppSettings::setCurrentPane(const QString& pane) { settings_->setValue(kPane, pane); }

QByteArray AppSettings::paneState(const QString& key) const
{
    return settings_->value(QStringLiteral("panes/") + key).toByteArray();
}

void AppSettings::setPaneState(const QString& key, const QByteArray& state)
{
    settings_->setValue(QStringLiteral("panes/") + key, state);
}

ThemeChoice AppSettings::theme() const
{
    const QString t = settings_->value(kTheme).toString();
    return t == QLatin1String("light") ? ThemeChoice::Light
        : t == QLatin1String("dark")   ? ThemeChoice::Dark
                                       : ThemeChoice::System;
}

void AppSettings::setTheme(ThemeChoice theme)
{
    static const char* names[] = {"system", "light", "dark"};
    settings_->setValue(kTheme, QString::fromLatin1(names[int(theme)]));
    emit themeChanged(theme);
}

QString AppSettings::language() const
{
    return settings_->value(kLanguage).toString();
}

void AppSettings::setLanguage(const QString& code)
{
    if (code == language())
        return;
    settings_->setValue(kLanguage, code);
    emit languageChanged(code);
}

QList<ModelEntry> AppSettings::models() const
{
    QList<ModelEntry> out;
    const auto array = QJsonDocument::fromJson(settings_->value(kModels).toByteArray()).array();
    for (const auto& v : array) {
        const auto o = v.toObject();
        out.append({o.value(QStringLiteral("path")).toString(), o.value(QStringLiteral("tokenizer")).toString(),
                    o.value(QStringLiteral("weights")).toString()});
    }
    return out;
}

void AppSettings::setModels(const QList<ModelEntry>& models)
{
    QJsonArray array;
    for (const auto& m : models)
        array.append(QJsonObject{{QStringLiteral("path"), m.path}, {QStringLiteral("tokenizer"), m.tokenizerSpec},
                                 {QStringLiteral("weights"), m.weightFormat}});
    settings_->setValue(kModels, QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString AppSettings::lastLoadedModel() const { return settings_->value(kLastModel).toString(); }
void AppSettings::setLastLoadedModel(const QString& path) { settings_->setValue(kLastModel, path); }
bool AppSettings::loadLastModelOnStart() const { return settings_->value(kLoadLast, true).toBool(); }
void AppSettings::setLoadLastModelOnStart(bool on) { settings_->setValue(kLoadLast, on); }

QString AppSettings::computeDevice() const
{
    return settings_->value(kComputeDevice, QStringLiteral("auto")).toString();
}

void AppSettings::setComputeDevice(const QString& device)
{
    if (device == computeDevice())
        return;
    settings_->setValue(kComputeDevice, device);
    emit computeDeviceChanged(device);
}

AppSettings::ApiServerSettings AppSettings::apiServer() const
{
    ApiServerSettings s;
    s.enabled = settings_->value(QStringLiteral("apiServer/enabled"), false).toBool();
    s.port = settings_->value(QStringLiteral("apiServer/port"), 8000).toInt();
    s.apiKey = settings_->value(QStringLiteral("apiServer/key")).toString();
    s.allowNetwork = settings_->value(QStringLiteral("apiServer/allowNetwork"), false).toBool();
    return s;
}

void AppSettings::setApiServer(const ApiServerSettings& server)
{
    if (server == apiServer())
        return;
    settings_->setValue(QStringLiteral("apiServer/enabled"), server.enabled);
    settings_->setValue(QStringLiteral("apiServer/port"), server.port);
    settings_->setValue(QStringLiteral("apiServer/key"), server.apiKey);
    settings_->setValue(QStringLiteral("apiServer/allowNetwork"), server.allowNetwork);
    emit apiServerChanged();
}

SamplingParams AppSettings::chatSampling() const
{
    return SamplingParams::fromMap(settings_->value(kChatSampling).toMap(), SamplingParams::chatDefaults());
}

void AppSettings::setChatSampling(const SamplingParams& params)
{
    settings_->setValue(kChatSampling, params.toMap());
    emit chatSamplingChanged();
}

SamplingParams AppSettings::writeSampling() const
{
    return SamplingParams::fromMap(settings_->value(kWriteSampling).toMap(), SamplingParams::writerDefaults());
}

void AppSettings::setWriteSampling(const SamplingParams& params) { settings_->setValue(kWriteSampling, params.toMap()); }

QList<PersonaPreset> AppSettings::builtInPersonas()
{
    return presets::personas();
}

QList<PersonaPreset> AppSettings::personas() const
{
    const auto array = QJsonDocument::fromJson(settings_->value(kPersonas).toByteArray()).array();
    QList<PersonaPreset> out;
    for (const auto& v : array)
        out.append(personaFromJson(v.toObject()));
    return out.isEmpty() ? builtInPersonas() : out;
}

void AppSettings::setPersonas(const QList<PersonaPreset>& personas)
{
    QJsonArray array;
    for (const auto& p : personas)
        array.append(personaToJson(p));
    settings_->setValue(kPersonas, QJsonDocument(array).toJson(QJsonDocument::Compact));
    emit personasChanged();
}

QString AppSettings::databasePath() const
{
    const QString fallback =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/studio.sqlite");
    return settings_->value(kDatabase, fallback).toString();
}

void AppSettings::setDatabasePath(const QString& path) { settings_->setValue(kDatabase, path); }

AppSettings::DownloadSettings AppSettings::downloads() const
{
    DownloadSettings d;
    d.modelsFolder = settings_->value(kModelsFolder,
                                      QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                          + QStringLiteral("/models")).toString();
    d.mirror = settings_->value(kMirror, QStringLiteral("https://huggingface.co")).toString();
    d.useSystemProxy = settings_->value(kSystemProxy, true).toBool();
    return d;
}

void AppSettings::setDownloads(const DownloadSettings& downloads)
{
    if (downloads == this->downloads())
        return;
    settings_->setValue(kModelsFolder, downloads.modelsFolder);
    settings_->setValue(kMirror, downloads.mirror);
    settings_->setValue(kSystemProxy, downloads.useSystemProxy);
    emit downloadsChanged();
}

QByteArray AppSettings::pendingDownloads() const { return settings_->value(kPendingDownloads).toByteArray(); }
void AppSettings::setPendingDownloads(const QByteArray& json) { settings_->setValue(kPendingDownloads, json); }
QByteArray AppSettings::catalogListings() const { return settings_->value(kListings).toByteArray(); }
void AppSettings::setCatalogListings(const QByteArray& json) { settings_->setValue(kListings, json); }
double AppSettings::measuredBandwidth() const { return settings_->value(kBandwidth, 0.0).toDouble(); }
void AppSettings::setMeasuredBandwidth(double gbs) { settings_->setValue(kBandwidth, gbs); }

qint64 AppSettings::stateBudget() const { return settings_->value(kStateBudget, qint64(4) << 30).toLongLong(); }

void AppSettings::setStateBudget(qint64 bytes)
{
    if (bytes == stateBudget())
        return;
    settings_->setValue(kStateBudget, bytes);
    emit stateBudgetChanged();
}
