// One step of an AnalysisRequest on the worker's thread: the request's text `index` read by the
// model, its vector or score appended to `result`. Throws rwkv::Error like the engine.
#pragma once

#include "app/inference/analysis_request.h"

namespace rwkv {
class Model;
class Tokenizer;
} // namespace rwkv

void analyseText(const rwkv::Model& model, const rwkv::Tokenizer& tokenizer, const AnalysisRequest& request,
                 qsizetype index, AnalysisResult& result);
