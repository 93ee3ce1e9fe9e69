// Compression of state blobs for the store: zstd frames with the content size and a content
// checksum, so a damaged BLOB is reported as damaged instead of restoring garbage into a model.
#pragma once

#include "app/store/result.h"

#include <QByteArray>

namespace StateCompression {

// Compresses `raw` (any size, also empty). Fails only when zstd does (out of memory).
Result<QByteArray> compress(const QByteArray& raw);

// Decompresses a frame made by compress(). `expectedSize` is the raw size stored beside it; a
// frame that is malformed, fails its checksum or decodes to another size is Code::Corrupt.
Result<QByteArray> decompress(const QByteArray& compressed, qint64 expectedSize);

} // namespace StateCompression
