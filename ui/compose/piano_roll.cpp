#include "ui/compose/piano_roll.h"

#include "ui/compose/instrument_colors.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using rwkv::music::Score;
using rwkv::music::ScoreNote;

namespace {
bool isBlackKey(int key)
{
    const int k = key % 12;
    return k == 1 || k == 3 || k == 6 || k == 8 || k == 10;
}
constexpr double kStepMs = 8.0; // one wait token
} // namespace

PianoRoll::PianoRoll(QWidget* parent) : QWidget(parent)
{
    visible_.set();
    setFocusPolicy(Qt::ClickFocus);
    setMouseTracking(false);
    setMinimumHeight(240);
    updateRange();
}

void PianoRoll::setScore(const Score& score)
{
    score_ = score;
    selected_.clear();
    updateRange();
    update();
}

void PianoRoll::setVisibleBins(std::bitset<13> bins)
{
    visible_ = bins;
    QSet<int> kept;
    for (int i : selected_)
        if (visible_.test(size_t(score_.notes[size_t(i)].bin)))
            kept.insert(i);
    selected_ = kept;
    update();
}

void PianoRoll::setPlayheadMs(double ms)
{
    playheadMs_ = ms;
    update();
}

void PianoRoll::setGeneratedFromMs(double ms)
{
    generatedFromMs_ = ms;
    update();
}

void PianoRoll::setPixelsPerSecond(double pps)
{
    pxPerSecond_ = std::clamp(pps, 5.0, 2000.0);
    updateRange();
    update();
}

void PianoRoll::selectAll()
{
    selected_.clear();
    for (size_t i = 0; i < score_.notes.size(); ++i)
        if (visible_.test(size_t(score_.notes[i].bin)))
            selected_.insert(int(i));
    update();
}

void PianoRoll::deleteSelection()
{
    if (selected_.isEmpty())
        return;
    std::vector<ScoreNote> kept;
    for (size_t i = 0; i < score_.notes.size(); ++i)
        if (!selected_.contains(int(i)))
            kept.push_back(score_.notes[i]);
    score_.notes = std::move(kept);
    selected_.clear();
    commitEdit();
}

QSize PianoRoll::sizeHint() const
{
    return {int(std::min(xForMs(score_.lengthMs + 2000.0), 16000000.0)), 360};
}

void PianoRoll::updateRange()
{
    int lo = 60, hi = 72;
    for (const auto& n : score_.notes) {
        lo = std::min(lo, n.key);
        hi = std::max(hi, n.key);
    }
    lowKey_ = std::max(0, lo - 3);
    highKey_ = std::min(127, hi + 3);
    setMinimumWidth(int(std::min(xForMs(score_.lengthMs + 2000.0), 16000000.0))); // QWIDGETSIZE_MAX
    updateGeometry();
}

double PianoRoll::rowHeight() const
{
    return double(height()) / double(highKey_ - lowKey_ + 1);
}

double PianoRoll::yForKey(int key) const
{
    return double(highKey_ - key) * rowHeight();
}

int PianoRoll::keyForY(double y) const
{
    return std::clamp(highKey_ - int(std::floor(y / rowHeight())), 0, 127);
}

QRectF PianoRoll::noteRect(const ScoreNote& n) const
{
    const double x0 = xForMs(n.startMs);
    const double x1 = std::max(x0 + 2.0, xForMs(n.endMs));
    return QRectF(x0, yForKey(n.key) + 0.5, x1 - x0, std::max(1.0, rowHeight() - 1.0));
}

int PianoRoll::noteAt(QPointF p) const
{
    for (int i = int(score_.notes.size()) - 1; i >= 0; --i) {
        const auto& n = score_.notes[size_t(i)];
        if (visible_.test(size_t(n.bin)) && noteRect(n).adjusted(-1, -1, 1, 1).contains(p))
            return i;
    }
    return -1;
}

void PianoRoll::paintEvent(QPaintEvent* event)
{
    QPainter p(this);
    const QRect r = event->rect();
    p.fillRect(r, palette().color(QPalette::Base));
    const double rh = rowHeight();
    for (int key = lowKey_; key <= highKey_; ++key) {
        const QRectF row(kKeyboardWidth, yForKey(key), width(), rh);
        if (isBlackKey(key))
            p.fillRect(row, palette().color(QPalette::AlternateBase));
        if (key % 12 == 0) {
            p.setPen(QColor(128, 128, 128, 90));
            p.drawLine(QPointF(kKeyboardWidth, row.bottom()), QPointF(width(), row.bottom()));
        }
    }
    if (generatedFromMs_ >= 0.0) {
        const double gx = xForMs(generatedFromMs_);
        p.fillRect(QRectF(gx, 0, width() - gx, height()), QColor(255, 220, 120, 28));
        p.setPen(QPen(QColor(230, 160, 40), 1, Qt::DashLine));
        p.drawLine(QPointF(gx, 0), QPointF(gx, height()));
    }
    // One line per second, brighter every 5 s.
    p.setFont(QFont(font().family(), 7));
    for (int s = int(std::max(0.0, msForX(r.left())) / 1000.0); xForMs(s * 1000.0) <= r.right(); ++s) {
        const double x = xForMs(s * 1000.0);
        p.setPen(QColor(128, 128, 128, s % 5 ? 40 : 110));
        p.drawLine(QPointF(x, 0), QPointF(x, height()));
        if (s % 5 == 0) {
            p.setPen(palette().color(QPalette::Text));
            p.drawText(QPointF(x + 2, 10), QString::number(s) + "s");
        }
    }
    for (size_t i = 0; i < score_.notes.size(); ++i) {
        const auto& n = score_.notes[i];
        if (!visible_.test(size_t(n.bin)))
            continue;
        const QRectF nr = noteRect(n);
        if (!nr.intersects(r))
            continue;
        QColor c = instrumentColor(n.bin);
        c.setAlpha(110 + n.velocityBin * 12);
        p.fillRect(nr, c);
        if (selected_.contains(int(i))) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 2));
            p.drawRect(nr);
        }
    }
    // Keyboard strip.
    const QRectF keys(0, 0, kKeyboardWidth, height());
    p.fillRect(keys, palette().color(QPalette::Window));
    for (int key = lowKey_; key <= highKey_; ++key) {
        const QRectF kr(0, yForKey(key), kKeyboardWidth - 4, rh);
        p.fillRect(kr.adjusted(0, 0.5, 0, -0.5), isBlackKey(key) ? QColor(40, 40, 40) : QColor(245, 245, 245));
        if (key % 12 == 0 && rh >= 9) {
            p.setPen(Qt::black);
            p.drawText(kr.adjusted(2, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, "C" + QString::number(key / 12 - 1));
        }
    }
    p.setPen(QPen(QColor(220, 40, 40), 2));
    const double px = xForMs(playheadMs_);
    p.drawLine(QPointF(px, 0), QPointF(px, height()));
}

void PianoRoll::mousePressEvent(QMouseEvent* event)
{
    setFocus();
    const QPointF pos = event->position();
    if (pos.x() < kKeyboardWidth)
        return;
    if (event->button() == Qt::RightButton) {
        emit seekRequested(std::max(0.0, msForX(pos.x())));
        return;
    }
    const int hit = noteAt(pos);
    const bool additive = event->modifiers() & Qt::ControlModifier;
    if (hit < 0) {
        if (drawMode_) {
            ScoreNote n;
            n.bin = drawBin_;
            n.key = keyForY(pos.y());
            n.velocityBin = 8;
            n.startMs = std::round(std::max(0.0, msForX(pos.x())) / kStepMs) * kStepMs;
            n.endMs = n.startMs + 248.0;
            score_.notes.push_back(n);
            std::stable_sort(score_.notes.begin(), score_.notes.end(),
                             [](const ScoreNote& a, const ScoreNote& b) { return a.startMs < b.startMs; });
            selected_.clear();
            commitEdit();
            return;
        }
        if (!additive)
            selected_.clear();
        update();
        return;
    }
    if (additive) {
        if (selected_.contains(hit))
            selected_.remove(hit);
        else
            selected_.insert(hit);
    } else if (!selected_.contains(hit)) {
        selected_ = {hit};
    }
    dragging_ = true;
    dragStart_ = pos;
    dragOriginal_ = score_.notes;
    update();
}

void PianoRoll::mouseMoveEvent(QMouseEvent* event)
{
    if (!dragging_)
        return;
    const QPointF d = event->position() - dragStart_;
    const double dt = std::round(d.x() * 1000.0 / pxPerSecond_ / kStepMs) * kStepMs;
    const int dk = -int(std::round(d.y() / rowHeight()));
    for (int i : selected_) {
        const auto& o = dragOriginal_[size_t(i)];
        auto& n = score_.notes[size_t(i)];
        const double start = std::max(0.0, o.startMs + dt);
        n.endMs = start + (o.endMs - o.startMs);
        n.startMs = start;
        n.key = std::clamp(o.key + dk, 0, 127);
    }
    update();
}

void PianoRoll::mouseReleaseEvent(QMouseEvent*)
{
    if (!dragging_)
        return;
    dragging_ = false;
    bool moved = false;
    for (int i : selected_)
        moved = moved || !(score_.notes[size_t(i)] == dragOriginal_[size_t(i)]);
    dragOriginal_.clear();
    if (moved)
        commitEdit();
}

void PianoRoll::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
        deleteSelection();
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    QWidget::keyPressEvent(event);
}

void PianoRoll::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        setPixelsPerSecond(pxPerSecond_ * (event->angleDelta().y() > 0 ? 1.25 : 0.8));
        event->accept();
        return;
    }
    QWidget::wheelEvent(event);
}

void PianoRoll::commitEdit()
{
    // Notes that were moved may now start before others: keep the list in time order, keeping the
    // selection on the same notes.
    std::vector<std::pair<ScoreNote, bool>> tagged;
    for (size_t i = 0; i < score_.notes.size(); ++i)
        tagged.emplace_back(score_.notes[i], selected_.contains(int(i)));
    std::stable_sort(tagged.begin(), tagged.end(),
                     [](const auto& a, const auto& b) { return a.first.startMs < b.first.startMs; });
    selected_.clear();
    score_.lengthMs = 0.0;
    for (size_t i = 0; i < tagged.size(); ++i) {
        score_.notes[i] = tagged[i].first;
        score_.lengthMs = std::max(score_.lengthMs, tagged[i].first.endMs);
        if (tagged[i].second)
            selected_.insert(int(i));
    }
    updateRange();
    update();
    emit scoreEdited(score_);
}
