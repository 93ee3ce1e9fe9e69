#include "ui/chat/comparison_view.h"

#include "app/chat/reply_comparison.h"
#include "ui/widgets/markdown_view.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

ComparisonView::ComparisonView(ReplyComparison& comparison, QWidget* parent)
    : QWidget(parent), comparison_(comparison)
{
    setObjectName(QStringLiteral("comparison"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    heading_ = new QLabel(this);
    heading_->setWordWrap(true);
    layout->addWidget(heading_);
    row_ = new QHBoxLayout;
    layout->addLayout(row_, 1);

    connect(&comparison_, &ReplyComparison::started, this, &ComparisonView::rebuild);
    connect(&comparison_, &ReplyComparison::cleared, this, &ComparisonView::rebuild);
    connect(&comparison_, &ReplyComparison::answerChanged, this, &ComparisonView::refresh);
    rebuild();
}

QString ComparisonView::columnText(int column) const
{
    return column >= 0 && column < columns_.size() ? columns_[column].text->markdown() : QString();
}

QPushButton* ComparisonView::keepButton(int column) const
{
    return column >= 0 && column < columns_.size() ? columns_[column].keep : nullptr;
}

void ComparisonView::rebuild()
{
    for (const Column& c : std::as_const(columns_))
        delete c.frame;
    columns_.clear();
    const auto& answers = comparison_.answers();
    for (int i = 0; i < answers.size(); ++i) {
        Column c;
        auto* frame = new QFrame(this);
        frame->setFrameShape(QFrame::StyledPanel);
        c.frame = frame;
        auto* column = new QVBoxLayout(frame);
        auto* title = new QLabel(tr("Answer %1").arg(i + 1), frame);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        c.stats = new QLabel(frame);
        c.stats->setEnabled(false);
        auto* header = new QHBoxLayout;
        header->addWidget(title);
        header->addStretch();
        header->addWidget(c.stats);
        column->addLayout(header);
        // Long answers scroll inside their column so the Keep buttons stay in line.
        auto* scroll = new QScrollArea(frame);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        auto* page = new QWidget(scroll);
        auto* pageLayout = new QVBoxLayout(page);
        pageLayout->setContentsMargins(0, 0, 0, 0);
        c.text = new MarkdownView(page);
        pageLayout->addWidget(c.text);
        pageLayout->addStretch(); // the text starts at the top however short it is
        scroll->setWidget(page);
        column->addWidget(scroll, 1);
        c.keep = new QPushButton(tr("Keep this answer"), frame);
        c.keep->setObjectName(QStringLiteral("keepAnswer%1").arg(i + 1));
        c.keep->setToolTip(tr("Go on from this answer; the others stay as branches of your message"));
        const qint64 id = answers[i].id;
        connect(c.keep, &QPushButton::clicked, this, [this, id] { emit keepRequested(id); });
        column->addWidget(c.keep);
        row_->addWidget(frame, 1);
        columns_.append(c);
        refresh(i);
    }
}

void ComparisonView::refresh(int index)
{
    if (index < 0 || index >= columns_.size() || index >= comparison_.answers().size())
        return;
    const ReplyComparison::Answer& a = comparison_.answers()[index];
    Column& c = columns_[index];
    c.text->setMarkdown(a.failed ? tr("*This answer could not be written.*") : a.text);
    c.stats->setText(a.stats);
    c.keep->setEnabled(!a.failed && !a.text.isEmpty());
    const int n = int(comparison_.answers().size());
    heading_->setText(comparison_.isWriting()
                          ? tr("Writing %1 answers at once…").arg(n)
                          : tr("%1 answers: keep the one to go on from. The others stay as branches of your "
                               "message (‹ › on the reply).").arg(n));
}
