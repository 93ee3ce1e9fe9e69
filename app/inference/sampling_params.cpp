#include "app/inference/sampling_params.h"

#include "app/settings/preset_library.h"

SamplingParams SamplingParams::chatDefaults()
{
    return presets::chatSampling();
}

SamplingParams SamplingParams::writerDefaults()
{
    return presets::writeSampling();
}

QVariantMap SamplingParams::toMap() const
{
    return {
        {QStringLiteral("temperature"), temperature},
        {QStringLiteral("topP"), topP},
        {QStringLiteral("topK"), topK},
        {QStringLiteral("presencePenalty"), presencePenalty},
        {QStringLiteral("frequencyPenalty"), frequencyPenalty},
        {QStringLiteral("penaltyDecay"), penaltyDecay},
        {QStringLiteral("maxTokens"), maxTokens},
        {QStringLiteral("seed"), QString::number(seed)},
        {QStringLiteral("keepWriting"), keepWriting},
    };
}

SamplingParams SamplingParams::fromMap(const QVariantMap& map, const SamplingParams& fallback)
{
    SamplingParams p = fallback;
    p.temperature = map.value(QStringLiteral("temperature"), p.temperature).toDouble();
    p.topP = map.value(QStringLiteral("topP"), p.topP).toDouble();
    p.topK = map.value(QStringLiteral("topK"), p.topK).toInt();
    p.presencePenalty = map.value(QStringLiteral("presencePenalty"), p.presencePenalty).toDouble();
    p.frequencyPenalty = map.value(QStringLiteral("frequencyPenalty"), p.frequencyPenalty).toDouble();
    p.penaltyDecay = map.value(QStringLiteral("penaltyDecay"), p.penaltyDecay).toDouble();
    p.maxTokens = map.value(QStringLiteral("maxTokens"), p.maxTokens).toInt();
    p.seed = map.value(QStringLiteral("seed"), QString::number(p.seed)).toString().toULongLong();
    p.keepWriting = map.value(QStringLiteral("keepWriting"), p.keepWriting).toBool();
    return p;
}
