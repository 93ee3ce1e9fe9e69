#include "app/finetune/finetune_request.h"

#include "app/settings/preset_library.h"

#include <QJsonArray>

namespace {

// The request's defaults with the fields the shipped preset `name` sets (presets.json).
FinetuneRequest fromPreset(const QString& name)
{
    QJsonObject json = FinetuneRequest{}.toJson();
    const QJsonObject preset = presets::finetune(name);
    for (auto it = preset.begin(); it != preset.end(); ++it)
        json.insert(it.key(), it.value());
    return FinetuneRequest::fromJson(json);
}

} // namespace

FinetuneRequest FinetuneRequest::styleDefaults()
{
    return fromPreset(QStringLiteral("style"));
}

// State tuning trains at far larger rates than weights (RWKV-PEFT's defaults): lr 1 to 0.01.
FinetuneRequest FinetuneRequest::personaDefaults()
{
    return fromPreset(QStringLiteral("persona"));
}

QString FinetuneRequest::methodName(Method m)
{
    switch (m) {
    case Method::Lora:
        return QStringLiteral("lora");
    case Method::State:
        return QStringLiteral("state");
    case Method::Full:
        return QStringLiteral("full");
    }
    return QStringLiteral("lora");
}

QJsonObject FinetuneRequest::toJson() const
{
    return {{"baseModel", baseModel},
            {"tokenizer", tokenizer},
            {"data", QJsonArray::fromStringList(data)},
            {"method", methodName(method)},
            {"rank", loraRank},
            {"alpha", loraAlpha},
            {"trainLn", trainLayerNorms},
            {"loraDropout", loraDropout},
            {"lr", lr},
            {"lrFinal", lrFinal},
            {"warmup", warmupSteps},
            {"steps", steps},
            {"epochs", epochs},
            {"ctx", ctx},
            {"batch", batch},
            {"accumulate", accumulate},
            {"clip", clip},
            {"seed", QString::number(seed)},
            {"validationFraction", validationFraction},
            {"baseWeights", baseWeights},
            {"sampleEvery", sampleEvery},
            {"samplePrompt", samplePrompt}};
}

FinetuneRequest FinetuneRequest::fromJson(const QJsonObject& j)
{
    FinetuneRequest r;
    r.baseModel = j.value("baseModel").toString();
    r.tokenizer = j.value("tokenizer").toString();
    for (const QJsonValue& d : j.value("data").toArray())
        r.data << d.toString();
    const QString method = j.value("method").toString();
    r.method = method == QLatin1String("state") ? Method::State : method == QLatin1String("full") ? Method::Full : Method::Lora;
    r.loraRank = j.value("rank").toInt(r.loraRank);
    r.loraAlpha = j.value("alpha").toDouble(r.loraAlpha);
    r.trainLayerNorms = j.value("trainLn").toBool();
    r.loraDropout = j.value("loraDropout").toDouble(0.0);
    r.lr = j.value("lr").toDouble(r.lr);
    r.lrFinal = j.value("lrFinal").toDouble(r.lrFinal);
    r.warmupSteps = j.value("warmup").toInt();
    r.steps = j.value("steps").toInt();
    r.epochs = j.value("epochs").toDouble(r.epochs);
    r.ctx = j.value("ctx").toInt(r.ctx);
    r.batch = j.value("batch").toInt(r.batch);
    r.accumulate = j.value("accumulate").toInt(r.accumulate);
    r.clip = j.value("clip").toDouble(r.clip);
    r.seed = j.value("seed").toString(QString::number(r.seed)).toULongLong();
    r.validationFraction = j.value("validationFraction").toDouble(r.validationFraction);
    // Runs saved before the choice existed trained on float32 weights; a resume must too.
    r.baseWeights = j.value("baseWeights").toString(QStringLiteral("f32"));
    r.sampleEvery = j.value("sampleEvery").toInt(r.sampleEvery);
    r.samplePrompt = j.value("samplePrompt").toString();
    return r;
}
