#include "ui/compose/compose_pane.h"

#include "app/music/codec/abc_to_midi.h"
#include "app/music/codec/midi_decoder.h"
#include "app/music/codec/midi_encoder.h"
#include "app/music/music_generator.h"
#include "app/music/music_playback.h"
#include "app/music/piece_store.h"
#include "app/music/render/midi_renderer.h"
#include "core/error.h"
#include "ui/compose/instrument_colors.h"
#include "ui/compose/piano_roll.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace rwkv::music;

namespace {

// RWKV-Runner's default ABC prompt (docs/MIDI.md A.9); the begin marker is added when generating.
const char* const kAbcPrompt = "S:3\nB:9\nE:4\nB:9\nE:4\nE:4\nB:9\nL:1/8\nM:3/4\nK:D\n Bc |\"G\" d2 cB\"A\" A2 FE |\"Bm\" F2 B4 F^G |";

// "<pad> " + the words of a "<start> … <end>" text.
QString asPrompt(const std::string& tokens)
{
    QString words;
    for (const QString& w : QString::fromStdString(tokens).split(' ', Qt::SkipEmptyParts))
        if (w != "<start>" && w != "<end>" && w != "<pad>")
            words += ' ' + w;
    return "<pad>" + words;
}

const char* finishName(MusicGenerationResult::Finish f)
{
    switch (f) {
    case MusicGenerationResult::Finish::EndOfPiece:
        return "the model ended the piece";
    case MusicGenerationResult::Finish::MaxTokens:
        return "token limit reached";
    case MusicGenerationResult::Finish::Stopped:
        return "stopped";
    case MusicGenerationResult::Finish::Failed:
        return "failed";
    }
    return "";
}

const MidiVocabulary& vocabFor(const MusicGenerator* g)
{
    return g && g->kind() == MusicModelKind::MidiPiano ? MidiVocabulary::piano() : MidiVocabulary::full();
}

} // namespace

ComposePane::ComposePane(ComposeServices services, QWidget* parent) : QWidget(parent), services_(services)
{
    buildUi();
    if (services_.generator) {
        connect(services_.generator, &MusicGenerator::tokenGenerated, this, &ComposePane::onToken);
        connect(services_.generator, &MusicGenerator::finished, this, &ComposePane::onFinished);
    }
    if (services_.playback) {
        connect(services_.playback, &MusicPlayback::positionChanged, this,
                [this](double ms) { roll_->setPlayheadMs(ms * tempoScale()); });
        connect(services_.playback, &MusicPlayback::stopped, this, &ComposePane::updateButtons);
        connect(services_.playback, &MusicPlayback::error, this, &ComposePane::setStatus);
    }
    modelChanged();
    reloadLibrary();
}

void ComposePane::buildUi()
{
    auto* top = new QHBoxLayout;
    modelLabel_ = new QLabel(this);
    title_ = new QLineEdit(this);
    title_->setPlaceholderText(tr("Untitled piece"));
    auto* save = new QPushButton(tr("Save"), this);
    library_ = new QComboBox(this);
    library_->setMinimumWidth(160);
    auto* importButton = new QPushButton(tr("Import .mid…"), this);
    auto* exportMid = new QPushButton(tr("Export .mid…"), this);
    auto* exportWav = new QPushButton(tr("Export .wav…"), this);
    auto* soundFont = new QPushButton(tr("SoundFont…"), this);
    for (QWidget* w : std::initializer_list<QWidget*>{modelLabel_, title_, save, library_, importButton, exportMid, exportWav, soundFont})
        top->addWidget(w);
    save->setEnabled(services_.store != nullptr);
    library_->setEnabled(services_.store != nullptr);
    soundFont->setEnabled(services_.playback != nullptr);
    connect(save, &QPushButton::clicked, this, &ComposePane::savePiece);
    connect(library_, &QComboBox::activated, this, [this](int i) {
        if (const qint64 id = library_->itemData(i).toLongLong(); id > 0)
            openPiece(id);
    });
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Import MIDI"), {}, tr("MIDI files (*.mid *.midi)"));
        if (!p.isEmpty())
            importMidi(p);
    });
    connect(exportMid, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export MIDI"), "piece.mid", tr("MIDI files (*.mid)"));
        if (!p.isEmpty())
            exportMidi(p);
    });
    connect(exportWav, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export audio"), "piece.wav", tr("WAV audio (*.wav)"));
        if (!p.isEmpty())
            this->exportWav(p);
    });
    connect(soundFont, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Choose a SoundFont"), "/usr/share/sounds/sf2", tr("SoundFonts (*.sf2 *.sf3)"));
        if (!p.isEmpty()) {
            services_.playback->setSoundFont(p);
            setStatus(tr("SoundFont: %1").arg(p));
        }
    });

    instrumentRow_ = new QWidget(this);
    auto* instruments = new QHBoxLayout(instrumentRow_);
    instruments->setContentsMargins(0, 0, 0, 0);
    instruments->addWidget(new QLabel(tr("Show:"), this));
    drawInstrument_ = new QComboBox(this);
    for (int b = 0; b < 13; ++b) {
        const auto& bin = MidiVocabulary::full().bins()[size_t(b)];
        auto* t = new QToolButton(this);
        t->setText(QString::fromStdString(bin.shortName));
        t->setToolTip(QString::fromStdString(bin.name));
        t->setCheckable(true);
        t->setChecked(true);
        t->setStyleSheet(QStringLiteral("QToolButton { border: 2px solid %1; padding: 1px 4px; }"
                                        " QToolButton:checked { background: %1; color: black; }")
                             .arg(instrumentColor(b).name()));
        connect(t, &QToolButton::toggled, this, [this] {
            std::bitset<13> bits;
            for (int i = 0; i < binToggles_.size(); ++i)
                bits.set(size_t(i), binToggles_[i]->isChecked());
            roll_->setVisibleBins(bits);
        });
        binToggles_ << t;
        instruments->addWidget(t);
        drawInstrument_->addItem(QString::fromStdString(bin.name), b);
    }
    drawInstrument_->setCurrentIndex(8);
    instruments->addSpacing(12);
    drawMode_ = new QToolButton(this);
    drawMode_->setText(tr("Draw notes"));
    drawMode_->setCheckable(true);
    auto* zoomIn = new QToolButton(this);
    zoomIn->setText("+");
    auto* zoomOut = new QToolButton(this);
    zoomOut->setText("−");
    instruments->addWidget(drawMode_);
    instruments->addWidget(drawInstrument_);
    instruments->addWidget(zoomOut);
    instruments->addWidget(zoomIn);
    instruments->addStretch();

    roll_ = new PianoRoll(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(roll_);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    tokensEdit_ = new QPlainTextEdit(this);
    tokensEdit_->setPlaceholderText(tr("Tokens of the piece"));
    auto* midiPage = new QSplitter(Qt::Vertical, this);
    midiPage->addWidget(scroll);
    midiPage->addWidget(tokensEdit_);
    midiPage->setStretchFactor(0, 4);
    midiPage->setStretchFactor(1, 1);
    midiPage->setSizes({480, 110});
    abcEdit_ = new QPlainTextEdit(this);
    abcEdit_->setFont(QFont("monospace"));
    views_ = new QStackedWidget(this);
    views_->addWidget(midiPage);
    views_->addWidget(abcEdit_);
    connect(drawMode_, &QToolButton::toggled, roll_, &PianoRoll::setDrawMode);
    connect(drawInstrument_, &QComboBox::currentIndexChanged, this,
            [this](int i) { roll_->setDrawInstrument(drawInstrument_->itemData(i).toInt()); });
    connect(zoomIn, &QToolButton::clicked, this, [this] { roll_->setPixelsPerSecond(roll_->pixelsPerSecond() * 1.25); });
    connect(zoomOut, &QToolButton::clicked, this, [this] { roll_->setPixelsPerSecond(roll_->pixelsPerSecond() * 0.8); });
    connect(roll_, &PianoRoll::scoreEdited, this, &ComposePane::onScoreEdited);
    connect(roll_, &PianoRoll::seekRequested, roll_, &PianoRoll::setPlayheadMs);

    auto* transport = new QHBoxLayout;
    playButton_ = new QPushButton(tr("▶ Play"), this);
    stopPlayButton_ = new QPushButton(tr("■ Stop"), this);
    loop_ = new QCheckBox(tr("Loop"), this);
    onlyGenerated_ = new QCheckBox(tr("Only the generated part"), this);
    tempo_ = new QSpinBox(this);
    tempo_->setRange(25, 400);
    tempo_->setValue(100);
    tempo_->setSuffix(" %");
    tempo_->setPrefix(tr("Tempo "));
    for (QWidget* w : std::initializer_list<QWidget*>{playButton_, stopPlayButton_, loop_, onlyGenerated_, tempo_})
        transport->addWidget(w);
    transport->addStretch();
    connect(playButton_, &QPushButton::clicked, this, &ComposePane::play);
    connect(stopPlayButton_, &QPushButton::clicked, this, &ComposePane::stopPlayback);

    auto* generation = new QHBoxLayout;
    generateButton_ = new QPushButton(tr("Generate"), this);
    continueButton_ = new QPushButton(tr("Continue"), this);
    stopButton_ = new QPushButton(tr("Stop"), this);
    maxTokens_ = new QSpinBox(this);
    maxTokens_->setRange(16, 8192);
    maxTokens_->setValue(200);
    maxTokens_->setPrefix(tr("Max tokens "));
    pianoOnly_ = new QCheckBox(tr("Piano only"), this);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setMaximumWidth(260);
    counters_ = new QLabel(this);
    counters_->setMinimumWidth(220);
    for (QWidget* w : std::initializer_list<QWidget*>{generateButton_, continueButton_, stopButton_, maxTokens_, pianoOnly_, progress_, counters_})
        generation->addWidget(w);
    connect(generateButton_, &QPushButton::clicked, this, &ComposePane::generate);
    connect(continueButton_, &QPushButton::clicked, this, &ComposePane::continuePiece);
    connect(stopButton_, &QPushButton::clicked, this, &ComposePane::stopGeneration);

    status_ = new QLabel(this);
    status_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(instrumentRow_);
    layout->addWidget(views_, 1);
    layout->addLayout(transport);
    layout->addLayout(generation);
    layout->addWidget(status_);

    redrawTimer_ = new QTimer(this);
    redrawTimer_->setSingleShot(true);
    redrawTimer_->setInterval(150);
    connect(redrawTimer_, &QTimer::timeout, this, &ComposePane::refreshFromText);
    textEditTimer_ = new QTimer(this);
    textEditTimer_->setSingleShot(true);
    textEditTimer_->setInterval(400);
    connect(textEditTimer_, &QTimer::timeout, this, &ComposePane::onTextEdited);
    connect(tokensEdit_, &QPlainTextEdit::textChanged, this, [this] {
        if (!applyingText_)
            textEditTimer_->start();
    });
    connect(abcEdit_, &QPlainTextEdit::textChanged, this, [this] {
        if (!applyingText_)
            textEditTimer_->start();
    });
}

void ComposePane::modelChanged()
{
    const auto kind = services_.generator ? services_.generator->kind() : std::nullopt;
    const bool abc = kind == MusicModelKind::Abc;
    if (kind)
        modelLabel_->setText(tr("%1 model").arg(musicModelKindName(*kind)));
    else
        modelLabel_->setText(tr("No music model"));
    if (abc != abc_ || text_.isEmpty()) {
        abc_ = abc;
        text_ = abc_ ? QString::fromLatin1(kAbcPrompt) : QStringLiteral("<pad>");
        generatedFrom_ = int(text_.size());
        context_ = {};
    }
    views_->setCurrentIndex(abc_ ? 1 : 0);
    instrumentRow_->setVisible(!abc_);
    pianoOnly_->setEnabled(kind == MusicModelKind::Midi);
    refreshFromText();
    updateButtons();
}

void ComposePane::setText(const QString& text)
{
    text_ = text;
    generatedFrom_ = int(text_.size());
    refreshFromText();
}

void ComposePane::refreshFromText()
{
    applyingText_ = true;
    if (abc_) {
        if (abcEdit_->toPlainText() != text_)
            abcEdit_->setPlainText(text_);
    } else {
        const std::string t = text_.toStdString();
        roll_->setScore(scoreFromTokens(wrapForDecoding(t), vocabFor(services_.generator)));
        const bool hasGenerated = generatedFrom_ > 0 && generatedFrom_ < text_.size();
        roll_->setGeneratedFromMs(hasGenerated ? tokenTextDurationMs(t.substr(0, size_t(generatedFrom_))) : -1.0);
        if (tokensEdit_->toPlainText() != text_)
            tokensEdit_->setPlainText(text_);
    }
    applyingText_ = false;
    updateCounters();
}

int ComposePane::tokenCount() const
{
    if (abc_)
        return int(text_.size());
    int n = 0;
    for (const QString& w : text_.split(QRegularExpression("\\s+"), Qt::SkipEmptyParts))
        n += w != "<pad>" && w != "<start>" && w != "<end>";
    return n;
}

double ComposePane::musicSeconds() const
{
    if (abc_)
        return durationMs(abcToMidi(text_.toStdString())) / 1000.0;
    return tokenTextDurationMs(text_.toStdString()) / 1000.0;
}

QString ComposePane::statusText() const
{
    return status_->text();
}

void ComposePane::updateCounters()
{
    counters_->setText((abc_ ? tr("%1 characters · %2 s of music") : tr("%1 tokens · %2 s of music"))
                           .arg(tokenCount())
                           .arg(musicSeconds(), 0, 'f', 1));
}

void ComposePane::updateButtons()
{
    const bool model = services_.generator && services_.generator->hasModel();
    const bool running = services_.generator && services_.generator->isRunning();
    generateButton_->setEnabled(model && !running);
    continueButton_->setEnabled(model && !running);
    stopButton_->setEnabled(running);
    // The piece grows token by token while generating: no edits until it is done.
    tokensEdit_->setReadOnly(running);
    abcEdit_->setReadOnly(running);
    roll_->setEnabled(!running);
    playButton_->setEnabled(services_.playback != nullptr);
    stopPlayButton_->setEnabled(services_.playback && services_.playback->isPlaying());
}

void ComposePane::setStatus(const QString& sentence)
{
    status_->setText(sentence);
    updateButtons();
}

void ComposePane::generate()
{
    if (abc_) {
        text_ = abcEdit_->toPlainText().trimmed().isEmpty() ? QString::fromLatin1(kAbcPrompt) : abcEdit_->toPlainText();
    } else {
        text_ = QStringLiteral("<pad>");
        pieceId_ = 0;
    }
    generatedFrom_ = int(text_.size());
    context_ = {};
    refreshFromText();
    startJob({.text = text_.toStdString()});
}

void ComposePane::continuePiece()
{
    generatedFrom_ = int(text_.size());
    const bool resumable = (!context_.state.empty() || !context_.stateBeforeLast.empty()) &&
                           context_.text == text_.toStdString() && services_.generator &&
                           contextFingerprint_ == services_.generator->modelFingerprint();
    startJob(resumable ? context_ : MusicContext{.text = text_.toStdString()});
}

void ComposePane::startJob(const MusicContext& context)
{
    if (!services_.generator || !services_.generator->hasModel()) {
        setStatus(tr("Load an RWKV MIDI or ABC music model to compose."));
        return;
    }
    MusicSamplingSettings settings;
    settings.maxTokens = maxTokens_->value();
    settings.pianoOnly = pianoOnly_->isChecked() && pianoOnly_->isEnabled();
    if (!services_.generator->start(context, settings)) {
        setStatus(tr("A generation is already running."));
        return;
    }
    progress_->setRange(0, settings.maxTokens);
    progress_->setValue(0);
    setStatus(tr("Generating…"));
}

void ComposePane::stopGeneration()
{
    if (services_.generator)
        services_.generator->stop();
}

void ComposePane::onToken(const QString& piece, int generated, int maxTokens)
{
    text_ += piece;
    progress_->setRange(0, maxTokens);
    progress_->setValue(generated);
    if (!redrawTimer_->isActive())
        redrawTimer_->start();
}

void ComposePane::onFinished(const MusicGenerationResult& result)
{
    redrawTimer_->stop();
    if (result.finish == MusicGenerationResult::Finish::Failed) {
        setStatus(tr("Generation failed: %1").arg(QString::fromStdString(result.error)));
    } else {
        if (!result.after.state.empty() || !result.after.stateBeforeLast.empty()) {
            context_ = result.after;
            contextFingerprint_ = services_.generator->modelFingerprint();
            text_ = QString::fromStdString(result.after.text);
        }
        setStatus(tr("Generated %1 tokens (%2).").arg(result.generatedTokens).arg(finishName(result.finish)));
    }
    progress_->setValue(progress_->maximum());
    refreshFromText();
    updateButtons();
    emit generationFinished();
}

void ComposePane::onScoreEdited(const Score& score)
{
    text_ = asPrompt(tokensFromScore(score, vocabFor(services_.generator)));
    generatedFrom_ = 0; // an edited piece has no generated part any more
    roll_->setGeneratedFromMs(-1.0);
    applyingText_ = true;
    tokensEdit_->setPlainText(text_);
    applyingText_ = false;
    updateCounters();
}

void ComposePane::onTextEdited()
{
    text_ = abc_ ? abcEdit_->toPlainText() : tokensEdit_->toPlainText();
    generatedFrom_ = std::min(generatedFrom_, int(text_.size()));
    refreshFromText();
}

double ComposePane::tempoScale() const
{
    return tempo_->value() / 100.0;
}

MidiFile ComposePane::currentMidi(bool stretched) const
{
    MidiFile file = abc_ ? abcToMidi(text_.toStdString())
                         : decodeTokens(wrapForDecoding(text_.toStdString()), vocabFor(services_.generator));
    const double scale = tempoScale();
    if (!stretched || scale == 1.0 || file.tracks.empty())
        return file;
    bool tempoAtStart = false;
    for (auto& track : file.tracks)
        for (auto& e : track.events)
            if (e.kind == MidiEvent::Kind::Meta && e.data1 == kMetaTempo && e.payload.size() == 3) {
                const uint32_t us = uint32_t(e.payload[0]) << 16 | uint32_t(e.payload[1]) << 8 | e.payload[2];
                e = MidiEvent::tempo(e.tick, uint32_t(std::clamp(us / scale, 1.0, 16777215.0)));
                tempoAtStart = tempoAtStart || e.tick == 0;
            }
    if (!tempoAtStart)
        file.tracks[0].events.insert(file.tracks[0].events.begin(), MidiEvent::tempo(0, uint32_t(500000 / scale)));
    return file;
}

void ComposePane::play()
{
    if (!services_.playback)
        return;
    double startMs = 0.0; // in the piece's own time
    if (onlyGenerated_->isChecked() && generatedFrom_ > 0 && generatedFrom_ < text_.size() && !abc_)
        startMs = std::max(0.0, tokenTextDurationMs(text_.left(generatedFrom_).toStdString()) - 1000.0);
    if (services_.playback->play(currentMidi(true), startMs / tempoScale(), loop_->isChecked()))
        setStatus(tr("Playing."));
}

void ComposePane::stopPlayback()
{
    if (services_.playback)
        services_.playback->stop();
}

bool ComposePane::importMidi(const QString& path)
{
    try {
        const MidiFile file = readMidiFile(path.toStdString());
        if (abc_) {
            setStatus(tr("An ABC model is loaded: load a MIDI model to continue a .mid file."));
            return false;
        }
        text_ = asPrompt(encodeMidi(file, vocabFor(services_.generator)).front());
        generatedFrom_ = int(text_.size());
        context_ = {};
        pieceId_ = 0;
        title_->setText(QFileInfo(path).completeBaseName());
        refreshFromText();
        setStatus(tr("Imported %1: %2 tokens. Press Continue to extend it.").arg(QFileInfo(path).fileName()).arg(tokenCount()));
        return true;
    } catch (const rwkv::Error& e) {
        setStatus(tr("Cannot import: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
}

bool ComposePane::exportMidi(const QString& path)
{
    try {
        saveMidiFile(currentMidi(false), path.toStdString());
        setStatus(tr("Saved %1.").arg(path));
        return true;
    } catch (const rwkv::Error& e) {
        setStatus(QString::fromStdString(e.what()));
        return false;
    }
}

bool ComposePane::exportWav(const QString& path)
{
    try {
        RenderOptions options;
        if (services_.playback)
            options.soundFont = services_.playback->soundFont().toStdString();
        writeWav(renderMidi(currentMidi(true), options), path.toStdString());
        setStatus(tr("Rendered %1.").arg(path));
        return true;
    } catch (const rwkv::Error& e) {
        setStatus(QString::fromStdString(e.what()));
        return false;
    }
}

bool ComposePane::savePiece()
{
    if (!services_.store)
        return false;
    MusicPiece p;
    p.id = pieceId_;
    p.title = title_->text().trimmed().isEmpty() ? tr("Untitled piece") : title_->text().trimmed();
    p.kind = abc_ ? "ABC" : "MIDI";
    p.text = text_;
    p.generatedFrom = generatedFrom_;
    std::optional<PieceResumePoint> resume;
    if (!context_.stateBeforeLast.empty() && context_.text == text_.toStdString()) {
        resume = PieceResumePoint{};
        resume->modelFingerprint = contextFingerprint_;
        resume->stateBeforeLast = QByteArray(reinterpret_cast<const char*>(context_.stateBeforeLast.data()),
                                             qsizetype(context_.stateBeforeLast.size()));
        resume->lastToken = context_.lastToken;
        resume->coveredTokens = context_.coveredTokens;
    }
    auto id = services_.store->save(p, resume);
    if (!id.ok()) {
        setStatus(id.errorString());
        return false;
    }
    pieceId_ = id.value();
    reloadLibrary();
    setStatus(tr("Saved \"%1\".").arg(p.title));
    return true;
}

bool ComposePane::openPiece(qint64 id)
{
    if (!services_.store)
        return false;
    const quint64 fingerprint = services_.generator ? services_.generator->modelFingerprint() : 0;
    auto loaded = services_.store->load(id, fingerprint);
    if (!loaded.ok()) {
        setStatus(loaded.errorString());
        return false;
    }
    const MusicPiece& p = loaded.value();
    pieceId_ = p.id;
    title_->setText(p.title);
    text_ = p.text;
    generatedFrom_ = std::clamp(p.generatedFrom, 0, int(text_.size()));
    context_ = {};
    if (p.resume && services_.generator && services_.generator->kind()) {
        // Resume only when the saved state covers exactly this text's tokens.
        const std::string t = text_.toStdString();
        const auto ids = services_.generator->kind() == MusicModelKind::Abc
                             ? abcPromptIds(t)
                             : midiPromptIds(t, vocabFor(services_.generator).size());
        if (int(ids.size()) == p.resume->coveredTokens + 1 && ids.back() == p.resume->lastToken) {
            context_.text = t;
            context_.stateBeforeLast.assign(p.resume->stateBeforeLast.begin(), p.resume->stateBeforeLast.end());
            context_.lastToken = p.resume->lastToken;
            context_.coveredTokens = p.resume->coveredTokens;
            contextFingerprint_ = p.resume->modelFingerprint;
        }
    }
    refreshFromText();
    setStatus(tr("Opened \"%1\".").arg(p.title));
    return true;
}

void ComposePane::reloadLibrary()
{
    library_->clear();
    library_->addItem(tr("Library…"), 0);
    if (!services_.store)
        return;
    auto pieces = services_.store->list();
    if (!pieces.ok()) {
        setStatus(pieces.errorString());
        return;
    }
    for (const MusicPiece& p : pieces.value())
        library_->addItem(QStringLiteral("%1 (%2)").arg(p.title, p.kind), p.id);
}
