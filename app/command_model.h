// The model a Qt-side rwkv-cli command (rag, serve) runs on: loaded by the app's InferenceService
// from --tokenizer, --weights and --backend (default cpu), waiting in the event loop for the
// answer. Throws rwkv::Error(InvalidArgument) with the load's sentence when it fails.
#pragma once

#include <QString>

class CommandArgs;
class InferenceService;

void loadCommandModel(InferenceService& inference, const CommandArgs& args, const QString& path);
