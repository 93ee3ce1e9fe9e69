// Reads the official package's outputs in fixtures/reference (see ../shared/README.md): the prompt
// tokens, logits [T, V] after each token, the greedy continuation and the state after the prompt.
#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <vector>

namespace rwkvtest {

struct ReferenceRun {
    std::vector<int32_t> tokens;
    std::vector<int32_t> greedy;
    std::vector<float> logits; // [T, V]
    std::vector<float> state;
    int vocab = 0;
};

inline std::vector<float> readFloats(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = f.readAll();
    std::vector<float> out(size_t(bytes.size()) / sizeof(float));
    std::memcpy(out.data(), bytes.constData(), out.size() * sizeof(float));
    return out;
}

inline QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline std::vector<int32_t> intArray(const QJsonValue& v)
{
    std::vector<int32_t> out;
    for (const QJsonValue& e : v.toArray())
        out.push_back(int32_t(e.toInt()));
    return out;
}

// `dir` is fixtures/reference, `name` a model name from index.json.
inline ReferenceRun readReference(const QString& dir, const QString& name)
{
    ReferenceRun r;
    QJsonObject j = readJson(dir + "/" + name + ".json");
    r.tokens = intArray(j["tokens"]);
    r.greedy = intArray(j["greedy_continuation"]);
    r.vocab = j["logits_shape"].toArray().at(1).toInt();
    r.logits = readFloats(dir + "/" + name + ".logits.f32");
    r.state = readFloats(dir + "/" + name + ".state.f32");
    return r;
}

struct ErrorStats {
    double max = 0;
    double mean = 0;
};

inline ErrorStats compare(const float* a, const float* b, size_t n)
{
    ErrorStats s;
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        double d = std::abs(double(a[i]) - double(b[i]));
        s.max = std::max(s.max, d);
        sum += d;
    }
    s.mean = n ? sum / double(n) : 0;
    return s;
}

} // namespace rwkvtest
