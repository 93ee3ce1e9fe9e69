#include "ui/widgets/markdown_view.h"

#include "ui/widgets/icons.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

MarkdownView::MarkdownView(QWidget* parent) : QWidget(parent), layout_(new QVBoxLayout(this))
{
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(6);
}

QList<MarkdownView::Block> MarkdownView::splitBlocks(const QString& markdown)
{
    QList<Block> blocks;
    Block current;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const bool fence = line.trimmed().startsWith(QStringLiteral("```"));
        if (fence) {
            if (!current.text.isEmpty() || current.code)
                blocks.append(current);
            const bool opening = !current.code;
            current = Block{};
            current.code = opening;
            if (opening)
                current.language = line.trimmed().mid(3).trimmed();
            continue;
        }
        if (!current.text.isEmpty())
            current.text += QLatin1Char('\n');
        current.text += line;
    }
    if (!current.text.isEmpty() || current.code)
        blocks.append(current); // an unclosed fence while streaming is still shown as code
    return blocks;
}

void MarkdownView::setMarkdown(const QString& markdown)
{
    if (markdown == markdown_ && layout_->count() > 0)
        return;
    markdown_ = markdown;
    while (QLayoutItem* item = layout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const Block& block : splitBlocks(markdown)) {
        if (block.code) {
            layout_->addWidget(codeBlock(block));
            continue;
        }
        if (block.text.trimmed().isEmpty())
            continue;
        auto* label = new QLabel(this);
        label->setTextFormat(Qt::MarkdownText);
        label->setText(block.text);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
        label->setOpenExternalLinks(true);
        label->setObjectName(QStringLiteral("prose"));
        layout_->addWidget(label);
    }
}

QWidget* MarkdownView::codeBlock(const Block& block)
{
    auto* frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("codeBlock"));
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setAutoFillBackground(true);
    frame->setBackgroundRole(QPalette::AlternateBase);
    auto* v = new QVBoxLayout(frame);
    v->setContentsMargins(8, 4, 8, 8);
    auto* header = new QHBoxLayout;
    auto* language = new QLabel(block.language.isEmpty() ? tr("code") : block.language, frame);
    language->setEnabled(false);
    auto* copy = new QToolButton(frame);
    copy->setObjectName(QStringLiteral("copyCode"));
    copy->setText(tr("Copy"));
    copy->setToolTip(tr("Copy this code"));
    copy->setIcon(icons::make(icons::Name::Copy, palette()));
    copy->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copy->setAutoRaise(true);
    const QString code = block.text;
    connect(copy, &QToolButton::clicked, this, [code] { QApplication::clipboard()->setText(code); });
    header->addWidget(language);
    header->addStretch();
    header->addWidget(copy);
    v->addLayout(header);
    auto* text = new QLabel(code, frame);
    text->setObjectName(QStringLiteral("code"));
    text->setTextFormat(Qt::PlainText);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(text);
    return frame;
}
