#include "app/inference/engine_bridge.h"

#include "core/error.h"
#include "formats/tensor_file.h"
#include "model/model_info.h"

#include <QFileInfo>
#include <QObject>
#include <QRegularExpression>

#include <new>

namespace engine_bridge {

namespace {

// Floats in one state: per layer two x_prev vectors plus the wkv matrices (v5+) or five vectors (v4).
qint64 stateFloats(const ModelSummary& s)
{
    if (s.heads > 0)
        return qint64(s.layers) * (2 * qint64(s.embd) + qint64(s.heads) * s.headSize * s.headSize);
    return qint64(s.layers) * 5 * s.embd;
}

void fillMemory(ModelSummary& s)
{
    s.stateBytes = stateFloats(s) * 4;
    // Weights are held as float32 (model.h); logits and activations need a few rows of V and D.
    const qint64 working = qint64(s.vocab) * 4 * 4 + qint64(s.embd) * 4 * 64 + (16 << 20);
    s.ramBytes = s.parameters * 4 + 2 * s.stateBytes + working;
}

} // namespace

ModelSummary summaryFromInfo(const rwkv::ModelInfo& info)
{
    ModelSummary s;
    s.path = QString::fromStdString(info.path);
    s.fileName = QFileInfo(s.path).fileName();
    s.arch = QString::fromLatin1(rwkv::archName(info.arch));
    s.layers = info.layers;
    s.embd = info.embd;
    s.heads = info.heads;
    s.headSize = info.headSize;
    s.vocab = info.vocab;
    s.parameters = info.parameters;
    s.storedDType = QString::fromLatin1(rwkv::dtypeName(info.storedDType));
    s.fileSize = qint64(info.fileSize);
    s.fingerprint = info.fingerprint;
    fillMemory(s);
    return s;
}

ModelSummary inspectModelFile(const QString& path)
{
    auto file = rwkv::TensorFile::open(path.toStdString());
    ModelSummary s;
    s.path = path;
    s.fileName = QFileInfo(path).fileName();
    s.fileSize = qint64(file->fileSize());

    const auto* emb = file->find("emb.weight");
    if (!emb || emb->shape.size() != 2)
        throw rwkv::Error(rwkv::ErrorCode::Unsupported,
                          s.fileName.toStdString() + " has no emb.weight [V, D]: it is not an RWKV checkpoint");
    s.vocab = int(emb->shape[0]);
    s.embd = int(emb->shape[1]);

    static const QRegularExpression blockKey(QStringLiteral("^blocks\\.(\\d+)\\."));
    size_t biggest = 0;
    for (const auto& t : file->tensors()) {
        s.parameters += qint64(t.numel());
        const auto m = blockKey.match(QString::fromStdString(t.name));
        if (m.hasMatch())
            s.layers = std::max(s.layers, m.captured(1).toInt() + 1);
        if (t.shape.size() == 2 && t.byteSize() > biggest) {
            biggest = t.byteSize();
            s.storedDType = QString::fromLatin1(rwkv::dtypeName(t.dtype));
        }
    }

    // Version by tell-tale key and head count by the tensor that carries it (docs/RWKV.md "Versions").
    auto headsFrom = [&](const char* name) {
        const auto* t = file->find(name);
        return t && !t->shape.empty() ? int(t->shape[0]) : 0;
    };
    if (file->find("blocks.0.att.k_k")) {
        s.arch = QStringLiteral("7");
        s.heads = headsFrom("blocks.0.att.r_k");
    } else if (file->find("blocks.0.att.time_maa_x")) {
        s.arch = QStringLiteral("6");
        s.heads = headsFrom("blocks.0.att.time_faaaa");
    } else if (file->find("blocks.0.att.gate.weight")) {
        const auto* decay = file->find("blocks.0.att.time_decay");
        const bool perChannel = decay && decay->shape.size() >= 2 && decay->shape[1] > 1;
        s.arch = perChannel ? QStringLiteral("5.2") : QStringLiteral("5.1");
        s.heads = perChannel ? headsFrom("blocks.0.att.time_faaaa") : headsFrom("blocks.0.att.time_decay");
    } else if (file->find("blocks.0.att.ln_x.weight")) {
        s.arch = QStringLiteral("5.0");
        s.heads = headsFrom("blocks.0.att.time_decay");
    } else {
        s.arch = QStringLiteral("4");
    }
    s.headSize = s.heads > 0 ? s.embd / s.heads : 0;
    fillMemory(s);
    return s;
}

QString describeFailure(const std::exception_ptr& error, const QString& action)
{
    try {
        std::rethrow_exception(error);
    } catch (const rwkv::Error& e) {
        if (e.code() == rwkv::ErrorCode::Cancelled)
            return QObject::tr("%1 was cancelled.").arg(action);
        return QObject::tr("%1 failed: %2").arg(action, QString::fromUtf8(e.what()));
    } catch (const std::bad_alloc&) {
        return QObject::tr("%1 failed: there is not enough memory. Close other programs or choose a "
                           "smaller model.").arg(action);
    } catch (const std::exception& e) {
        return QObject::tr("%1 failed: %2").arg(action, QString::fromUtf8(e.what()));
    } catch (...) {
        return QObject::tr("%1 failed for an unknown reason.").arg(action);
    }
}

QString defaultTokenizerFor(int vocab)
{
    if (vocab == 256)
        return QStringLiteral("bytes");
    if (vocab == 65536)
        return QStringLiteral("world");
    return {};
}

} // namespace engine_bridge
