// Music generation (docs/MIDI.md A.7, A.9): logit shaping, prompts, stopping, resuming from a saved
// state, and the MusicGenerator worker thread.
#include "app/music/codec/midi_decoder.h"
#include "app/music/codec/midi_vocabulary.h"
#include "app/music/midi_logit_shaper.h"
#include "app/music/music_generator.h"
#include "model/random_checkpoint.h"
#include "music_test_model.h"

#include "signal_wait.h"

#include <QTemporaryDir>

#include <QSignalSpy>
#include <QtTest>

using namespace rwkv::music;

class MidiGenerationTest : public QObject {
    Q_OBJECT
private slots:
    void shaperAppliesLengthBiasT125PenaltyAndDecay()
    {
        MidiLogitShaper shaper(20096, false);
        std::vector<float> logits(20096, 0.0f);
        shaper.shape(logits, 0);
        QCOMPARE(logits[0], -4.0f);
        QCOMPARE(logits[127], -1.0f);
        QCOMPARE(logits[200], 0.0f);

        shaper.accept(12416 + 60 * 12 + 10); // a note counts 1
        shaper.accept(12);                   // a short wait counts 0.3
        QCOMPARE(shaper.occurrence(12416 + 60 * 12 + 10), 0.997f);
        QCOMPARE(shaper.occurrence(12), 0.3f);
        std::vector<float> next(20096, 0.0f);
        shaper.shape(next, 2000);
        QCOMPARE(next[0], 0.0f); // neutral at step 2000
        QCOMPARE(next[12416 + 60 * 12 + 10], -0.997f * 0.5f);
        QCOMPARE(next[12], -0.15f);
    }

    void pianoOnlyBansOtherInstruments()
    {
        MidiLogitShaper shaper(20096, true);
        std::vector<float> logits(20096, 0.0f);
        shaper.shape(logits, 0);
        QVERIFY(logits[128] < -1e9f);
        QCOMPARE(logits[12416], 0.0f);
        QCOMPARE(logits[13951], 0.0f);
        QVERIFY(logits[13952] < -1e9f);
        QCOMPARE(logits[50], 0.0f);
    }

    void modelKindComesFromVocabularySize()
    {
        QCOMPARE(musicModelKindForVocab(128), std::optional(MusicModelKind::Abc));
        QCOMPARE(musicModelKindForVocab(2176), std::optional(MusicModelKind::MidiPiano));
        QCOMPARE(musicModelKindForVocab(20096), std::optional(MusicModelKind::Midi));
        std::string why;
        QVERIFY(!musicModelKindForVocab(65536, &why));
        QVERIFY(why.find("text model") != std::string::npos);
    }

    void promptsStartWithPadOrBeginMarker()
    {
        QCOMPARE(midiPromptIds("", 20096), std::vector<int32_t>{0});
        QCOMPARE(midiPromptIds("<start> pi:3c:a bogus t10 <end>", 20096),
                 (std::vector<int32_t>{0, 12416 + 60 * 12 + 10, 12})); // unknown words left out
        QCOMPARE(abcPromptIds("S:2"), (std::vector<int32_t>{2, 'S', ':', '2'}));
        QCOMPARE(abcPromptIds("\x02S:2"), (std::vector<int32_t>{2, 'S', ':', '2'}));
    }

    void generationStopsOnPad()
    {
        MusicTestModel model(20096, 50.0f);
        const auto r = runMusicGeneration(model, MusicModelKind::Midi, {}, {}, nullptr);
        QCOMPARE(r.finish, MusicGenerationResult::Finish::EndOfPiece);
        QCOMPARE(r.generatedTokens, 0);
        QCOMPARE(r.promptTokens, 1);
    }

    void generatedTokensAreVocabularyWordsThatDecode()
    {
        MusicTestModel model(20096);
        MusicSamplingSettings s;
        s.maxTokens = 300;
        s.seed = 7;
        const auto r = runMusicGeneration(model, MusicModelKind::Midi, {.text = "<pad>"}, s, nullptr);
        QCOMPARE(r.finish, MusicGenerationResult::Finish::MaxTokens);
        QCOMPARE(r.generatedTokens, 300);
        const auto ids = MidiVocabulary::full().encodeText(r.generated);
        QCOMPARE(int(ids.size()), 300);
        QVERIFY(std::find(ids.begin(), ids.end(), 0) == ids.end());
        const MidiFile f = decodeTokens(r.generated, MidiVocabulary::full(), {.closeWithEnd = true});
        QVERIFY(f.tracks[0].events.size() > 20);
    }

    void generatedTokensAreAlwaysOnesTheTextCanHold()
    {
        // A model that favours what a piece's text cannot hold (MIDI <start>/<end>, ABC ids
        // without a character): those are never sampled, so the state saved after generating
        // covers exactly the piece's prompt and a saved piece resumes without being read again.
        struct Favouring : MusicTestModel {
            using MusicTestModel::MusicTestModel;
            void forward(rwkv::State& state, std::span<const int32_t> tokens, rwkv::LogitsMode mode,
                         std::span<float> logits, const rwkv::RunControl& control = {}) const override
            {
                MusicTestModel::forward(state, tokens, mode, logits, control);
                if (mode != rwkv::LogitsMode::None)
                    for (size_t t : {size_t(1), size_t(2)})
                        logits[t] = 8.0f;
            }
        };
        Favouring midi(20096);
        MusicSamplingSettings s;
        s.maxTokens = 60;
        s.seed = 3;
        const auto r = runMusicGeneration(midi, MusicModelKind::Midi, {.text = "<pad>"}, s, nullptr);
        QCOMPARE(r.generatedTokens, 60);
        QVERIFY(!QString::fromStdString(r.generated).contains("<start>"));
        QVERIFY(!QString::fromStdString(r.generated).contains("<end>"));
        const auto ids = midiPromptIds(r.after.text, 20096);
        QCOMPARE(int(ids.size()), r.after.coveredTokens + 1);
        QCOMPARE(ids.back(), r.after.lastToken);

        Favouring abc(128, -5.0f);
        const auto a = runMusicGeneration(abc, MusicModelKind::Abc, {}, s, nullptr);
        QCOMPARE(a.generatedTokens, 60);
        QCOMPARE(int(a.generated.size()), 60); // one character per token
        const auto abcIds = abcPromptIds(a.after.text);
        QCOMPARE(int(abcIds.size()), a.after.coveredTokens + 1);
        QCOMPARE(abcIds.back(), a.after.lastToken);
    }

    void resumingFromTheSavedStateEqualsReadingThePieceAgain()
    {
        MusicTestModel model(20096);
        MusicSamplingSettings s;
        s.maxTokens = 40;
        s.seed = 11;
        const auto first = runMusicGeneration(model, MusicModelKind::Midi, {.text = "pi:3c:a t10"}, s, nullptr);
        QVERIFY(!first.after.state.empty());
        s.seed = 12;
        const auto evaluatedBefore = model.tokensEvaluated();
        const auto resumed = runMusicGeneration(model, MusicModelKind::Midi, first.after, s, nullptr);
        QCOMPARE(resumed.promptTokens, 0);
        QCOMPARE(model.tokensEvaluated() - evaluatedBefore, uint64_t(resumed.generatedTokens)); // no re-prefill
        const auto reread = runMusicGeneration(model, MusicModelKind::Midi, {.text = first.after.text}, s, nullptr);
        QCOMPARE(reread.generated, resumed.generated);
        QCOMPARE(reread.after.state, resumed.after.state);
    }

    void resumingFromTheStoredFormEqualsResumingFromMemory()
    {
        MusicTestModel model(20096);
        MusicSamplingSettings s;
        s.maxTokens = 30;
        s.seed = 21;
        const auto first = runMusicGeneration(model, MusicModelKind::Midi, {.text = "pi:3c:a t10"}, s, nullptr);
        QVERIFY(!first.after.stateBeforeLast.empty());
        QCOMPARE(first.after.coveredTokens + 1, int(midiPromptIds(first.after.text, 20096).size()));
        QCOMPARE(first.after.lastToken, midiPromptIds(first.after.text, 20096).back());
        MusicContext stored;
        stored.text = first.after.text;
        stored.stateBeforeLast = first.after.stateBeforeLast;
        stored.lastToken = first.after.lastToken;
        stored.coveredTokens = first.after.coveredTokens;
        s.seed = 22;
        const auto before = model.tokensEvaluated();
        const auto fromStore = runMusicGeneration(model, MusicModelKind::Midi, stored, s, nullptr);
        QCOMPARE(model.tokensEvaluated() - before, uint64_t(fromStore.generatedTokens + 1)); // only the last token again
        const auto fromMemory = runMusicGeneration(model, MusicModelKind::Midi, first.after, s, nullptr);
        QCOMPARE(fromStore.generated, fromMemory.generated);
        QCOMPARE(fromStore.after.stateBeforeLast, fromMemory.after.stateBeforeLast);
    }

    void abcModelWritesCharactersAndStopsAtEndMarker()
    {
        MusicTestModel model(128);
        MusicSamplingSettings s;
        s.maxTokens = 64;
        s.seed = 3;
        const auto r = runMusicGeneration(model, MusicModelKind::Abc, {.text = "S:2\nB:4\n"}, s, nullptr);
        QCOMPARE(int(r.generated.size()), r.generatedTokens);
        for (char c : r.generated)
            QVERIFY(c >= 32 && c < 127);
        MusicTestModel ending(128, 50.0f);
        QCOMPARE(runMusicGeneration(ending, MusicModelKind::Abc, {.text = "S:2"}, s, nullptr).finish,
                 MusicGenerationResult::Finish::EndOfPiece);
    }

    void randomMusicCheckpointGeneratesWordsAndResumesWithoutRereading()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("music-random.safetensors").toStdString();
        rwkv::RandomModelSpec spec;
        spec.arch = rwkv::Arch::V4;
        spec.layers = 2;
        spec.embd = 64;
        spec.vocab = 20096;
        rwkv::writeRandomModel(path, spec);
        const auto model = rwkv::Model::load(path);
        QCOMPARE(*musicModelKindForVocab(model->info().vocab), MusicModelKind::Midi);
        MusicSamplingSettings s;
        s.maxTokens = 64;
        s.seed = 5;
        const auto first = runMusicGeneration(*model, MusicModelKind::Midi, {.text = "<pad> pi:3c:a t10"}, s, nullptr);
        QVERIFY2(first.finish != MusicGenerationResult::Finish::Failed, first.error.c_str());
        QCOMPARE(first.promptTokens, 3);
        for (int id : MidiVocabulary::full().encodeText(first.generated))
            QVERIFY(id != 0); // every generated word is in the vocabulary
        const auto before = model->tokensEvaluated();
        const auto next = runMusicGeneration(*model, MusicModelKind::Midi, first.after, s, nullptr);
        QVERIFY(next.finish != MusicGenerationResult::Finish::Failed);
        QCOMPARE(model->tokensEvaluated() - before, uint64_t(next.generatedTokens));
    }

    void generatorRejectsTextModels()
    {
        MusicGenerator generator;
        QVERIFY(!generator.setModel(std::make_shared<MusicTestModel>(65536)));
        QVERIFY(generator.modelError().contains("text model"));
        QVERIFY(!generator.hasModel());
        QVERIFY(!generator.start({}, {}));
    }

    void generatorRunsOnItsThreadAndStopsKeepingTheTokens()
    {
        MusicGenerator generator;
        QVERIFY(generator.setModel(std::make_shared<MusicTestModel>(20096)));
        QSignalSpy tokens(&generator, &MusicGenerator::tokenGenerated);
        QSignalSpy done(&generator, &MusicGenerator::finished);
        MusicSamplingSettings s;
        s.maxTokens = 100000000;
        QVERIFY(generator.start({.text = "<pad>"}, s));
        QVERIFY(generator.isRunning());
        QVERIFY(!generator.start({.text = "<pad>"}, s)); // one job at a time
        QVERIFY(rwkvtest::waitForCount(tokens));
        generator.stop();
        QVERIFY(rwkvtest::waitForCount(done));
        const auto r = done.at(0).at(0).value<MusicGenerationResult>();
        QCOMPARE(r.finish, MusicGenerationResult::Finish::Stopped);
        QVERIFY(r.generatedTokens > 0 && r.generatedTokens < s.maxTokens);
        QVERIFY(!generator.isRunning());
    }
};

QTEST_GUILESS_MAIN(MidiGenerationTest)
#include "tst_midi_generation.moc"
