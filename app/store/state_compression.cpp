#include "app/store/state_compression.h"

#include <zstd.h>

#include <limits>
#include <memory>

namespace {

// Level 3 is zstd's default: model states are mostly float noise and compress little, so higher
// levels cost time on every message for almost no gain.
constexpr int kLevel = 3;

struct CCtxDeleter {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

StoreError damaged(const QString& detail)
{
    return StoreError(StoreError::Code::Corrupt,
                      QStringLiteral("A saved model state is damaged; it will be recomputed."),
                      detail);
}

} // namespace

Result<QByteArray> StateCompression::compress(const QByteArray& raw)
{
    std::unique_ptr<ZSTD_CCtx, CCtxDeleter> ctx(ZSTD_createCCtx());
    if (!ctx)
        return StoreError(StoreError::Code::Sql,
                          QStringLiteral("There is not enough memory to compress a model state."));
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, kLevel);
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_contentSizeFlag, 1);

    QByteArray out(qsizetype(ZSTD_compressBound(size_t(raw.size()))), Qt::Uninitialized);
    const size_t written = ZSTD_compress2(ctx.get(), out.data(), size_t(out.size()), raw.constData(),
                                          size_t(raw.size()));
    if (ZSTD_isError(written))
        return StoreError(StoreError::Code::Sql,
                          QStringLiteral("A model state could not be compressed."),
                          QString::fromUtf8(ZSTD_getErrorName(written)));
    out.truncate(qsizetype(written));
    return out;
}

Result<QByteArray> StateCompression::decompress(const QByteArray& compressed, qint64 expectedSize)
{
    if (expectedSize < 0 || expectedSize > qint64(std::numeric_limits<qsizetype>::max() / 2))
        return damaged(QStringLiteral("stored raw size %1 is impossible").arg(expectedSize));
    const unsigned long long frameSize =
        ZSTD_getFrameContentSize(compressed.constData(), size_t(compressed.size()));
    if (frameSize == ZSTD_CONTENTSIZE_ERROR || frameSize == ZSTD_CONTENTSIZE_UNKNOWN)
        return damaged(QStringLiteral("not a zstd frame with a content size"));
    // Checked before allocating, so a damaged header cannot make us allocate gigabytes.
    if (frameSize != (unsigned long long)expectedSize)
        return damaged(QStringLiteral("frame holds %1 bytes, %2 expected")
                           .arg(frameSize)
                           .arg(expectedSize));

    std::unique_ptr<ZSTD_DCtx, DCtxDeleter> ctx(ZSTD_createDCtx());
    if (!ctx)
        return StoreError(StoreError::Code::Sql,
                          QStringLiteral("There is not enough memory to load a model state."));
    QByteArray out(qsizetype(expectedSize), Qt::Uninitialized);
    const size_t read = ZSTD_decompressDCtx(ctx.get(), out.data(), size_t(out.size()),
                                            compressed.constData(), size_t(compressed.size()));
    if (ZSTD_isError(read))
        return damaged(QString::fromUtf8(ZSTD_getErrorName(read)));
    if (read != size_t(expectedSize))
        return damaged(QStringLiteral("decoded %1 bytes, %2 expected").arg(read).arg(expectedSize));
    return out;
}
