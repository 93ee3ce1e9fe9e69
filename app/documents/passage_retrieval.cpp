#include "app/documents/passage_retrieval.h"

#include <algorithm>

QList<PassageHit> cosineRanking(const PassageVectors& vectors, const QVector<float>& query, int limit)
{
    QList<PassageHit> hits;
    if (vectors.dimensions != query.size())
        return hits;
    hits.reserve(vectors.ids.size());
    const float* q = query.constData();
    for (qsizetype i = 0; i < vectors.ids.size(); ++i) {
        const float* v = vectors.row(i);
        // Eight running sums, so the compiler can keep them in one vector register.
        float sums[8] = {};
        int j = 0;
        for (; j + 8 <= vectors.dimensions; j += 8)
            for (int k = 0; k < 8; ++k)
                sums[k] += v[j + k] * q[j + k];
        float dot = 0.0f;
        for (; j < vectors.dimensions; ++j)
            dot += v[j] * q[j];
        for (float part : sums)
            dot += part;
        hits.append({vectors.ids[i], double(dot)});
    }
    const auto better = [](const PassageHit& a, const PassageHit& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    };
    const qsizetype n = std::min<qsizetype>(limit, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + n, hits.end(), better);
    hits.resize(n);
    return hits;
}

QList<PassageHit> reciprocalRankFusion(const QList<QList<PassageHit>>& rankings, int k)
{
    QHash<PassageId, double> scores;
    QList<PassageId> order; // first appearance
    for (const QList<PassageHit>& ranking : rankings)
        for (qsizetype rank = 0; rank < ranking.size(); ++rank) {
            const PassageId id = ranking[rank].id;
            if (!scores.contains(id))
                order.append(id);
            scores[id] += 1.0 / double(k + rank + 1);
        }
    QList<PassageHit> fused;
    for (PassageId id : order)
        fused.append({id, scores.value(id)});
    std::stable_sort(fused.begin(), fused.end(), [](const PassageHit& a, const PassageHit& b) { return a.score > b.score; });
    return fused;
}
