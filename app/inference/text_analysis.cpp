#include "app/inference/text_analysis.h"

#include "model/embedding.h"
#include "tokenizer/tokenizer.h"

#include <algorithm>

void analyseText(const rwkv::Model& model, const rwkv::Tokenizer& tokenizer, const AnalysisRequest& request,
                 qsizetype index, AnalysisResult& result)
{
    const std::vector<int32_t> tokens = tokenizer.encode(request.texts[index].toStdString());
    if (request.kind == AnalysisRequest::Kind::Embed) {
        rwkv::EmbedOptions options;
        options.window = size_t(std::max(1, request.window));
        const std::vector<float> v = rwkv::embed(model, tokens, options);
        result.vectors.append(QVector<float>(v.begin(), v.end()));
        result.tokens += qint64(tokens.size()) + qint64(std::max<size_t>(1, (tokens.size() + options.window - 1) / options.window));
        return;
    }
    const std::vector<int32_t> continuation = tokenizer.encode(request.continuations.value(index).toStdString());
    result.scores.append(rwkv::meanLogProbability(model, tokens, continuation));
    result.tokens += qint64(tokens.size() + continuation.size());
}
