// ComposePane is the music composition page: a piano roll of the piece (MIDI models) or an ABC
// text editor (ABC models), the token text, transport (play, stop, loop, only the generated part,
// tempo stretch), Generate / Continue / Stop with progress, token count and seconds of music,
// import/export (.mid, .wav, .abc) and the piece library. It holds no engine code: generation goes
// through MusicGenerator, sound through MusicPlayback, saving through PieceStore, which the host
// passes in (any may be null: the matching controls are then disabled).
//
// The piece is kept as the model reads it: "<pad> tok tok …" for MIDI (A.7), or ABC text. Edits in
// the roll re-encode the notes into tokens; edits of the token text redraw the roll.
#pragma once

#include "app/music/codec/score.h"
#include "app/music/music_generation.h"

#include <QWidget>

class MusicGenerator;
class MusicPlayback;
class PieceStore;
class PianoRoll;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTimer;
class QToolButton;

struct ComposeServices {
    MusicGenerator* generator = nullptr;
    MusicPlayback* playback = nullptr;
    PieceStore* store = nullptr;
};

class ComposePane : public QWidget {
    Q_OBJECT
public:
    explicit ComposePane(ComposeServices services, QWidget* parent = nullptr);

    // Call after the host gives the generator another model: switches between MIDI and ABC views.
    void modelChanged();

    // The whole piece text, and replacing it (the generated part then starts at its end).
    QString text() const { return text_; }
    void setText(const QString& text);

    bool isAbc() const { return abc_; }
    // Tokens of the piece without <pad>/<start>/<end> (MIDI) or characters (ABC).
    int tokenCount() const;
    double musicSeconds() const;
    PianoRoll* pianoRoll() const { return roll_; }
    QString statusText() const;

    // Actions (also on the buttons). Errors go to the status line.
    void generate();         // a new piece from <pad> (MIDI) or the ABC prompt
    void continuePiece();    // continue the current piece
    void stopGeneration();
    void play();
    void stopPlayback();
    bool importMidi(const QString& path);
    bool exportMidi(const QString& path);
    bool exportWav(const QString& path);
    bool savePiece();
    bool openPiece(qint64 id);

    // The MIDI file the transport plays (tempo stretch applied).
    rwkv::music::MidiFile currentMidi(bool stretched = true) const;

signals:
    void generationFinished();

private:
    void buildUi();
    void refreshFromText();
    void updateCounters();
    void updateButtons();
    void setStatus(const QString& sentence);
    void startJob(const rwkv::music::MusicContext& context);
    void onToken(const QString& piece, int generated, int maxTokens);
    void onFinished(const rwkv::music::MusicGenerationResult& result);
    void onScoreEdited(const rwkv::music::Score& score);
    void onTextEdited();
    void reloadLibrary();
    double tempoScale() const;

    ComposeServices services_;
    bool abc_ = false;
    QString text_;
    int generatedFrom_ = 0; // characters of text_ before the generated part
    rwkv::music::MusicContext context_; // state after context_.text, when it equals text_
    quint64 contextFingerprint_ = 0;
    qint64 pieceId_ = 0;
    bool applyingText_ = false;

    QLabel* modelLabel_ = nullptr;
    QStackedWidget* views_ = nullptr;
    PianoRoll* roll_ = nullptr;
    QPlainTextEdit* tokensEdit_ = nullptr;
    QPlainTextEdit* abcEdit_ = nullptr;
    QWidget* instrumentRow_ = nullptr;
    QList<QToolButton*> binToggles_;
    QComboBox* drawInstrument_ = nullptr;
    QToolButton* drawMode_ = nullptr;
    QPushButton* generateButton_ = nullptr;
    QPushButton* continueButton_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QCheckBox* pianoOnly_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* counters_ = nullptr;
    QPushButton* playButton_ = nullptr;
    QPushButton* stopPlayButton_ = nullptr;
    QCheckBox* loop_ = nullptr;
    QCheckBox* onlyGenerated_ = nullptr;
    QSpinBox* tempo_ = nullptr;
    QLineEdit* title_ = nullptr;
    QComboBox* library_ = nullptr;
    QLabel* status_ = nullptr;
    QTimer* redrawTimer_ = nullptr;
    QTimer* textEditTimer_ = nullptr;
};
