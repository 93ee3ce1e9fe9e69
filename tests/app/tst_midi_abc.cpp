// ABC notation to MIDI for playback of the ABC models' output (docs/MIDI.md A.9).
#include "app/music/codec/abc_to_midi.h"
#include "app/music/codec/score.h"

#include <QtTest>

using namespace rwkv::music;

namespace {

std::vector<int> keys(const Score& s)
{
    std::vector<int> k;
    for (const auto& n : s.notes)
        k.push_back(n.key);
    return k;
}

Score scoreOf(const char* abc)
{
    return scoreFromMidi(abcToMidi(abc), MidiVocabulary::full());
}

} // namespace

class MidiAbcTest : public QObject {
    Q_OBJECT
private slots:
    void scaleInCPlaysEighthsAt120Bpm()
    {
        const Score s = scoreOf("X:1\nL:1/8\nM:4/4\nK:C\nCDEF GABc|\n");
        QCOMPARE(keys(s), (std::vector<int>{60, 62, 64, 65, 67, 69, 71, 72}));
        for (size_t i = 0; i < s.notes.size(); ++i) {
            QCOMPARE(s.notes[i].startMs, 250.0 * double(i));
            QCOMPARE(s.notes[i].endMs, 250.0 * double(i + 1));
        }
    }

    void keySignatureAndBarAccidentalsApply()
    {
        QCOMPARE(keys(scoreOf("K:G\nF f ^c c|c =F")), (std::vector<int>{66, 78, 73, 73, 72, 65}));
        QCOMPARE(keys(scoreOf("K:Dm\nB E")), (std::vector<int>{70, 64}));
        QCOMPARE(keys(scoreOf("K:Bb\nE")), (std::vector<int>{63}));
    }

    void octavesLengthsRestsChordsAndTies()
    {
        const Score s = scoreOf("L:1/4\nK:C\nC, c' C2 z [CEG]2 A/2 A/ B-B|");
        QCOMPARE(keys(s), (std::vector<int>{48, 84, 60, 60, 64, 67, 69, 69, 71}));
        QCOMPARE(s.notes[2].endMs - s.notes[2].startMs, 1000.0); // C2 at L:1/4, 120 BPM
        QCOMPARE(s.notes[3].startMs, 2500.0);                    // after the rest
        QCOMPARE(s.notes[8].endMs - s.notes[8].startMs, 1000.0); // tied B-B
    }

    void tempoFieldAndBrokenRhythm()
    {
        const Score s = scoreOf("L:1/8\nQ:1/4=60\nK:C\nA>B");
        QCOMPARE(s.notes[0].endMs - s.notes[0].startMs, 750.0);
        QCOMPARE(s.notes[1].startMs, 750.0);
        QCOMPARE(s.notes[1].endMs, 1000.0);
    }

    void repeatsPlayTwice()
    {
        QCOMPARE(keys(scoreOf("K:C\n|:CD:|E")), (std::vector<int>{60, 62, 60, 62, 64}));
    }

    void modelControlCodesAndJunkAreSkipped()
    {
        const Score s = scoreOf("\x02S:3\nB:9\nE:4\nL:1/8\nM:3/4\nK:D\n Bc |\"G\" d2 cB\"A\" A2 FE |!trill!{g}F2 B4 F^G |\x03");
        QCOMPARE(s.notes.size(), size_t(12));
        QCOMPARE(s.notes[1].key, 73); // c# in D major
        QVERIFY(scoreOf("%%%%]]]]|||:::::((((>>>>''',,,,____^^^^").notes.empty());
    }
};

QTEST_GUILESS_MAIN(MidiAbcTest)
#include "tst_midi_abc.moc"
