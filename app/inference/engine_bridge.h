// The one place where app code turns engine values into app values: ModelInfo into ModelSummary,
// rwkv::Error into a sentence for the user, and a model file into its facts without loading it.
// Only app/ includes this; the ui sees ModelSummary and QString only.
#pragma once

#include "app/inference/model_summary.h"

#include <QString>

#include <exception>

namespace rwkv {
struct ModelInfo;
}

namespace engine_bridge {

// Fills a summary from a loaded (or inspected) model's info.
ModelSummary summaryFromInfo(const rwkv::ModelInfo& info);

// Reads the checkpoint's tensor table (memory-mapped, no weight conversion) and derives the facts
// `rwkv-cli info` shows (docs/RWKV.md "Versions"). Throws rwkv::Error on an unreadable file.
ModelSummary inspectModelFile(const QString& path);

// A sentence for the user about `error` while doing `action` ("Loading tiny.pth"): engine errors
// already name the problem; this adds what the user was doing and handles non-engine failures
// (out of memory) in the same tone.
QString describeFailure(const std::exception_ptr& error, const QString& action);

// Default tokenizer spec for a vocabulary size: "bytes" for 256, "world" for 65536, else empty.
QString defaultTokenizerFor(int vocab);

} // namespace engine_bridge
