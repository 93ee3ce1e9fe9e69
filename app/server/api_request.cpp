#include "app/server/api_request.h"

#include "tokenizer/tokenizer.h"

#include <QJsonArray>

#include <cmath>
#include <random>

namespace api_request {

namespace {

constexpr int kMaxChoices = 16;
constexpr int kMaxStops = 16;
constexpr int kMaxTokensLimit = 1 << 20;
constexpr int kMaxEmbeddingInputs = 2048;

// Fills `error` and returns nullopt, so checks read as one line each.
std::nullopt_t fail(ApiError& error, const QString& param, const QString& message)
{
    error.status = 400;
    error.param = param;
    error.message = message;
    return std::nullopt;
}

std::vector<int32_t> tokens(const rwkv::Tokenizer& tokenizer, const QString& text)
{
    return tokenizer.encode(text.toStdString());
}

// A JSON number within [low, high] into `out`; absent or null keeps `out`.
bool number(const QJsonObject& body, const QString& name, double low, double high, double& out, ApiError& error)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < low || v.toDouble() > high) {
        fail(error, name, QStringLiteral("'%1' must be a number from %2 to %3.").arg(name).arg(low).arg(high));
        return false;
    }
    out = v.toDouble();
    return true;
}

bool integer(const QJsonObject& body, const QString& name, double low, double high, double& out, ApiError& error)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < low || v.toDouble() > high) {
        fail(error, name, QStringLiteral("'%1' must be a whole number from %2 to %3.").arg(name).arg(low).arg(high));
        return false;
    }
    out = v.toDouble();
    return true;
}

// A message's content: a string, null, or OpenAI's array of {"type": "text", "text": …} parts.
std::optional<QString> contentText(const QJsonValue& content, const QString& param, ApiError& error)
{
    if (content.isNull() || content.isUndefined())
        return QString();
    if (content.isString())
        return content.toString();
    if (!content.isArray())
        return fail(error, param, QStringLiteral("A message's content must be a string or an array of text parts."));
    QString text;
    for (const QJsonValue& part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (!part.isObject() || p.value(QStringLiteral("type")).toString() != QLatin1String("text") ||
            !p.value(QStringLiteral("text")).isString())
            return fail(error, param, QStringLiteral("Only text parts ({\"type\": \"text\", \"text\": …}) are supported."));
        text += p.value(QStringLiteral("text")).toString();
    }
    return text;
}

std::optional<ThinkMode> thinkMode(const QJsonObject& body, ApiError& error)
{
    const QJsonValue v = body.value(QStringLiteral("think"));
    if (v.isUndefined() || v.isNull())
        return ThinkMode::Off;
    if (v.isBool())
        return v.toBool() ? ThinkMode::Think : ThinkMode::Off;
    const QString s = v.toString();
    if (s == QLatin1String("off"))
        return ThinkMode::Off;
    if (s == QLatin1String("think"))
        return ThinkMode::Think;
    if (s == QLatin1String("fast"))
        return ThinkMode::Fast;
    return fail(error, QStringLiteral("think"), QStringLiteral("'think' must be true, false, \"off\", \"think\" or \"fast\"."));
}

// Sampling knobs shared by both generation endpoints, with RWKV-Runner's chat defaults.
bool sampling(const QJsonObject& body, int vocab, rwkv::SamplerSettings& s, ApiError& error)
{
    double temperature = 1.0, topP = 0.3, presence = 0.0, frequency = 1.0, decay = 0.996, topK = 0, minP = 0;
    if (!number(body, QStringLiteral("temperature"), 0, 2, temperature, error) ||
        !number(body, QStringLiteral("top_p"), 0, 1, topP, error) ||
        !number(body, QStringLiteral("presence_penalty"), -2, 2, presence, error) ||
        !number(body, QStringLiteral("frequency_penalty"), -2, 2, frequency, error) ||
        !number(body, QStringLiteral("penalty_decay"), 0, 1, decay, error) ||
        !integer(body, QStringLiteral("top_k"), 0, vocab, topK, error) ||
        !number(body, QStringLiteral("min_p"), 0, 1, minP, error))
        return false;
    s.temperature = float(temperature);
    s.topP = topP <= 0 ? 1e-6f : float(topP);
    s.presencePenalty = float(presence);
    s.frequencyPenalty = float(frequency);
    s.penaltyDecay = float(decay);
    s.topK = int(topK);
    s.minP = float(minP);

    const QJsonValue seed = body.value(QStringLiteral("seed"));
    if (seed.isUndefined() || seed.isNull()) {
        s.seed = std::random_device{}() | (uint64_t(std::random_device{}()) << 32);
    } else {
        double value = 0;
        if (!integer(body, QStringLiteral("seed"), -9007199254740991.0, 9007199254740991.0, value, error))
            return false;
        s.seed = uint64_t(int64_t(value));
    }

    const QJsonValue bias = body.value(QStringLiteral("logit_bias"));
    if (!bias.isUndefined() && !bias.isNull()) {
        if (!bias.isObject()) {
            fail(error, QStringLiteral("logit_bias"), QStringLiteral("'logit_bias' must map token ids to numbers."));
            return false;
        }
        const QJsonObject map = bias.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            bool ok = false;
            const int id = it.key().toInt(&ok);
            if (!ok || id < 0 || id >= vocab || !it.value().isDouble() || std::abs(it.value().toDouble()) > 100) {
                fail(error, QStringLiteral("logit_bias"),
                     QStringLiteral("'logit_bias' maps token ids (0 to %1) to numbers from -100 to 100; '%2' does not fit.")
                         .arg(vocab - 1)
                         .arg(it.key()));
                return false;
            }
            s.logitBias[int32_t(id)] = float(it.value().toDouble());
        }
    }
    return true;
}

bool stops(const QJsonObject& body, std::vector<std::string>& out, ApiError& error)
{
    const QJsonValue v = body.value(QStringLiteral("stop"));
    if (v.isUndefined() || v.isNull())
        return true;
    QJsonArray list;
    if (v.isString())
        list.append(v);
    else if (v.isArray())
        list = v.toArray();
    if ((!v.isString() && !v.isArray()) || list.size() > kMaxStops) {
        fail(error, QStringLiteral("stop"), QStringLiteral("'stop' must be a string or an array of at most %1 strings.").arg(kMaxStops));
        return false;
    }
    for (const QJsonValue& s : list) {
        if (!s.isString()) {
            fail(error, QStringLiteral("stop"), QStringLiteral("Every stop sequence must be a string."));
            return false;
        }
        if (!s.toString().isEmpty())
            out.push_back(s.toString().toStdString());
    }
    return true;
}

} // namespace

std::vector<int32_t> chatPrompt(const QList<QPair<QString, QString>>& messages, ThinkMode think,
                                const rwkv::Tokenizer& tokenizer)
{
    std::vector<int32_t> out;
    auto add = [&](const QString& segment) {
        const auto t = tokens(tokenizer, segment);
        out.insert(out.end(), t.begin(), t.end());
    };
    for (const auto& [role, content] : messages) {
        if (role == QLatin1String("user")) {
            add(chat_prompt::userSegment(content));
        } else if (role == QLatin1String("assistant")) {
            add(chat_prompt::replyPrefix(ThinkMode::Off));
            add(QStringLiteral(" ") + chat_prompt::cleanTurn(content) + QStringLiteral("\n\n"));
        } else {
            add(chat_prompt::systemSegment(content));
        }
    }
    add(chat_prompt::replyPrefix(think));
    return out;
}

std::optional<GenerationCall> parseGeneration(const QJsonObject& body, bool chat, const rwkv::Tokenizer& tokenizer,
                                              int vocab, ApiError& error)
{
    GenerationCall call;
    call.chat = chat;
    const QJsonValue model = body.value(QStringLiteral("model"));
    if (!model.isUndefined() && !model.isString())
        return fail(error, QStringLiteral("model"), QStringLiteral("'model' must be a string."));
    call.model = model.toString();

    const QJsonValue stream = body.value(QStringLiteral("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool())
        return fail(error, QStringLiteral("stream"), QStringLiteral("'stream' must be true or false."));
    call.stream = stream.toBool();
    call.includeUsage = body.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool();

    CompletionRequest& r = call.request;
    if (!sampling(body, vocab, r.sampling, error) || !stops(body, r.stopStrings, error))
        return std::nullopt;
    double maxTokens = chat ? 1000 : 256, n = 1;
    const QString maxName = body.contains(QStringLiteral("max_completion_tokens")) ? QStringLiteral("max_completion_tokens")
                                                                                    : QStringLiteral("max_tokens");
    if (!integer(body, maxName, 1, kMaxTokensLimit, maxTokens, error) ||
        !integer(body, QStringLiteral("n"), 1, kMaxChoices, n, error))
        return std::nullopt;
    r.maxTokens = int(maxTokens);
    r.choices = int(n);
    const QJsonValue logprobs = body.value(QStringLiteral("logprobs"));
    if (!logprobs.isUndefined() && !logprobs.isNull() && logprobs != QJsonValue(false))
        return fail(error, QStringLiteral("logprobs"), QStringLiteral("Log probabilities are not available from this server."));

    if (chat) {
        const auto think = thinkMode(body, error);
        if (!think)
            return std::nullopt;
        call.think = *think;
        const QJsonValue messages = body.value(QStringLiteral("messages"));
        if (!messages.isArray() || messages.toArray().isEmpty())
            return fail(error, QStringLiteral("messages"), QStringLiteral("'messages' must be a non-empty array of messages."));
        QList<QPair<QString, QString>> turns;
        int i = 0;
        for (const QJsonValue& m : messages.toArray()) {
            const QString param = QStringLiteral("messages[%1]").arg(i++);
            const QJsonObject msg = m.toObject();
            const QString role = msg.value(QStringLiteral("role")).toString();
            if (!m.isObject() || (role != QLatin1String("system") && role != QLatin1String("developer") &&
                                  role != QLatin1String("user") && role != QLatin1String("assistant")))
                return fail(error, param, QStringLiteral("Each message needs a role: system, developer, user or assistant."));
            const auto text = contentText(msg.value(QStringLiteral("content")), param, error);
            if (!text)
                return std::nullopt;
            turns.append({role, *text});
        }
        r.prompt = chatPrompt(turns, call.think, tokenizer);
        for (const QString& s : chat_prompt::stopStrings())
            r.stopStrings.push_back(s.toStdString());
        r.stopArmedBy = chat_prompt::stopArmedBy(call.think).toStdString();
    } else {
        QJsonValue prompt = body.value(QStringLiteral("prompt"));
        if (prompt.isArray() && prompt.toArray().size() == 1 && prompt.toArray().first().isString())
            prompt = prompt.toArray().first();
        if (prompt.isString()) {
            r.prompt = tokens(tokenizer, prompt.toString());
        } else if (prompt.isArray() && !prompt.toArray().isEmpty() && prompt.toArray().first().isDouble()) {
            for (const QJsonValue& t : prompt.toArray()) {
                if (!t.isDouble() || t.toDouble() != std::floor(t.toDouble()) || t.toDouble() < 0 || t.toDouble() >= vocab)
                    return fail(error, QStringLiteral("prompt"), QStringLiteral("A prompt of token ids needs whole numbers from 0 to %1.").arg(vocab - 1));
                r.prompt.push_back(int32_t(t.toDouble()));
            }
        } else {
            return fail(error, QStringLiteral("prompt"), QStringLiteral("'prompt' must be a string (one prompt per request)."));
        }
        if (r.prompt.empty())
            r.prompt.push_back(0); // an empty prompt starts a new document, as token 0 does
    }
    return call;
}

std::optional<EmbeddingCall> parseEmbeddings(const QJsonObject& body, const rwkv::Tokenizer& tokenizer, int vocab,
                                             ApiError& error)
{
    EmbeddingCall call;
    const QJsonValue model = body.value(QStringLiteral("model"));
    if (!model.isUndefined() && !model.isString())
        return fail(error, QStringLiteral("model"), QStringLiteral("'model' must be a string."));
    call.model = model.toString();
    const QString format = body.value(QStringLiteral("encoding_format")).toString(QStringLiteral("float"));
    if (format != QLatin1String("float") && format != QLatin1String("base64"))
        return fail(error, QStringLiteral("encoding_format"), QStringLiteral("'encoding_format' must be \"float\" or \"base64\"."));
    call.base64 = format == QLatin1String("base64");
    const QJsonValue input = body.value(QStringLiteral("input"));
    auto tokenList = [&](const QJsonArray& a) -> std::optional<std::vector<int32_t>> {
        std::vector<int32_t> t;
        for (const QJsonValue& v : a) {
            if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < 0 || v.toDouble() >= vocab)
                return std::nullopt;
            t.push_back(int32_t(v.toDouble()));
        }
        return t;
    };
    const QString bad = QStringLiteral("'input' must be a string, an array of strings, or token ids (0 to %1).").arg(vocab - 1);
    if (input.isString()) {
        call.inputs.append(tokens(tokenizer, input.toString()));
    } else if (input.isArray() && !input.toArray().isEmpty()) {
        const QJsonArray a = input.toArray();
        if (a.first().isDouble()) {
            auto t = tokenList(a);
            if (!t)
                return fail(error, QStringLiteral("input"), bad);
            call.inputs.append(*t);
        } else {
            for (const QJsonValue& v : a) {
                if (v.isString()) {
                    call.inputs.append(tokens(tokenizer, v.toString()));
                } else if (v.isArray()) {
                    auto t = tokenList(v.toArray());
                    if (!t)
                        return fail(error, QStringLiteral("input"), bad);
                    call.inputs.append(*t);
                } else {
                    return fail(error, QStringLiteral("input"), bad);
                }
            }
        }
    } else {
        return fail(error, QStringLiteral("input"), bad);
    }
    if (call.inputs.size() > kMaxEmbeddingInputs)
        return fail(error, QStringLiteral("input"), QStringLiteral("At most %1 inputs per request.").arg(kMaxEmbeddingInputs));
    return call;
}

} // namespace api_request
