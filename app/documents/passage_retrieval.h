// The ranking steps of document search that need no database or model: cosine similarity over
// the stored vectors, and reciprocal-rank fusion of several rankings (RRF: each list gives
// 1 / (k + rank) to the items it ranks, rank counted from 1; k = 60 as in Cormack et al. 2009),
// which needs no tuning between BM25 scores and cosines that are on different scales.
#pragma once

#include "app/store/document_index.h"

#include <QHash>
#include <QList>
#include <QVector>

inline constexpr int kRrfK = 60;

// Every vector of `vectors` ranked by cosine with `query` (unit vectors), best first; at most
// `limit`. A query of another width than the vectors ranks nothing.
QList<PassageHit> cosineRanking(const PassageVectors& vectors, const QVector<float>& query, int limit);

// The fused ranking of `rankings` (each best first), best first. Ties keep the order of first
// appearance, so the result is deterministic.
QList<PassageHit> reciprocalRankFusion(const QList<QList<PassageHit>>& rankings, int k = kRrfK);
