#include "app/chat/chat_service.h"

#include "app/inference/inference_service.h"
#include "app/store/conversation_exchange.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonObject>

namespace {

// Read when a chat is created, not at start-up, so it is in the language chosen then.
QString newChatTitle()
{
    return ChatService::tr("New chat");
}

// A chat still named as it was created (in whichever language) takes its first message as title.
bool hasDefaultTitle(const QString& title)
{
    return title == newChatTitle() || title == QLatin1String("New chat");
}
// The engine's state blob carries its own version; this tags the store row.
constexpr int kStateFormat = 1;

QString segmentFor(const Message& m)
{
    switch (m.role) {
    case MessageRole::System:
        return chat_prompt::systemSegment(m.text);
    case MessageRole::User:
        return chat_prompt::userSegment(m.text);
    case MessageRole::Assistant:
        return chat_prompt::assistantSegment(m.text);
    }
    return {};
}

QString finishName(GenerationResult::Finish f)
{
    switch (f) {
    case GenerationResult::Finish::StopString: return QStringLiteral("stop");
    case GenerationResult::Finish::EndOfText: return QStringLiteral("end-of-text");
    case GenerationResult::Finish::MaxTokens: return QStringLiteral("max-tokens");
    case GenerationResult::Finish::Stopped: return QStringLiteral("stopped");
    case GenerationResult::Finish::Failed: return QStringLiteral("failed");
    }
    return {};
}

QString titleFrom(const QString& text)
{
    QString t = chat_prompt::cleanTurn(text).simplified();
    return t.size() > 48 ? t.left(47) + QStringLiteral("…") : t;
}

} // namespace

ChatService::ChatService(ConversationStore& store, InferenceService& inference, AppSettings& settings,
                         QObject* parent)
    : QObject(parent), store_(store), inference_(inference), settings_(settings), conversations_(store),
      sampling_(settings.chatSampling()), writer_(store.path())
{
    writer_.setBudget(settings_.stateBudget());
    connect(&settings_, &AppSettings::stateBudgetChanged, this, [this] { writer_.setBudget(settings_.stateBudget()); });
    connect(&writer_, &StateWriter::failed, this, &ChatService::errorOccurred);
    connect(&writer_, &StateWriter::storageChanged, this, &ChatService::stateStorageChanged);
    personaName_ = settings_.personas().value(0).name;
    connect(&inference_, &InferenceService::replyDelta, this, &ChatService::onDelta);
    connect(&inference_, &InferenceService::jobFinished, this, &ChatService::onFinished);
    connect(&inference_, &InferenceService::jobProgress, this, [this](quint64 job, qint64 done, qint64 total) {
        if (pending_.contains(job) && pending_[job].conversation == current_)
            emit prefillProgress(done, total);
    });
}

// --- Conversations -------------------------------------------------------------------------

ConversationId ChatService::newConversation(const QString& personaName)
{
    const std::optional<PersonaPreset> p = persona(personaName.isEmpty() ? personaName_ : personaName);
    ConversationSettings cs;
    cs.persona = p ? p->name : QString();
    cs.systemPrompt = p ? p->systemText : QString();
    auto id = store_.createConversation(newChatTitle(), cs);
    if (!id.ok()) {
        emit errorOccurred(id.errorString());
        return 0;
    }
    current_ = id.value();
    personaName_ = cs.persona;
    setPersona(cs.persona); // writes the persona's messages
    saveConversationSettings();
    refreshList();
    reloadMessages();
    emit currentConversationChanged(current_);
    emit generatingChanged(false);
    return current_;
}

void ChatService::openConversation(ConversationId id)
{
    auto c = store_.conversation(id);
    if (!c.ok()) {
        emit errorOccurred(c.errorString());
        return;
    }
    current_ = id;
    personaName_ = c.value().settings.persona;
    const QJsonObject s = c.value().settings.sampling;
    sampling_ = SamplingParams::fromMap(s.toVariantMap(), settings_.chatSampling());
    thinkMode_ = ThinkMode(qBound(0, s.value(QStringLiteral("thinkMode")).toInt(), 2));
    reloadMessages();
    emit currentConversationChanged(id);
    emit generatingChanged(isGenerating(id));
}

void ChatService::renameConversation(ConversationId id, const QString& title)
{
    if (!title.trimmed().isEmpty() && report(store_.renameConversation(id, title.trimmed())))
        refreshList();
}

void ChatService::deleteConversation(ConversationId id)
{
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->conversation == id) {
            inference_.stop(it.key()); // its result is ignored: nothing is left to save it in
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    if (comparison_.conversation() == id)
        comparison_.clear();
    if (!report(store_.deleteConversation(id)))
        return;
    if (id == current_) {
        current_ = 0;
        messages_.clear();
        emit currentConversationChanged(0);
    }
    refreshList();
}

void ChatService::setPinned(ConversationId id, bool pinned)
{
    if (report(store_.setPinned(id, pinned)))
        refreshList();
}

void ChatService::setSearchText(const QString& text)
{
    conversations_.setSearchText(text);
}

// --- Conversation settings -----------------------------------------------------------------

QString ChatService::personaName() const { return personaName_; }

bool ChatService::setPersona(const QString& name)
{
    const std::optional<PersonaPreset> p = persona(name);
    if (!p)
        return false;
    personaName_ = p->name;
    if (!current_)
        return true;
    auto path = store_.activePath(current_);
    if (!path.ok())
        return report(Result<void>(path.error()));
    // Persona messages come first; once the user has written, the persona is part of history.
    for (const Message& m : path.value())
        if (m.role == MessageRole::User && !m.stats.value(QStringLiteral("example")).toBool())
            return false;
    if (!path.value().isEmpty() && !report(store_.deleteSubtree(path.value().first().id)))
        return false;
    MessageId parent = kNoMessage;
    auto append = [&](MessageRole role, const QString& text) {
        auto id = store_.appendMessage(current_, parent, {role, text, 0, {{QStringLiteral("example"), true}}});
        if (id.ok())
            parent = id.value();
    };
    if (!p->systemText.trimmed().isEmpty())
        append(MessageRole::System, p->systemText);
    for (const auto& [user, assistant] : p->examples) {
        append(MessageRole::User, user);
        append(MessageRole::Assistant, assistant);
    }
    saveConversationSettings();
    reloadMessages();
    return true;
}

void ChatService::setSampling(const SamplingParams& params)
{
    sampling_ = params;
    saveConversationSettings();
}

void ChatService::setThinkMode(ThinkMode mode)
{
    thinkMode_ = mode;
    saveConversationSettings();
}

void ChatService::saveConversationSettings()
{
    if (!current_)
        return;
    auto c = store_.conversation(current_);
    if (!c.ok())
        return;
    ConversationSettings cs = c.value().settings;
    const std::optional<PersonaPreset> p = persona(personaName_);
    cs.persona = personaName_;
    cs.systemPrompt = p ? p->systemText : cs.systemPrompt;
    QJsonObject sampling = QJsonObject::fromVariantMap(sampling_.toMap());
    sampling.insert(QStringLiteral("thinkMode"), int(thinkMode_));
    cs.sampling = sampling;
    if (inference_.hasModel()) {
        cs.modelId = inference_.model().fileName;
        cs.modelFingerprint = inference_.model().fingerprint;
    }
    report(store_.updateSettings(current_, cs));
}

// --- Messages ------------------------------------------------------------------------------

bool ChatService::isGenerating(ConversationId id) const
{
    for (const auto& p : pending_)
        if (p.conversation == id)
            return true;
    return false;
}

bool ChatService::canChange(ConversationId conversation)
{
    if (isGenerating(conversation)) {
        emit errorOccurred(tr("A reply is still being written: stop it first (Esc)."));
        return false;
    }
    if (!inference_.hasModel()) {
        emit errorOccurred(inference_.isLoading() ? tr("The model is still loading; try again when it is ready.")
                                                  : tr("No model is loaded: add one in Models and press Load."));
        return false;
    }
    return true;
}

bool ChatService::send(const QString& text, int answers)
{
    if (chat_prompt::cleanTurn(text).isEmpty())
        return false;
    if (!current_ && !newConversation())
        return false;
    if (!canChange(current_))
        return false;
    // Writing on after a comparison goes on from the answer on the path (the first, unless
    // another was kept).
    closeComparison(current_);
    auto path = store_.activePath(current_);
    if (!path.ok())
        return report(Result<void>(path.error()));
    MessageId parent = path.value().isEmpty() ? kNoMessage : path.value().last().id;
    if (!path.value().isEmpty() && path.value().last().role == MessageRole::User)
        parent = path.value().last().parentId; // an unanswered message is replaced, not stacked
    auto user = store_.appendMessage(current_, parent, {MessageRole::User, text.trimmed(), 0, {}});
    if (!user.ok())
        return report(Result<void>(user.error()));
    auto c = store_.conversation(current_);
    if (c.ok() && hasDefaultTitle(c.value().title))
        report(store_.renameConversation(current_, titleFrom(text)));
    return startReply(current_, user.value(), answers);
}

bool ChatService::regenerate(MessageId assistantMessage, int answers)
{
    auto m = store_.message(assistantMessage);
    if (!m.ok() || m.value().role != MessageRole::Assistant || !canChange(m.value().conversationId))
        return false;
    closeComparison(m.value().conversationId);
    return startReply(m.value().conversationId, m.value().parentId, answers);
}

void ChatService::keepAnswer(MessageId reply)
{
    const int answer = comparison_.indexOf(reply);
    if (answer < 0 || comparison_.answers()[answer].failed)
        return;
    for (auto it = pending_.cbegin(); it != pending_.cend(); ++it)
        if (comparison_.indexOf(it->reply) >= 0)
            inference_.stop(it.key()); // what they wrote so far is kept as their branch
    report(store_.setActiveChild(reply));
    comparison_.clear();
    if (current_)
        reloadMessages();
}

void ChatService::closeComparison(ConversationId conversation)
{
    if (comparison_.conversation() == conversation && !comparison_.isWriting())
        comparison_.clear();
}

bool ChatService::editMessage(MessageId userMessage, const QString& text)
{
    auto m = store_.message(userMessage);
    if (!m.ok() || m.value().role != MessageRole::User || chat_prompt::cleanTurn(text).isEmpty() ||
        !canChange(m.value().conversationId))
        return false;
    closeComparison(m.value().conversationId);
    auto edited = store_.appendMessage(m.value().conversationId, m.value().parentId,
                                       {MessageRole::User, text.trimmed(), 0, {}});
    if (!edited.ok())
        return report(Result<void>(edited.error()));
    return startReply(m.value().conversationId, edited.value());
}

void ChatService::switchBranch(MessageId message, int step)
{
    auto m = store_.message(message);
    if (!m.ok())
        return;
    auto siblings = store_.children(m.value().conversationId, m.value().parentId);
    if (!siblings.ok())
        return;
    const int target = m.value().siblingIndex + step;
    if (target < 0 || target >= siblings.value().size())
        return;
    closeComparison(m.value().conversationId);
    if (report(store_.setActiveChild(siblings.value()[target].id)))
        reloadMessages();
}

void ChatService::deleteMessage(MessageId message)
{
    auto m = store_.message(message);
    if (!m.ok() || isGenerating(m.value().conversationId))
        return;
    closeComparison(m.value().conversationId);
    if (report(store_.deleteSubtree(message))) {
        reloadMessages();
        refreshList();
    }
}

void ChatService::stop()
{
    for (auto it = pending_.cbegin(); it != pending_.cend(); ++it)
        if (it->conversation == current_)
            inference_.stop(it.key());
}

bool ChatService::startReply(ConversationId conversation, MessageId userMessage, int answers)
{
    answers = qBound(1, answers, kMaxAnswers);
    const quint64 fingerprint = inference_.model().fingerprint;
    auto path = store_.pathTo(userMessage);
    if (!path.ok())
        return report(Result<void>(path.error()));
    const QList<Message>& messages = path.value();

    // Start from the newest state of this model on the path (one still being written counts);
    // feed only the messages after it.
    GenerationRequest request;
    qsizetype first = 0;
    // Twice at most: the writer's tidying may drop the state found a moment ago.
    for (int attempt = 0; attempt < 2 && first == 0; ++attempt) {
        auto nearest = store_.nearestStateAncestor(userMessage, fingerprint);
        for (qsizetype i = messages.size() - 1; i >= 0; --i) {
            if (auto queued = writer_.pending(messages[i].id, fingerprint)) {
                request.startState = queued->bytes;
                first = i + 1;
                break;
            }
            if (nearest.ok() && nearest.value() && messages[i].id == *nearest.value()) {
                if (auto state = store_.loadState(messages[i].id, fingerprint); state.ok()) {
                    request.startState = state.value().bytes;
                    first = i + 1;
                }
                break;
            }
        }
        if (!nearest.ok() || !nearest.value())
            break;
    }
    PendingReply pending;
    pending.conversation = conversation;
    pending.mode = thinkMode_;
    pending.savedAtMs = QDateTime::currentMSecsSinceEpoch();
    bool otherModelStates = false;
    for (qsizetype i = first; i < messages.size(); ++i) {
        request.segments << segmentFor(messages[i]);
        pending.segmentMessages << messages[i].id;
        otherModelStates |= messages[i].hasState;
    }
    if (otherModelStates)
        emit notice(tr("This chat's saved states were made with another model, so %n earlier message(s) "
                       "are read again from their text.", nullptr, int(messages.size() - first - 1)));

    // Marked as being written until completeMessage replaces its stats: a reply that a crash
    // interrupted keeps its autosaved text and shows as unfinished. Compare's answers are sibling
    // branches; the first is on the path until the user keeps another.
    QList<MessageId> replies;
    for (int i = 0; i < answers; ++i) {
        auto reply = store_.appendMessage(conversation, userMessage,
                                          {MessageRole::Assistant, QString(), 0, {{QStringLiteral("streaming"), true}}});
        if (!reply.ok()) {
            for (MessageId written : std::as_const(replies))
                (void)store_.deleteSubtree(written); // the failed append is the error to tell
            return report(Result<void>(reply.error()));
        }
        replies << reply.value();
    }
    if (answers > 1)
        report(store_.setActiveChild(replies.first()));

    const ThinkMode mode = thinkMode_;
    request.replyPrefix = chat_prompt::replyPrefix(mode);
    request.sampling = sampling_;
    request.stopStrings = chat_prompt::stopStrings();
    request.stopArmedBy = chat_prompt::stopArmedBy(mode);
    request.settle = [mode](const QString& generated) {
        return chat_prompt::assistantSegment(chat_prompt::replyText(mode, generated));
    };
    request.choices = answers;
    const QList<quint64> jobs = inference_.submitChoices(request);
    for (int i = 0; i < answers; ++i) {
        pending.reply = replies[i];
        pending_.insert(jobs[i], pending);
    }
    if (answers > 1)
        comparison_.start(conversation, userMessage, replies);
    else if (comparison_.conversation() == conversation)
        comparison_.clear();
    if (conversation == current_) {
        saveConversationSettings();
        reloadMessages();
        if (answers == 1)
            messages_.setStreaming(replies.first(), QString(), QString());
        emit generatingChanged(true);
    }
    refreshList();
    return true;
}

void ChatService::onDelta(quint64 job, const QString& text, int tokens, double speed)
{
    auto it = pending_.find(job);
    if (it == pending_.end())
        return;
    it->streamed += text;
    // A crash while a long reply streams keeps what was written (without a state: continuing
    // then re-reads that reply from its text).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - it->savedAtMs > 2000) {
        it->savedAtMs = now;
        report(store_.updateMessageText(it->reply, chat_prompt::replyText(it->mode, it->streamed)));
    }
    if (comparison_.indexOf(it->reply) >= 0) {
        comparison_.update(it->reply, chat_prompt::replyText(it->mode, it->streamed), tokens, speed);
        if (it->conversation == current_)
            emit replyProgress(comparison_.totalTokens(), comparison_.totalTokensPerSecond());
    } else if (it->conversation == current_) {
        messages_.setStreaming(it->reply, chat_prompt::replyText(it->mode, it->streamed),
                               formatReplyStats(tokens, speed));
        emit replyProgress(tokens, speed);
    }
}

void ChatService::onFinished(const GenerationResult& result)
{
    auto it = pending_.find(result.jobId);
    if (it == pending_.end())
        return;
    const PendingReply pending = *it;
    pending_.erase(it);

    writer_.setOpenConversation(current_);
    for (qsizetype i = 0; i < result.segmentStates.size() && i < pending.segmentMessages.size(); ++i)
        writer_.save(pending.conversation, pending.segmentMessages[i],
                     {result.modelFingerprint, kStateFormat, result.segmentStates[i]});
    const QString text = chat_prompt::replyText(pending.mode, result.reply);
    // A reply stopped before its first character is dropped rather than saved empty.
    const bool ok = result.ok() && !(text.isEmpty() && result.finish == GenerationResult::Finish::Stopped);
    if (!ok) {
        report(store_.deleteSubtree(pending.reply));
        if (!result.error.isEmpty())
            emit errorOccurred(result.error);
    } else {
        QJsonObject stats{{QStringLiteral("tokensPerSecond"), result.tokensPerSecond},
                          {QStringLiteral("generatedTokens"), result.generatedTokens},
                          {QStringLiteral("promptTokens"), result.promptTokens},
                          {QStringLiteral("settleTokens"), result.settleTokens},
                          {QStringLiteral("finish"), finishName(result.finish)},
                          {QStringLiteral("seed"), QString::number(result.seed)},
                          {QStringLiteral("model"), inference_.model().fileName}};
        report(store_.completeMessage(pending.reply, text, result.generatedTokens, stats));
        if (!result.replyState.isEmpty())
            writer_.save(pending.conversation, pending.reply, {result.modelFingerprint, kStateFormat, result.replyState});
    }
    comparison_.finish(pending.reply, text, result.generatedTokens, result.tokensPerSecond, ok);
    if (pending.conversation == current_) {
        messages_.setStreaming(kNoMessage, {}, {});
        reloadMessages();
        emit generatingChanged(isGenerating(current_));
    }
    refreshList();
    emit replyFinished(pending.reply, ok);
}

qint64 ChatService::stateStorageBytes() const
{
    auto bytes = store_.stateStorageBytes();
    return bytes.ok() ? bytes.value() : 0;
}

// --- Export / import -----------------------------------------------------------------------

QString ChatService::exportMarkdown(ConversationId id)
{
    auto md = ConversationExchange::exportMarkdown(store_, id, ConversationExchange::Scope::ActivePath);
    if (!md.ok())
        emit errorOccurred(md.errorString());
    return md.ok() ? md.value() : QString();
}

QByteArray ChatService::exportJson(ConversationId id)
{
    auto json = ConversationExchange::exportJson(store_, id, ConversationExchange::Scope::WholeTree);
    if (!json.ok())
        emit errorOccurred(json.errorString());
    return json.ok() ? json.value() : QByteArray();
}

ConversationId ChatService::importJson(const QByteArray& json)
{
    auto id = ConversationExchange::importJson(store_, json);
    if (!id.ok()) {
        emit errorOccurred(id.errorString());
        return 0;
    }
    refreshList();
    openConversation(id.value());
    return id.value();
}

// --- Helpers -------------------------------------------------------------------------------

void ChatService::reloadMessages()
{
    if (!current_) {
        messages_.clear();
        return;
    }
    auto path = store_.activePath(current_);
    if (!path.ok()) {
        emit errorOccurred(path.errorString());
        return;
    }
    QList<Message> shown = path.value();
    // While answers are compared the path ends at their question: they are shown side by side.
    if (comparison_.isActive() && comparison_.conversation() == current_)
        for (qsizetype i = 0; i < shown.size(); ++i)
            if (shown[i].id == comparison_.question()) {
                shown.resize(i + 1);
                break;
            }
    messages_.setMessages(shown);
    for (const auto& p : std::as_const(pending_))
        if (p.conversation == current_ && comparison_.indexOf(p.reply) < 0)
            messages_.setStreaming(p.reply, chat_prompt::replyText(p.mode, p.streamed), QString());
}

void ChatService::refreshList()
{
    const QString error = conversations_.refresh();
    if (!error.isEmpty())
        emit errorOccurred(error);
}

bool ChatService::report(const Result<void>& result)
{
    if (!result.ok())
        emit errorOccurred(result.errorString());
    return result.ok();
}

std::optional<PersonaPreset> ChatService::persona(const QString& name) const
{
    const QList<PersonaPreset> all = settings_.personas();
    for (const PersonaPreset& p : all)
        if (p.name == name)
            return p;
    return all.isEmpty() ? std::nullopt : std::optional(all.first());
}
