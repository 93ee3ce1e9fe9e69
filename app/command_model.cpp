#include "app/command_model.h"

#include "app/command_args.h"
#include "app/inference/inference_service.h"
#include "core/error.h"

#include <QEventLoop>

void loadCommandModel(InferenceService& inference, const CommandArgs& args, const QString& path)
{
    QString failure;
    bool finished = false;
    const auto loaded = QObject::connect(&inference, &InferenceService::modelLoaded, [&] { finished = true; });
    const auto failed = QObject::connect(&inference, &InferenceService::loadFailed, [&](const QString& sentence) {
        failure = sentence;
        finished = true;
    });
    inference.setComputeDevice(QString::fromStdString(args.str("backend", "cpu")));
    inference.loadModel(path, QString::fromStdString(args.str("tokenizer")), QString::fromStdString(args.str("weights")));
    QEventLoop loop;
    while (!finished)
        loop.processEvents(QEventLoop::WaitForMoreEvents);
    // The lambdas hold references to this frame.
    QObject::disconnect(loaded);
    QObject::disconnect(failed);
    if (!failure.isEmpty())
        throw rwkv::Error(rwkv::ErrorCode::InvalidArgument, failure.toStdString());
}
