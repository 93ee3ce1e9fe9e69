#include "app/music/music_generation.h"

#include "app/music/codec/midi_vocabulary.h"
#include "app/music/midi_logit_shaper.h"
#include "core/error.h"
#include "sampling/sampler.h"
#include "tokenizer/abc_tokenizer.h"

#include <cctype>
#include <limits>
#include <random>

namespace rwkv::music {

std::vector<int32_t> midiPromptIds(const std::string& text, int vocabSize)
{
    const MidiVocabulary& vocab = MidiVocabulary::forVocabSize(vocabSize);
    std::vector<int32_t> ids = {MidiVocabulary::kPad};
    for (int id : vocab.encodeText(text))
        if (id != MidiVocabulary::kPad && id != MidiVocabulary::kStart && id != MidiVocabulary::kEnd)
            ids.push_back(id);
    return ids;
}

std::vector<int32_t> abcPromptIds(const std::string& text)
{
    std::vector<int32_t> ids;
    if (text.empty() || text[0] != char(AbcTokenizer::kBegin))
        ids.push_back(AbcTokenizer::kBegin);
    const auto rest = AbcTokenizer().encode(text);
    ids.insert(ids.end(), rest.begin(), rest.end());
    return ids;
}

namespace {

// Bans the tokens that the piece's text cannot hold: MIDI's <start> and <end> (the MIDI models
// separate pieces with <pad>, and the prompt a saved piece is read back from drops those two) and
// ABC ids without a character. The model must have read exactly what the text says, or a piece
// saved with its state could not be resumed from it (and would be re-read whole).
void banUnwritable(std::vector<float>& row, bool abc, int32_t endToken)
{
    const float banned = -std::numeric_limits<float>::max(); // finite: the sampler subtracts
    if (!abc) {
        for (int32_t t : {MidiVocabulary::kStart, MidiVocabulary::kEnd})
            if (size_t(t) < row.size())
                row[size_t(t)] = banned;
        return;
    }
    for (size_t t = 0; t < row.size(); ++t)
        if (int32_t(t) != endToken && (t <= size_t(AbcTokenizer::kEnd) || t >= 128))
            row[t] = banned;
}

} // namespace

MusicGenerationResult runMusicGeneration(const Model& model, MusicModelKind kind, const MusicContext& context,
                                         const MusicSamplingSettings& settings, const std::atomic<bool>* cancel,
                                         const MusicGenerationCallbacks& callbacks)
{
    MusicGenerationResult result;
    const int vocabSize = model.info().vocab;
    const bool abc = kind == MusicModelKind::Abc;
    const MidiVocabulary& vocab = MidiVocabulary::forVocabSize(vocabSize);
    const int32_t endToken = abc ? AbcTokenizer::kEnd : MidiVocabulary::kPad;
    try {
        State state;
        std::vector<float> logits;
        // The state one token back and that token, kept so the result can be stored without logits.
        State previous;
        int32_t lastFed = -1;
        int covered = 0;
        if (!context.state.empty() && context.logits.size() == size_t(vocabSize)) {
            state = State::deserialize(context.state, model.info());
            logits = context.logits;
            if (!context.stateBeforeLast.empty() && context.lastToken >= 0) {
                previous = State::deserialize(context.stateBeforeLast, model.info());
                lastFed = context.lastToken;
                covered = context.coveredTokens;
            }
        } else if (!context.stateBeforeLast.empty() && context.lastToken >= 0) {
            previous = State::deserialize(context.stateBeforeLast, model.info());
            lastFed = context.lastToken;
            covered = context.coveredTokens;
            state = previous;
            logits = model.step(state, lastFed);
        } else {
            const std::vector<int32_t> ids = abc ? abcPromptIds(context.text) : midiPromptIds(context.text, vocabSize);
            state = model.newState();
            RunControl control;
            control.cancel = cancel;
            if (callbacks.prefillProgress)
                control.progress = callbacks.prefillProgress;
            std::span<const int32_t> head(ids.data(), ids.size() - 1);
            if (!head.empty())
                model.forward(state, head, LogitsMode::None, {}, control);
            previous = state;
            lastFed = ids.back();
            covered = int(head.size());
            logits = model.step(state, lastFed);
            result.promptTokens = int(ids.size());
        }

        SamplerSettings ss;
        ss.temperature = settings.temperature;
        ss.topK = settings.topK;
        ss.topP = settings.topP;
        ss.seed = settings.seed ? settings.seed : std::random_device{}();
        Sampler sampler(ss);
        MidiLogitShaper shaper(vocabSize, settings.pianoOnly);

        result.finish = MusicGenerationResult::Finish::MaxTokens;
        for (int step = 0; step < settings.maxTokens; ++step) {
            if (cancel && cancel->load()) {
                result.finish = MusicGenerationResult::Finish::Stopped;
                break;
            }
            std::vector<float> row = logits;
            if (!abc)
                shaper.shape(row, step);
            banUnwritable(row, abc, endToken);
            const int32_t token = sampler.sample(row);
            if (token == endToken) {
                result.finish = MusicGenerationResult::Finish::EndOfPiece;
                break;
            }
            if (!abc)
                shaper.accept(token);
            std::string piece;
            if (abc) {
                piece = token > 3 && token < 128 ? std::string(1, char(token)) : std::string();
            } else {
                const std::string word = vocab.tokenText(token);
                piece = word.empty() ? std::string() : " " + word;
            }
            result.generated += piece;
            ++result.generatedTokens;
            previous = state;
            if (lastFed >= 0)
                ++covered;
            lastFed = token;
            logits = model.step(state, token);
            if (callbacks.token)
                callbacks.token(piece, result.generatedTokens);
        }
        result.after.text = context.text + result.generated;
        result.after.state = state.serialize();
        result.after.logits = std::move(logits);
        if (lastFed >= 0) {
            result.after.stateBeforeLast = previous.serialize();
            result.after.lastToken = lastFed;
            result.after.coveredTokens = covered;
        }
    } catch (const Error& e) {
        if (e.code() == ErrorCode::Cancelled) {
            result.finish = MusicGenerationResult::Finish::Stopped;
            result.after = {};
        } else {
            result.finish = MusicGenerationResult::Finish::Failed;
            result.error = e.what();
        }
    } catch (const std::exception& e) {
        result.finish = MusicGenerationResult::Finish::Failed;
        result.error = e.what();
    }
    return result;
}

} // namespace rwkv::music
