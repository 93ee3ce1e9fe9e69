// MidiVocabulary: the word list, ids and velocity bins of the MIDI music models (docs/MIDI.md A.2-A.4, A.8).
#include "app/music/codec/midi_vocabulary.h"
#include "fixtures.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace rwkv::music;

class MidiVocabularyTest : public QObject {
    Q_OBJECT
private slots:
    void idsAgreeWithTokenizerJson()
    {
        RWKV_REQUIRE_FIXTURE("midi/tokenizer-midi.json");
        QFile f(rwkvtest::fixture("midi/tokenizer-midi.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject vocabJson = QJsonDocument::fromJson(f.readAll()).object()["model"].toObject()["vocab"].toObject();
        const MidiVocabulary& v = MidiVocabulary::full();
        QCOMPARE(vocabJson.size(), 20096);
        QCOMPARE(v.size(), 20096);
        for (auto it = vocabJson.begin(); it != vocabJson.end(); ++it) {
            const std::string word = it.key().toStdString();
            const int id = it.value().toInt();
            QVERIFY2(v.tokenId(word) == id, word.c_str());
            QCOMPARE(QString::fromStdString(v.tokenText(id)), it.key());
        }
    }

    void noteIdsFollowTheFormulaExamples()
    {
        const MidiVocabulary& v = MidiVocabulary::full();
        const std::pair<int, const char*> examples[] = {{128, "p:0:0"},   {1663, "p:7f:b"},   {1664, "d:0:0"},
                                                        {12416, "pi:0:0"}, {13951, "pi:7f:b"}, {13952, "s:0:0"},
                                                        {20095, "pa:7f:b"}, {3, "t1"},         {127, "t125"}};
        for (const auto& [id, text] : examples) {
            QCOMPARE(v.tokenText(id), std::string(text));
            QCOMPARE(v.tokenId(text), std::optional<int>(id));
        }
        QCOMPARE(v.noteTokenId({8, 60, 10}), 128 + 8 * 1536 + 60 * 12 + 10);
    }

    void velocityTablesMatchTheSpec()
    {
        const MidiVocabulary& v = MidiVocabulary::full();
        const int decode[12] = {0, 8, 17, 27, 37, 47, 58, 70, 83, 97, 111, 127};
        const int lowest[12] = {0, 1, 9, 18, 28, 38, 48, 59, 71, 84, 98, 112};
        for (int b = 0; b < 12; ++b) {
            QCOMPARE(v.binToVelocity(b), decode[b]);
            QCOMPARE(v.velocityToBin(lowest[b]), b);
            if (b > 0)
                QCOMPARE(v.velocityToBin(lowest[b] - 1), b - 1);
            QCOMPARE(v.velocityToBin(v.binToVelocity(b)), b); // decoding then encoding keeps the bin
        }
        const int pianoDecode[16] = {0, 5, 10, 16, 22, 29, 36, 43, 51, 59, 68, 78, 88, 100, 113, 127};
        for (int b = 0; b < 16; ++b) {
            QCOMPARE(MidiVocabulary::piano().binToVelocity(b), pianoDecode[b]);
            QCOMPARE(MidiVocabulary::piano().velocityToBin(pianoDecode[b]), b);
        }
    }

    void pianoVocabularyHas2176Words()
    {
        const MidiVocabulary& p = MidiVocabulary::piano();
        QCOMPARE(p.size(), 2176);
        QCOMPARE(p.tokenText(2175), std::string("p:7f:f"));
        QCOMPARE(p.binFor(40, 0), 0);
        QCOMPARE(p.binFor(0, 9), -1); // no drum bin
        QVERIFY(&MidiVocabulary::forVocabSize(2176) == &p);
        QVERIFY(&MidiVocabulary::forVocabSize(20096) == &MidiVocabulary::full());
    }

    void drumChannelGoesToPercussionWhateverTheProgram()
    {
        const MidiVocabulary& v = MidiVocabulary::full();
        QCOMPARE(v.binFor(40, 9), 0);
        QCOMPARE(v.binFor(40, 3), 6);  // violin
        QCOMPARE(v.binFor(47, 3), 1);  // timpani: melodic drum
        QCOMPARE(v.binFor(55, 3), -1); // orchestra hit: dropped
    }

    void waitWordsAndTubaAreToldApart()
    {
        const MidiVocabulary& v = MidiVocabulary::full();
        QVERIFY(isWaitWord("t12"));
        QVERIFY(!isWaitWord("t:3c:5"));
        QVERIFY(!isWaitWord("tr:3c:5"));
        QCOMPARE(v.tokenId("t:3c:5"), std::optional<int>(3200 + 60 * 12 + 5));
        QCOMPARE(v.tokenId("TR:3C:5"), std::optional<int>(10880 + 60 * 12 + 5)); // lowercased first
        QVERIFY(!v.tokenId("t126"));
        QVERIFY(!v.tokenId("t0"));
        QVERIFY(!v.tokenId("t05"));
        QVERIFY(!v.tokenId("pi:80:1"));
        QVERIFY(!v.tokenId("pi:3c:c"));
        QVERIFY(!v.tokenId("zz:3c:1"));
    }

    void unknownWordsEncodeAsPad()
    {
        const auto ids = MidiVocabulary::full().encodeText("<start>  pi:3c:a\tbogus t10\n<end>");
        QCOMPARE(ids, (std::vector<int>{1, 12416 + 60 * 12 + 10, 0, 12, 2}));
        QCOMPARE(MidiVocabulary::full().decodeIds({1, 12, 99999, 2}), std::string("<start> t10 <end>"));
    }
};

QTEST_GUILESS_MAIN(MidiVocabularyTest)
#include "tst_midi_vocabulary.moc"
