#include "model/embedding.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>

namespace rwkv {

std::vector<float> embed(const Model& model, std::span<const int32_t> tokens, const EmbedOptions& options,
                         const RunControl& control)
{
    if (options.window == 0)
        throw Error(ErrorCode::InvalidArgument, "the embedding window must hold at least one token");
    const size_t D = size_t(model.info().embd);
    std::vector<float> sum(D, 0.0f);
    std::vector<float> hidden(D);
    std::vector<int32_t> window;
    size_t done = 0;
    do {
        const size_t n = std::min(options.window, tokens.size() - done);
        window.assign(tokens.begin() + ptrdiff_t(done), tokens.begin() + ptrdiff_t(done + n));
        window.push_back(options.endToken);
        State state = model.newState();
        model.forward(state, window, LogitsMode::Hidden, hidden, control);
        for (size_t j = 0; j < D; ++j)
            sum[j] += hidden[j];
        done += n;
    } while (done < tokens.size());

    double norm = 0.0;
    for (float v : sum)
        norm += double(v) * double(v);
    norm = std::sqrt(norm);
    if (norm > 0.0)
        for (float& v : sum)
            v = float(double(v) / norm);
    return sum;
}

float cosine(std::span<const float> a, std::span<const float> b)
{
    if (a.size() != b.size())
        throw Error(ErrorCode::Mismatch, "vectors of " + std::to_string(a.size()) + " and " +
                                             std::to_string(b.size()) + " numbers cannot be compared");
    double dot = 0.0;
    for (size_t i = 0; i < a.size(); ++i)
        dot += double(a[i]) * double(b[i]);
    return float(dot);
}

double meanLogProbability(const Model& model, std::span<const int32_t> context, std::span<const int32_t> continuation,
                          const RunControl& control)
{
    if (continuation.empty())
        return 0.0;
    if (context.empty())
        throw Error(ErrorCode::InvalidArgument, "a continuation's probability needs some context before it");
    const size_t V = size_t(model.info().vocab);
    for (int32_t t : continuation)
        if (t < 0 || size_t(t) >= V)
            throw Error(ErrorCode::InvalidArgument, "token id " + std::to_string(t) + " is outside the vocabulary");
    State state = model.newState();
    // Only the rows that predict the continuation need the head: the context's last token and
    // every continuation token but the last.
    model.forward(state, context.first(context.size() - 1), LogitsMode::None, {}, control);
    std::vector<int32_t> scored{context.back()};
    scored.insert(scored.end(), continuation.begin(), continuation.end() - 1);
    std::vector<float> logits(scored.size() * V);
    model.forward(state, scored, LogitsMode::All, logits, control);

    double total = 0.0;
    for (size_t t = 0; t < continuation.size(); ++t) {
        const float* row = logits.data() + t * V;
        const float top = *std::max_element(row, row + V);
        double z = 0.0;
        for (size_t v = 0; v < V; ++v)
            z += std::exp(double(row[v]) - double(top));
        total += double(row[size_t(continuation[t])]) - double(top) - std::log(z);
    }
    return total / double(continuation.size());
}

} // namespace rwkv
