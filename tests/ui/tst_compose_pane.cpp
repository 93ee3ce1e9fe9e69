// ComposePane: generation with a random music checkpoint fills the piano roll, roll edits rewrite
// the tokens, import/export, the piece library, ABC mode and playback without a sound card.
// With RWKV_SCREENSHOT_DIR set, the pane is also saved as PNG images there.
#include "app/music/codec/midi_encoder.h"
#include "app/music/codec/midi_file.h"
#include "app/music/music_generator.h"
#include "app/music/music_playback.h"
#include "app/music/piece_store.h"
#include "app/music/render/midi_renderer.h"
#include "app/music_test_model.h"
#include "fixtures.h"
#include "signal_wait.h"
#include "model/random_checkpoint.h"
#include "ui/compose/compose_pane.h"
#include "ui/compose/piano_roll.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

void screenshot(QWidget& w, const QString& name)
{
    const QString dir = qEnvironmentVariable("RWKV_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        w.grab().save(dir + "/" + name + ".png");
}

std::shared_ptr<const rwkv::Model> randomMusicModel(const QTemporaryDir& dir)
{
    rwkv::RandomModelSpec spec;
    spec.arch = rwkv::Arch::V4;
    spec.layers = 2;
    spec.embd = 64;
    spec.vocab = 20096;
    const std::string path = dir.filePath("music.safetensors").toStdString();
    rwkv::writeRandomModel(path, spec);
    return rwkv::Model::load(path);
}

} // namespace

class ComposePaneTest : public QObject {
    Q_OBJECT
private slots:
    void generatesWithARandomMusicModelAndShowsNotes()
    {
        QTemporaryDir dir;
        MusicGenerator generator;
        const auto model = randomMusicModel(dir);
        QVERIFY(generator.setModel(model));
        auto store = PieceStore::open(dir.filePath("studio.sqlite"));
        QVERIFY(store.ok());
        ComposePane pane({&generator, nullptr, &store.value()});
        pane.resize(1200, 700);
        pane.show();
        QSignalSpy done(&pane, &ComposePane::generationFinished);
        pane.generate();
        QVERIFY(rwkvtest::waitForCount(done));
        QVERIFY2(pane.tokenCount() > 0, qPrintable(pane.statusText()));
        QVERIFY(pane.text().startsWith("<pad> "));
        QVERIFY(!pane.pianoRoll()->score().notes.empty());
        QVERIFY(pane.statusText().contains("Generated"));
        screenshot(pane, "compose-generated");

        // Saved with its state: reopening and continuing reads only the last token again.
        QVERIFY(pane.savePiece());
        const QString before = pane.text();
        pane.setText("<pad>");
        QVERIFY(pane.openPiece(1));
        QCOMPARE(pane.text(), before);
        done.clear();
        const auto evaluated = model->tokensEvaluated();
        QSignalSpy tokens(&generator, &MusicGenerator::tokenGenerated);
        pane.continuePiece();
        QVERIFY(rwkvtest::waitForCount(done));
        QCOMPARE(model->tokensEvaluated() - evaluated, uint64_t(tokens.size() + 1));
        QVERIFY(pane.text().startsWith(before));
        QVERIFY(pane.tokenCount() > 0);
    }

    void rollEditsRewriteTheTokens()
    {
        ComposePane pane({});
        pane.resize(1000, 600);
        pane.show();
        pane.setText("<pad> pi:3c:a t62 pi:3c:0");
        PianoRoll* roll = pane.pianoRoll();
        QCOMPARE(roll->score().notes.size(), size_t(1));
        QVERIFY(QTest::qWaitForWindowExposed(&pane));

        // Drag the note one semitone up and ~100 ms later.
        const QRectF r = roll->noteRect(roll->score().notes[0]);
        const QPoint from = r.center().toPoint();
        const QPoint to = from + QPoint(int(roll->pixelsPerSecond() / 10), -int(std::ceil(r.height())));
        QTest::mousePress(roll, Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, to, roll->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(roll, &move);
        QTest::mouseRelease(roll, Qt::LeftButton, {}, to);
        QVERIFY2(pane.text().contains("pi:3d:a"), qPrintable(pane.text()));

        // Draw a violin note in empty space.
        roll->setDrawMode(true);
        roll->setDrawInstrument(6);
        QTest::mouseClick(roll, Qt::LeftButton, {}, QPoint(int(roll->xForMs(2000)), 10));
        QVERIFY2(pane.text().contains(" v:"), qPrintable(pane.text()));
        QCOMPARE(roll->score().notes.size(), size_t(2));
        screenshot(pane, "compose-edited");

        // Delete everything: only the separator is left.
        roll->selectAll();
        QTest::keyClick(roll, Qt::Key_Delete);
        QCOMPARE(pane.text(), QString("<pad>"));
        QCOMPARE(pane.tokenCount(), 0);
    }

    void importsAndExportsMidiAndWav()
    {
        RWKV_REQUIRE_FIXTURE("midi/sample2-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        const QString fixture = rwkvtest::fixture("midi/sample2-RWKV-4-MIDI-120M-v1-20230714-ctx4096.mid");
        ComposePane pane({});
        QVERIFY(pane.importMidi(fixture));
        const auto expected = rwkv::music::encodeMidi(rwkv::music::readMidiFile(fixture.toStdString())).front();
        QCOMPARE(pane.tokenCount(), int(QString::fromStdString(expected).split(' ').size()) - 2);
        QVERIFY(pane.musicSeconds() > 10.0);
        QVERIFY(pane.pianoRoll()->score().notes.size() > 50);
        pane.resize(1200, 700);
        pane.show();
        pane.pianoRoll()->setPlayheadMs(4000);
        screenshot(pane, "compose-imported");

        QTemporaryDir dir;
        QVERIFY(pane.exportMidi(dir.filePath("out.mid")));
        QCOMPARE(QString::fromStdString(rwkv::music::encodeMidi(rwkv::music::readMidiFile(dir.filePath("out.mid").toStdString())).front())
                     .split(' ')
                     .size(),
                 pane.tokenCount() + 2);
        if (!rwkv::music::defaultSoundFont().empty()) {
            QVERIFY(pane.exportWav(dir.filePath("out.wav")));
            QVERIFY(QFileInfo(dir.filePath("out.wav")).size() > 44100 * 4 * 10);
        }

        QFile junk(dir.filePath("junk.mid"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("MThd garbage");
        junk.close();
        QVERIFY(!pane.importMidi(dir.filePath("junk.mid")));
        QVERIFY(pane.statusText().startsWith("Cannot import"));
    }

    void abcModelShowsTheTextEditorAndAppendsCharacters()
    {
        MusicGenerator generator;
        QVERIFY(generator.setModel(std::make_shared<MusicTestModel>(128)));
        ComposePane pane({&generator, nullptr, nullptr});
        pane.resize(900, 500);
        pane.show();
        QVERIFY(pane.isAbc());
        QVERIFY(pane.text().contains("K:D"));
        QVERIFY(pane.musicSeconds() > 1.0);
        const int before = pane.tokenCount();
        QSignalSpy done(&pane, &ComposePane::generationFinished);
        pane.continuePiece();
        QVERIFY(rwkvtest::waitForCount(done));
        QVERIFY(pane.tokenCount() > before);
        screenshot(pane, "compose-abc");
    }

    void playbackWithoutASoundCardSaysSo()
    {
        MusicPlayback playback;
        ComposePane pane({nullptr, &playback, nullptr});
        pane.setText("<pad> pi:3c:a t62 pi:3c:0");
        pane.play();
        // Either a device exists and it plays, or the status line explains why it cannot.
        if (!playback.isPlaying())
            QVERIFY2(pane.statusText().contains("audio") || pane.statusText().contains("SoundFont"),
                     qPrintable(pane.statusText()));
        pane.stopPlayback();
    }

    void generateWithoutAModelAsksForOne()
    {
        ComposePane pane({});
        pane.generate();
        QVERIFY(pane.statusText().contains("music model"));
    }
};

QTEST_MAIN(ComposePaneTest)
#include "tst_compose_pane.moc"
