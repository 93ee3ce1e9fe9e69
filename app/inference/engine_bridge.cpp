#include "app/inference/engine_bridge.h"

#include "core/error.h"
#include "formats/tensor_file.h"
#include "model/arch.h"
#include "model/model_info.h"

#include <QFileInfo>
#include <QObject>

#include <new>

namespace engine_bridge {

namespace {

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
    if (info.backend.rfind("vulkan", 0) == 0) {
        const size_t colon = info.backend.find(':');
        s.runsOn = QObject::tr("GPU: %1")
                       .arg(QString::fromStdString(colon == std::string::npos ? info.backend : info.backend.substr(colon + 1))
                                .trimmed());
    } else {
        s.runsOn = QObject::tr("CPU");
    }
    QString note = QString::fromStdString(info.fallbackReason);
    const QString redundant = QStringLiteral("running on the CPU: ");
    s.runsOnNote = note.startsWith(redundant) ? note.mid(redundant.size()) : note;
    estimateMemory(s, {});
    return s;
}

ModelSummary inspectModelFile(const QString& path)
{
    const std::string file = path.toStdString();
    auto tensors = rwkv::TensorFile::open(file);
    rwkv::ModelInfo info = rwkv::readModelInfo(*tensors, QFileInfo(path).fileName().toStdString());
    info.path = file;
    info.fileSize = tensors->fileSize();
    return summaryFromInfo(info); // fingerprint stays 0 until the weights are loaded
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
