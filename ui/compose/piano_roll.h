// PianoRoll draws a Score as coloured bars (one colour per instrument) on a time × pitch grid,
// with a playhead and a shaded generated part, and lets the user edit it: click selects (Ctrl adds),
// dragging moves the selection in time (8 ms steps) and pitch, Delete removes it, and in draw mode
// a click on empty space adds a note of the current instrument. Every edit emits scoreEdited().
// Ctrl+wheel zooms. Put it in a QScrollArea: its width follows the piece length and the zoom.
#pragma once

#include "app/music/codec/score.h"

#include <QSet>
#include <QWidget>

#include <bitset>

class PianoRoll : public QWidget {
    Q_OBJECT
public:
    explicit PianoRoll(QWidget* parent = nullptr);

    void setScore(const rwkv::music::Score& score);
    const rwkv::music::Score& score() const { return score_; }

    // Instruments whose notes are drawn and editable (bit per bin).
    void setVisibleBins(std::bitset<13> bins);
    std::bitset<13> visibleBins() const { return visible_; }

    void setPlayheadMs(double ms);
    double playheadMs() const { return playheadMs_; }
    // Where the generated part starts (shaded); negative for none.
    void setGeneratedFromMs(double ms);

    void setPixelsPerSecond(double pps);
    double pixelsPerSecond() const { return pxPerSecond_; }

    void setDrawMode(bool on) { drawMode_ = on; }
    void setDrawInstrument(int bin) { drawBin_ = bin; }

    QSet<int> selection() const { return selected_; }
    void selectAll();
    void deleteSelection();

    // Geometry, public for tests that click on notes.
    QRectF noteRect(const rwkv::music::ScoreNote& n) const;
    double xForMs(double ms) const { return kKeyboardWidth + ms * pxPerSecond_ / 1000.0; }

    QSize sizeHint() const override;

signals:
    void scoreEdited(const rwkv::music::Score& score);
    void seekRequested(double ms);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    static constexpr int kKeyboardWidth = 36;
    double msForX(double x) const { return (x - kKeyboardWidth) * 1000.0 / pxPerSecond_; }
    double rowHeight() const;
    double yForKey(int key) const;
    int keyForY(double y) const;
    int noteAt(QPointF p) const;
    void updateRange();
    void commitEdit();

    rwkv::music::Score score_;
    std::bitset<13> visible_;
    QSet<int> selected_;
    double playheadMs_ = 0.0;
    double generatedFromMs_ = -1.0;
    double pxPerSecond_ = 80.0;
    int lowKey_ = 36, highKey_ = 96;
    bool drawMode_ = false;
    int drawBin_ = 8; // piano

    // Drag state
    bool dragging_ = false;
    QPointF dragStart_;
    std::vector<rwkv::music::ScoreNote> dragOriginal_;
};
