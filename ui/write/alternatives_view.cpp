#include "ui/write/alternatives_view.h"

#include "app/write/write_service.h"

#include <QButtonGroup>
#include <QFrame>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

AlternativesView::AlternativesView(WriteService& write, QWidget* parent) : QWidget(parent), write_(write)
{
    setObjectName(QStringLiteral("alternatives"));
    row_ = new QHBoxLayout(this);
    row_->setContentsMargins(0, 0, 0, 0);
    shown_ = new QButtonGroup(this);
    shown_->setExclusive(true);
    connect(shown_, &QButtonGroup::idClicked, &write_, &WriteService::chooseAlternative);
    connect(&write_, &WriteService::alternativesChanged, this, &AlternativesView::refresh);
    connect(&write_, &WriteService::busyChanged, this, &AlternativesView::refresh);
    refresh();
}

QString AlternativesView::columnText(int column) const
{
    return column >= 0 && column < columns_.size() ? columns_[column].text->toPlainText() : QString();
}

QPushButton* AlternativesView::useButton(int column) const
{
    return column >= 0 && column < columns_.size() ? columns_[column].use : nullptr;
}

QPushButton* AlternativesView::showButton(int column) const
{
    return column >= 0 && column < columns_.size() ? columns_[column].show : nullptr;
}

void AlternativesView::refresh()
{
    const QStringList texts = write_.alternatives();
    while (columns_.size() > texts.size()) {
        delete columns_.back().frame;
        columns_.removeLast();
    }
    while (columns_.size() < texts.size()) {
        const int i = int(columns_.size());
        Column c;
        auto* frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        c.frame = frame;
        auto* column = new QVBoxLayout(frame);
        c.show = new QPushButton(tr("Alternative %1").arg(i + 1), frame);
        c.show->setCheckable(true);
        c.show->setFlat(true);
        c.show->setToolTip(tr("Show this alternative in the text"));
        c.show->setObjectName(QStringLiteral("showAlternative%1").arg(i + 1));
        shown_->addButton(c.show, i);
        c.text = new QPlainTextEdit(frame);
        c.text->setReadOnly(true);
        c.use = new QPushButton(tr("Use this"), frame);
        c.use->setObjectName(QStringLiteral("useAlternative%1").arg(i + 1));
        c.use->setToolTip(tr("Insert this alternative at the cursor"));
        connect(c.use, &QPushButton::clicked, this, [this, i] {
            write_.chooseAlternative(i);
            write_.accept();
        });
        column->addWidget(c.show);
        column->addWidget(c.text, 1);
        column->addWidget(c.use);
        row_->addWidget(frame, 1);
        columns_.append(c);
    }
    const bool ready = !write_.isBusy();
    for (int i = 0; i < columns_.size(); ++i) {
        Column& c = columns_[i];
        if (c.text->toPlainText() != texts[i])
            c.text->setPlainText(texts[i]);
        c.show->setChecked(i == write_.chosenAlternative());
        QFont f = c.show->font();
        f.setBold(i == write_.chosenAlternative());
        c.show->setFont(f);
        c.use->setEnabled(ready && !texts[i].isEmpty());
    }
    setVisible(!columns_.isEmpty());
}
