// The OpenAI-shaped request bodies the API server accepts, checked field by field and turned into
// what the scheduler runs: /v1/chat/completions (messages formatted with the Chat pane's
// template, think mode as there), /v1/completions and /v1/embeddings. A body that does not fit
// gives an ApiError naming the field, which the server answers with 400.
#pragma once

#include "app/chat/chat_prompt.h"
#include "app/server/completion_scheduler.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace rwkv {
class Tokenizer;
}

struct ApiError {
    ApiError(int status = 400, const QString& message = {}, const QString& param = {}, const QString& type = {},
             const QString& code = {})
        : status(status), message(message), param(param), type(type), code(code)
    {
    }
    int status;
    QString message;
    QString param; // the offending field, when there is one
    QString type;  // empty: by status (http_response::errorBody)
    QString code;
};

struct GenerationCall {
    bool chat = false;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage
    QString model;             // as the client named it (echoed back)
    ThinkMode think = ThinkMode::Off;
    CompletionRequest request;
};

struct EmbeddingCall {
    QString model;
    QList<std::vector<int32_t>> inputs;
    bool base64 = false; // encoding_format "base64": little-endian float32, as OpenAI sends
};

namespace api_request {

// Both return the call or fill `error`. `vocab` is the model's vocabulary size (token ids and
// logit_bias keys are checked against it).
std::optional<GenerationCall> parseGeneration(const QJsonObject& body, bool chat, const rwkv::Tokenizer& tokenizer,
                                              int vocab, ApiError& error);
std::optional<EmbeddingCall> parseEmbeddings(const QJsonObject& body, const rwkv::Tokenizer& tokenizer, int vocab,
                                             ApiError& error);

// The tokens of a chat: one segment per message (an assistant message as "Assistant:" and its
// text, so a reply generated here and sent back in the next turn gives the same tokens the
// state cache holds), then the reply prefix for `think`.
std::vector<int32_t> chatPrompt(const QList<QPair<QString, QString>>& messages, ThinkMode think,
                                const rwkv::Tokenizer& tokenizer);

} // namespace api_request
