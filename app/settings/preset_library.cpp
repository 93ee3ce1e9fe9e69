#include "app/settings/preset_library.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

namespace presets {
namespace {

struct Source {
    QMutex mutex;
    QString path = QStringLiteral(":/presets/presets.json");
    bool read = false;
    QJsonObject root;
    QString error;
};

Source& source()
{
    static Source s;
    return s;
}

QJsonObject root()
{
    Source& s = source();
    QMutexLocker lock(&s.mutex);
    if (!s.read) {
        s.read = true;
        QFile file(s.path);
        QJsonParseError parse{};
        if (!file.open(QIODevice::ReadOnly)) {
            s.error = QStringLiteral("The presets file %1 could not be read: %2").arg(s.path, file.errorString());
        } else {
            const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
            if (parse.error != QJsonParseError::NoError || !doc.isObject())
                s.error = QStringLiteral("The presets file %1 is not valid JSON: %2").arg(s.path, parse.errorString());
            else
                s.root = doc.object();
        }
    }
    return s.root;
}

SamplingParams sampling(const QJsonObject& overrides, const SamplingParams& base)
{
    return SamplingParams::fromMap(overrides.toVariantMap(), base);
}

} // namespace

void setSource(const QString& path)
{
    Source& s = source();
    QMutexLocker lock(&s.mutex);
    s.path = path.isEmpty() ? QStringLiteral(":/presets/presets.json") : path;
    s.read = false;
    s.root = {};
    s.error.clear();
}

bool loaded(QString* error)
{
    root();
    Source& s = source();
    QMutexLocker lock(&s.mutex);
    if (error)
        *error = s.error;
    return s.error.isEmpty();
}

SamplingParams chatSampling()
{
    return sampling(root().value(QStringLiteral("sampling")).toObject().value(QStringLiteral("chat")).toObject(), {});
}

SamplingParams writeSampling()
{
    return sampling(root().value(QStringLiteral("sampling")).toObject().value(QStringLiteral("write")).toObject(), {});
}

QList<WritingPreset> writing()
{
    const SamplingParams base = writeSampling();
    QList<WritingPreset> out;
    for (const QJsonValue& v : root().value(QStringLiteral("writing")).toArray()) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("name")).toString(), sampling(o.value(QStringLiteral("sampling")).toObject(), base)});
    }
    return out;
}

QList<PersonaPreset> personas()
{
    QList<PersonaPreset> out;
    for (const QJsonValue& v : root().value(QStringLiteral("personas")).toArray()) {
        const QJsonObject o = v.toObject();
        PersonaPreset p;
        p.name = o.value(QStringLiteral("name")).toString();
        p.systemText = o.value(QStringLiteral("system")).toString();
        for (const QJsonValue& pair : o.value(QStringLiteral("examples")).toArray())
            p.examples.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
        if (!p.name.isEmpty())
            out.append(p);
    }
    if (out.isEmpty())
        out.append(PersonaPreset{QStringLiteral("Assistant"), {}, {}});
    return out;
}

QJsonObject finetune(const QString& name)
{
    return root().value(QStringLiteral("finetune")).toObject().value(name).toObject();
}

} // namespace presets
