// GenerationRequest is one job for the InferenceWorker: start from a saved state, feed text
// segments (returning the state after each, so callers can persist message boundaries), then
// optionally generate a reply. GenerationResult is what comes back. Both are plain values that
// travel between threads by queued signals.
#pragma once

#include "app/inference/sampling_params.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

struct GenerationRequest {
    // Serialized rwkv::State to start from; empty means the model's initial state. A state from
    // another model fails the job with a sentence (callers check the fingerprint first).
    QByteArray startState;
    // Fed in order before generating; each is tokenized on its own, so a message boundary is
    // always a token boundary and the state after it equals a re-prefill of the same segments.
    QStringList segments;
    bool generate = true;
    // Fed after the segments and counted as the start of the reply's segment ("Assistant:").
    QString replyPrefix;
    SamplingParams sampling;
    // The reply ends before the first of these ("\n\n" in chat); token 0 always ends it.
    QStringList stopStrings;
    // When set, stop strings only count once this text has been generated (think mode waits for
    // "</think>" because reasoning may contain blank lines).
    QString stopArmedBy;
    // The exact text the state after the reply must represent, given the reply (stop string
    // removed). Default: replyPrefix + reply + the stop string that ended it. The worker makes the returned replyState equal to
    // feeding this text from the state before the reply, re-feeding only when tokens differ.
    std::function<QString(const QString& reply)> settle;
    // Replies written at once to the same prompt (Compare): the prompt is read once, then all of
    // them decode together, one pass over the weights per token for all. Each reply is a job of its
    // own (InferenceService::submitChoices gives their ids); reply i samples with seed + i.
    int choices = 1;
    // Decode with kernels whose numbers do not depend on what else is in the batch (always so when
    // choices > 1). A single reply with this set and a choice's seed writes exactly that choice's
    // text; without it a single reply decodes a little faster.
    bool batchInvariant = false;
};

struct GenerationResult {
    enum class Finish { StopString, EndOfText, MaxTokens, Stopped, Failed };

    quint64 jobId = 0;
    Finish finish = Finish::Failed;
    QString error;                  // a sentence for the user when finish == Failed
    QList<QByteArray> segmentStates; // state after each request segment
    QString reply;                  // generated text without the stop string
    QByteArray replyState;          // state after settle(reply); empty when nothing was generated
    QString settledText;            // what replyState represents
    quint64 modelFingerprint = 0;
    int promptTokens = 0;           // tokens fed for segments and reply prefix
    int generatedTokens = 0;
    int settleTokens = 0;           // tokens fed after generation to make replyState match settledText
    QString stopString;             // the stop string that ended the reply, if any
    double tokensPerSecond = 0.0;
    int choice = 0;      // which of the request's choices this reply is
    quint64 seed = 0;    // the sampler's seed: the same request with it writes the same text

    bool ok() const { return finish != Finish::Failed; }
};

Q_DECLARE_METATYPE(GenerationResult)
