// runMusicGeneration is one composition job on a loaded music model, run synchronously on the
// caller's (worker) thread: prompt from a blank piece ("<pad>"), an imported .mid or the current
// piece, then sampling as ChatRWKV music/run.py does (docs/MIDI.md A.7, A.9) until the end token,
// the token budget or a cancel. It returns the generated text and the model state after it, with
// the logits that go with that state, so "continue" can resume without re-reading the piece.
// Plain C++ on the engine; MusicGenerator runs it on a thread for the GUI.
#pragma once

#include "app/music/music_model_kind.h"
#include "model/model.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rwkv::music {

struct MusicSamplingSettings {
    int maxTokens = 200;      // RWKV-Runner's composition default (slider 100-4100)
    float temperature = 1.0f;
    int topK = 8;
    float topP = 0.8f;
    bool pianoOnly = false;   // MIDI: ban every instrument but piano
    uint64_t seed = 0;
};

// Where the model is before generating. Two ways to skip reading `text` again, both for the point
// right after exactly `text`: `state` with the `logits` that came with it (kept in memory), or
// `stateBeforeLast` with `lastToken`, the state one token earlier (what PieceStore keeps: feeding
// the last token again gives the logits without storing them). Otherwise `text` is fed from a
// fresh state.
struct MusicContext {
    std::string text{}; // MIDI: token text of the piece (<pad>/<start>/<end> ignored); ABC: the tune so far
    std::vector<uint8_t> state{};
    std::vector<float> logits{};
    std::vector<uint8_t> stateBeforeLast{};
    int32_t lastToken = -1;
    // Tokens `stateBeforeLast` has read (the piece's prompt ids minus one); for staleness checks.
    int coveredTokens = 0;
};

struct MusicGenerationResult {
    enum class Finish { EndOfPiece, MaxTokens, Stopped, Failed };
    Finish finish = Finish::Failed;
    std::string error;        // sentence for the user when Failed
    std::string generated;    // MIDI: " tok tok …" (each with a leading space); ABC: characters
    int generatedTokens = 0;
    int promptTokens = 0;     // tokens fed before generating (0 when resumed from a state)
    // The context after this job: text = context text + generated, with both resume forms filled.
    // Empty states when the job failed or the model was left mid-token by a cancel.
    MusicContext after;
};

struct MusicGenerationCallbacks {
    std::function<void(size_t done, size_t total)> prefillProgress;
    // Called after every generated token with its text and the count so far.
    std::function<void(const std::string& piece, int generated)> token;
};

// Runs one job. Never throws: engine errors come back as Finish::Failed with the sentence.
MusicGenerationResult runMusicGeneration(const Model& model, MusicModelKind kind, const MusicContext& context,
                                         const MusicSamplingSettings& settings, const std::atomic<bool>* cancel,
                                         const MusicGenerationCallbacks& callbacks = {});

// The token ids a MIDI context feeds: <pad>, then the words of `text` with <pad>/<start>/<end>
// left out and unknown words mapped to <pad> (A.7 "'<pad> ' + tokens", A.11).
std::vector<int32_t> midiPromptIds(const std::string& text, int vocabSize);

// The ids an ABC context feeds: the begin marker (2) unless the text starts with "\x02", then its
// ASCII characters (A.9).
std::vector<int32_t> abcPromptIds(const std::string& text);

} // namespace rwkv::music
