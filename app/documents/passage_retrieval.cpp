#include "app/documents/passage_retrieval.h"

#include <algorithm>

QList<PassageHit> cosineRanking(const QHash<PassageId, QVector<float>>& vectors, const QVector<float>& query, int limit)
{
    QList<PassageHit> hits;
    hits.reserve(vectors.size());
    for (auto it = vectors.cbegin(); it != vectors.cend(); ++it) {
        const QVector<float>& v = it.value();
        if (v.size() != query.size())
            continue;
        float dot = 0.0f;
        for (qsizetype i = 0; i < v.size(); ++i)
            dot += v[i] * query[i];
        hits.append({it.key(), double(dot)});
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
