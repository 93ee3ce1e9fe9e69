#include "ui/chat/message_widget.h"

#include "app/chat/message_list_model.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/markdown_view.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QToolButton* actionButton(QWidget* parent, icons::Name icon, const QString& tip, const char* name)
{
    auto* b = new QToolButton(parent);
    b->setIcon(icons::make(icon, parent->palette()));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

} // namespace

MessageWidget::MessageWidget(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);

    auto* header = new QHBoxLayout;
    who_ = new QLabel(this);
    stats_ = new QLabel(this);
    stats_->setObjectName(QStringLiteral("stats"));
    stats_->setEnabled(false);
    previous_ = new QToolButton(this);
    previous_->setText(QStringLiteral("‹"));
    previous_->setToolTip(tr("Previous branch"));
    previous_->setAutoRaise(true);
    branch_ = new QLabel(this);
    branch_->setObjectName(QStringLiteral("branch"));
    next_ = new QToolButton(this);
    next_->setText(QStringLiteral("›"));
    next_->setToolTip(tr("Next branch"));
    next_->setAutoRaise(true);
    copy_ = actionButton(this, icons::Name::Copy, tr("Copy the message"), "copyMessage");
    edit_ = actionButton(this, icons::Name::Edit, tr("Edit: the chat branches from here"), "editMessage");
    regenerate_ = actionButton(this, icons::Name::Regenerate, tr("Write another reply (a new branch)"),
                               "regenerateMessage");
    delete_ = actionButton(this, icons::Name::Delete, tr("Delete this message and what follows"), "deleteMessage");
    header->addWidget(who_);
    header->addWidget(stats_);
    header->addStretch();
    for (QWidget* w : {static_cast<QWidget*>(previous_), static_cast<QWidget*>(branch_),
                       static_cast<QWidget*>(next_), static_cast<QWidget*>(copy_), static_cast<QWidget*>(edit_),
                       static_cast<QWidget*>(regenerate_), static_cast<QWidget*>(delete_)})
        header->addWidget(w);
    layout->addLayout(header);

    thinkingToggle_ = new QToolButton(this);
    thinkingToggle_->setObjectName(QStringLiteral("thinkingToggle"));
    thinkingToggle_->setCheckable(true);
    thinkingToggle_->setAutoRaise(true);
    thinkingToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    thinkingToggle_->setArrowType(Qt::RightArrow);
    thinking_ = new QLabel(this);
    thinking_->setObjectName(QStringLiteral("thinking"));
    thinking_->setWordWrap(true);
    thinking_->setEnabled(false);
    thinking_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    thinking_->setVisible(false);
    connect(thinkingToggle_, &QToolButton::toggled, this, [this](bool on) {
        thinking_->setVisible(on);
        thinkingToggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });
    layout->addWidget(thinkingToggle_);
    layout->addWidget(thinking_);

    body_ = new MarkdownView(this);
    layout->addWidget(body_);

    editor_ = new QWidget(this);
    auto* editLayout = new QVBoxLayout(editor_);
    editLayout->setContentsMargins(0, 0, 0, 0);
    editText_ = new QPlainTextEdit(editor_);
    editText_->setObjectName(QStringLiteral("editText"));
    editText_->setMaximumHeight(120);
    auto* buttons = new QHBoxLayout;
    auto* save = new QPushButton(tr("Save and send"), editor_);
    save->setObjectName(QStringLiteral("saveEdit"));
    auto* cancel = new QPushButton(tr("Cancel"), editor_);
    buttons->addStretch();
    buttons->addWidget(cancel);
    buttons->addWidget(save);
    editLayout->addWidget(editText_);
    editLayout->addLayout(buttons);
    editor_->setVisible(false);
    layout->addWidget(editor_);

    connect(save, &QPushButton::clicked, this, [this] {
        editor_->setVisible(false);
        body_->setVisible(true);
        emit editRequested(id_, editText_->toPlainText());
    });
    connect(cancel, &QPushButton::clicked, this, [this] {
        editor_->setVisible(false);
        body_->setVisible(true);
    });
    connect(copy_, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(text_); });
    connect(edit_, &QToolButton::clicked, this, &MessageWidget::beginEdit);
    connect(regenerate_, &QToolButton::clicked, this, [this] { emit regenerateRequested(id_); });
    connect(delete_, &QToolButton::clicked, this, [this] { emit deleteRequested(id_); });
    connect(previous_, &QToolButton::clicked, this, [this] { emit branchRequested(id_, -1); });
    connect(next_, &QToolButton::clicked, this, [this] { emit branchRequested(id_, +1); });
}

void MessageWidget::show(const QModelIndex& index)
{
    id_ = index.data(MessageListModel::IdRole).toLongLong();
    const QString role = index.data(MessageListModel::RoleNameRole).toString();
    const bool streaming = index.data(MessageListModel::StreamingRole).toBool();
    const bool user = role == QLatin1String("user");
    const bool assistant = role == QLatin1String("assistant");
    text_ = index.data(MessageListModel::AnswerRole).toString();

    who_->setText(QStringLiteral("<b>%1</b>").arg(user ? tr("You") : assistant ? tr("Assistant") : tr("System")));
    stats_->setText(index.data(MessageListModel::StatsRole).toString());
    setBackgroundRole(user ? QPalette::AlternateBase : QPalette::Base);

    const int count = index.data(MessageListModel::SiblingCountRole).toInt();
    const int at = index.data(MessageListModel::SiblingIndexRole).toInt();
    const bool branches = count > 1;
    previous_->setVisible(branches);
    next_->setVisible(branches);
    branch_->setVisible(branches);
    branch_->setText(QStringLiteral("%1/%2").arg(at + 1).arg(count));
    previous_->setEnabled(!streaming && at > 0);
    next_->setEnabled(!streaming && at + 1 < count);

    edit_->setVisible(user);
    regenerate_->setVisible(assistant);
    for (QToolButton* b : {edit_, regenerate_, delete_})
        b->setEnabled(!streaming);

    const QString thinking = index.data(MessageListModel::ThinkingRole).toString();
    const bool thinkingOpen = index.data(MessageListModel::ThinkingOpenRole).toBool();
    thinkingToggle_->setVisible(!thinking.isEmpty());
    thinkingToggle_->setText(thinkingOpen ? tr("Thinking…") : tr("Thought for a while — show reasoning"));
    thinking_->setText(thinking);

    body_->setMarkdown(streaming && text_.isEmpty() && thinking.isEmpty() ? tr("…") : text_);
}

bool MessageWidget::isThinkingExpanded() const
{
    return thinkingToggle_->isChecked();
}

void MessageWidget::beginEdit()
{
    editText_->setPlainText(text_);
    body_->setVisible(false);
    editor_->setVisible(true);
    editText_->setFocus();
}
