#include "ui/chat/chat_pane.h"

#include "app/chat/chat_service.h"
#include "app/settings/app_settings.h"
#include "ui/chat/comparison_view.h"
#include "ui/chat/message_list_view.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/sampling_panel.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

ChatPane::ChatPane(ChatService& chat, AppSettings& settings, QWidget* parent)
    : QWidget(parent), chat_(chat), settings_(settings)
{
    splitter_ = new QSplitter(this);
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(splitter_);

    // Left: conversations.
    auto* left = new QWidget(splitter_);
    auto* leftLayout = new QVBoxLayout(left);
    auto* newButton = new QPushButton(icons::make(icons::Name::Add, palette()), tr("New chat"), left);
    newButton->setToolTip(tr("New chat (Ctrl+N)"));
    search_ = new QLineEdit(left);
    search_->setObjectName(QStringLiteral("chatSearch"));
    search_->setPlaceholderText(tr("Search chats (Ctrl+F)"));
    search_->setClearButtonEnabled(true);
    list_ = new QListView(left);
    list_->setObjectName(QStringLiteral("conversationList"));
    list_->setModel(chat_.conversations());
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* importButton = new QPushButton(tr("Import…"), left);
    importButton->setToolTip(tr("Import a conversation exported as JSON"));
    leftLayout->addWidget(newButton);
    leftLayout->addWidget(search_);
    leftLayout->addWidget(list_);
    leftLayout->addWidget(importButton);

    // Middle: the conversation.
    auto* middle = new QWidget(splitter_);
    auto* mid = new QVBoxLayout(middle);
    auto* top = new QHBoxLayout;
    persona_ = new QComboBox(middle);
    persona_->setObjectName(QStringLiteral("persona"));
    persona_->setToolTip(tr("Persona: the system prompt and example turns the chat starts with"));
    think_ = new QComboBox(middle);
    think_->setObjectName(QStringLiteral("thinkMode"));
    think_->addItem(tr("Answer directly"), int(ThinkMode::Off));
    think_->addItem(tr("Think first"), int(ThinkMode::Think));
    think_->addItem(tr("Fast (no thinking)"), int(ThinkMode::Fast));
    speed_ = new QLabel(middle);
    speed_->setObjectName(QStringLiteral("speed"));
    top->addWidget(new QLabel(tr("Persona"), middle));
    top->addWidget(persona_);
    top->addWidget(think_);
    top->addStretch();
    top->addWidget(speed_);
    mid->addLayout(top);
    banner_ = new QLabel(middle);
    banner_->setObjectName(QStringLiteral("banner"));
    banner_->setWordWrap(true);
    banner_->setVisible(false);
    mid->addWidget(banner_);
    prefill_ = new QProgressBar(middle);
    prefill_->setFormat(tr("Reading the history… %p%"));
    prefill_->setVisible(false);
    mid->addWidget(prefill_);
    messages_ = new MessageListView(middle);
    messages_->setModel(chat_.messages());
    mid->addWidget(messages_, 1);
    comparison_ = new ComparisonView(*chat_.comparison(), middle);
    mid->addWidget(comparison_, 2);
    auto* inputRow = new QHBoxLayout;
    input_ = new QPlainTextEdit(middle);
    input_->setObjectName(QStringLiteral("chatInput"));
    input_->setPlaceholderText(tr("Message (Ctrl+Enter to send)"));
    input_->setMaximumHeight(110);
    send_ = new QPushButton(icons::make(icons::Name::Send, palette()), tr("Send"), middle);
    send_->setObjectName(QStringLiteral("send"));
    send_->setToolTip(tr("Send (Ctrl+Enter)"));
    stop_ = new QPushButton(icons::make(icons::Name::Stop, palette()), tr("Stop"), middle);
    stop_->setObjectName(QStringLiteral("stop"));
    stop_->setToolTip(tr("Stop the reply (Esc)"));
    // Compare: one click answers 3 times at once; the menu picks 2, 3 or 4.
    compare_ = new QToolButton(middle);
    compare_->setObjectName(QStringLiteral("compare"));
    compare_->setText(tr("Compare"));
    compare_->setToolTip(tr("Write several answers at once and show them side by side "
                            "(with an empty box: answer the last message again)"));
    compare_->setPopupMode(QToolButton::MenuButtonPopup);
    compare_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto* compareMenu = new QMenu(compare_);
    for (int n = 2; n <= ChatService::kMaxAnswers; ++n)
        compareMenu->addAction(tr("%1 answers").arg(n), this, [this, n] {
            compareAnswers_ = n;
            compare(n);
        });
    compare_->setMenu(compareMenu);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(send_);
    buttons->addWidget(compare_);
    buttons->addWidget(stop_);
    inputRow->addWidget(input_, 1);
    inputRow->addLayout(buttons);
    mid->addLayout(inputRow);

    // Right: sampling.
    sampling_ = new SamplingPanel(SamplingParams::chatDefaults(), tr("Max tokens"), splitter_);
    sampling_->setParams(chat_.sampling());

    splitter_->addWidget(left);
    splitter_->addWidget(middle);
    splitter_->addWidget(sampling_);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({220, 640, 240});
    splitter_->restoreState(settings_.paneState(QStringLiteral("chat/splitter")));

    reloadPersonas();

    for (auto key : {Qt::CTRL | Qt::Key_Return, Qt::CTRL | Qt::Key_Enter}) {
        auto* sc = new QShortcut(QKeySequence(key), this, this, &ChatPane::send);
        sc->setContext(Qt::WidgetWithChildrenShortcut);
    }
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, [this] { chat_.stop(); });
    esc->setContext(Qt::WidgetWithChildrenShortcut);

    connect(newButton, &QPushButton::clicked, this, &ChatPane::newChat);
    connect(importButton, &QPushButton::clicked, this, &ChatPane::importConversation);
    connect(search_, &QLineEdit::textChanged, &chat_, &ChatService::setSearchText);
    connect(list_, &QListView::clicked, this, [this](const QModelIndex& index) {
        chat_.openConversation(index.data(ConversationListModel::IdRole).toLongLong());
    });
    connect(list_, &QListView::customContextMenuRequested, this, &ChatPane::showConversationMenu);
    connect(send_, &QPushButton::clicked, this, &ChatPane::send);
    connect(compare_, &QToolButton::clicked, this, [this] { compare(compareAnswers_); });
    connect(comparison_, &ComparisonView::keepRequested, this, [this](qint64 reply) {
        chat_.keepAnswer(reply);
        input_->setFocus();
    });
    connect(chat_.comparison(), &ReplyComparison::started, this, &ChatPane::syncComparison);
    connect(chat_.comparison(), &ReplyComparison::cleared, this, &ChatPane::syncComparison);
    connect(stop_, &QPushButton::clicked, &chat_, &ChatService::stop);
    connect(persona_, &QComboBox::activated, this, [this] {
        if (!chat_.setPersona(persona_->currentText()))
            showBanner(tr("The persona is set when a chat starts; open a new chat to use another one."), false);
    });
    connect(think_, &QComboBox::activated, this,
            [this] { chat_.setThinkMode(ThinkMode(think_->currentData().toInt())); });
    connect(sampling_, &SamplingPanel::changed, &chat_, &ChatService::setSampling);
    connect(&settings_, &AppSettings::personasChanged, this, &ChatPane::reloadPersonas);

    connect(messages_, &MessageListView::editRequested, this,
            [this](qint64 id, const QString& text) { chat_.editMessage(id, text); });
    connect(messages_, &MessageListView::regenerateRequested, this, [this](qint64 id) { chat_.regenerate(id); });
    connect(messages_, &MessageListView::deleteRequested, this, [this](qint64 id) { chat_.deleteMessage(id); });
    connect(messages_, &MessageListView::branchRequested, this,
            [this](qint64 id, int step) { chat_.switchBranch(id, step); });

    connect(chat_.conversations(), &QAbstractItemModel::modelReset, this, [this] {
        list_->setCurrentIndex(chat_.conversations()->index(chat_.conversations()->rowOf(chat_.currentConversation())));
    });
    connect(&chat_, &ChatService::currentConversationChanged, this, [this] {
        banner_->setVisible(false);
        syncControls();
        syncComparison();
    });
    connect(&chat_, &ChatService::generatingChanged, this, [this](bool generating) {
        syncControls();
        if (!generating)
            prefill_->setVisible(false);
    });
    connect(&chat_, &ChatService::replyProgress, this, [this](int tokens, double speed) {
        prefill_->setVisible(false);
        speed_->setText(tr("%1 tokens/s · %2 tokens").arg(speed, 0, 'f', 1).arg(tokens));
    });
    connect(&chat_, &ChatService::prefillProgress, this, [this](qint64 done, qint64 total) {
        prefill_->setVisible(total > 256 && done < total);
        prefill_->setRange(0, int(total));
        prefill_->setValue(int(done));
    });
    connect(&chat_, &ChatService::notice, this, [this](const QString& s) { showBanner(s, false); });
    connect(&chat_, &ChatService::errorOccurred, this, [this](const QString& s) { showBanner(s, true); });
    syncControls();
    syncComparison();
}

void ChatPane::newChat()
{
    chat_.newConversation(persona_->currentText());
    input_->setFocus();
}

void ChatPane::focusSearch()
{
    search_->setFocus();
    search_->selectAll();
}

void ChatPane::saveLayout()
{
    settings_.setPaneState(QStringLiteral("chat/splitter"), splitter_->saveState());
}

void ChatPane::send()
{
    if (chat_.send(input_->toPlainText())) {
        input_->clear();
        banner_->setVisible(false);
    }
}

void ChatPane::compare(int answers)
{
    const QString text = input_->toPlainText();
    if (!text.trimmed().isEmpty()) {
        if (chat_.send(text, answers)) {
            input_->clear();
            banner_->setVisible(false);
        }
        return;
    }
    const MessageListModel* m = chat_.messages();
    const qint64 last = m->rowCount() > 0 ? m->index(m->rowCount() - 1).data(MessageListModel::IdRole).toLongLong() : 0;
    if (last && m->index(m->rowCount() - 1).data(MessageListModel::RoleNameRole).toString() == QLatin1String("assistant"))
        chat_.regenerate(last, answers);
    else
        showBanner(tr("Write a message first: Compare answers it several times at once."), false);
}

void ChatPane::syncComparison()
{
    const ReplyComparison* c = chat_.comparison();
    comparison_->setVisible(c->isActive() && c->conversation() == chat_.currentConversation());
}

void ChatPane::syncControls()
{
    const bool generating = chat_.isGenerating();
    send_->setEnabled(!generating);
    compare_->setEnabled(!generating);
    stop_->setEnabled(generating);
    const int personaRow = persona_->findText(chat_.personaName());
    if (personaRow >= 0)
        persona_->setCurrentIndex(personaRow);
    think_->setCurrentIndex(think_->findData(int(chat_.thinkMode())));
    sampling_->setParams(chat_.sampling());
    const int row = chat_.conversations()->rowOf(chat_.currentConversation());
    list_->setCurrentIndex(chat_.conversations()->index(row));
}

void ChatPane::reloadPersonas()
{
    const QString current = persona_->currentText();
    persona_->clear();
    for (const PersonaPreset& p : settings_.personas())
        persona_->addItem(p.name);
    const int row = persona_->findText(current.isEmpty() ? chat_.personaName() : current);
    persona_->setCurrentIndex(row >= 0 ? row : 0);
}

void ChatPane::showBanner(const QString& text, bool error)
{
    banner_->setText(text);
    banner_->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0392b; padding: 4px; }")
                                 : QStringLiteral("QLabel { padding: 4px; }"));
    banner_->setVisible(true);
}

void ChatPane::showConversationMenu(const QPoint& at)
{
    const QModelIndex index = list_->indexAt(at);
    if (!index.isValid())
        return;
    const qint64 id = index.data(ConversationListModel::IdRole).toLongLong();
    const bool pinned = index.data(ConversationListModel::PinnedRole).toBool();
    QMenu menu(this);
    menu.addAction(tr("Rename…"), this, [this, id, index] {
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("Rename chat"), tr("Title"), QLineEdit::Normal,
                                                    index.data(ConversationListModel::TitleRole).toString(), &ok);
        if (ok)
            chat_.renameConversation(id, title);
    });
    menu.addAction(pinned ? tr("Unpin") : tr("Pin to top"), this, [this, id, pinned] { chat_.setPinned(id, !pinned); });
    menu.addSeparator();
    menu.addAction(tr("Export as Markdown…"), this, [this, id] { exportConversation(id, true); });
    menu.addAction(tr("Export as JSON…"), this, [this, id] { exportConversation(id, false); });
    menu.addSeparator();
    menu.addAction(tr("Delete"), this, [this, id] {
        if (QMessageBox::question(this, tr("Delete chat"), tr("Delete this chat and all its branches?")) ==
            QMessageBox::Yes)
            chat_.deleteConversation(id);
    });
    menu.exec(list_->viewport()->mapToGlobal(at));
}

void ChatPane::exportConversation(qint64 id, bool markdown)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chat"), QString(),
                                                      markdown ? tr("Markdown (*.md)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const QByteArray bytes = markdown ? chat_.exportMarkdown(id).toUtf8() : chat_.exportJson(id);
    QFile file(path);
    if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        showBanner(tr("Could not write %1: %2").arg(path, file.errorString()), true);
}

void ChatPane::importConversation()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import chat"), QString(), tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showBanner(tr("Could not read %1: %2").arg(path, file.errorString()), true);
        return;
    }
    chat_.importJson(file.readAll());
}
