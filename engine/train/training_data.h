// Training data: the user's .txt/.md files and folders and .jsonl files ({"text": ...} or chat
// {"messages": [{"role", "content"}]}), tokenized and packed into samples of the context length
// with token 0 between documents, then split into training and validation samples.
// Bad data gets an Error whose sentence names the file (and the line for .jsonl).
#pragma once

#include "tokenizer/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rwkv::train {

// One document as tokens; learn[i] says whether token i is something the model should learn to
// write (false for a chat's system and user turns when only the assistant's are learnt).
struct TrainingDocument {
    std::string source; // "notes.txt" or "chats.jsonl:12"
    std::vector<int32_t> tokens;
    std::vector<uint8_t> learn;
};

struct DataOptions {
    // Chat data: learn only the assistant's turns (the prompt template's other turns still feed
    // the model, so it learns to answer them).
    bool onlyAssistantTurns = true;
};

// Reads every path (a folder is read recursively for .txt, .md and .jsonl files, in name order).
// Throws Error(InvalidArgument) for a path that does not exist, a binary or non-UTF-8 file, an
// empty data set, or a .jsonl line that is not the expected JSON ("chats.jsonl line 7: ...").
std::vector<TrainingDocument> readTrainingData(const std::vector<std::string>& paths, const Tokenizer& tokenizer,
                                               const DataOptions& options = {});

// The chat template of the app: "System: …\n\nUser: …\n\nAssistant: …\n\n".
std::string chatTurn(const std::string& role, const std::string& content);

// One training sample: ctx tokens (fewer for the last) and the target after each (or kNoTarget).
struct TrainingSample {
    std::vector<int32_t> tokens;
    std::vector<int32_t> targets;
    int learnedTokens() const;
};

// Concatenates the documents with token 0 after each (the end of a document) and cuts the stream
// into samples of ctx tokens; each target is the next token of the stream, kNoTarget where it is
// not learnt.
std::vector<TrainingSample> packSamples(const std::vector<TrainingDocument>& docs, int ctx);

struct SampleSplit {
    std::vector<TrainingSample> train, validation;
};
// Moves a seeded-random `fraction` of the samples (at least one when there are two or more and
// fraction > 0) into validation.
SampleSplit splitSamples(std::vector<TrainingSample> samples, double fraction, uint64_t seed);

} // namespace rwkv::train
