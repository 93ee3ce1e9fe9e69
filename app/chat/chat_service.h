// ChatService runs the Chat pane: it keeps conversations in the ConversationStore, builds RWKV
// prompts from the active message path (chat_prompt.h), and asks InferenceService for replies.
// Every message boundary gets the model state after it saved in the store, so continuing,
// regenerating or editing at any turn starts from a saved state and feeds only the new text;
// states of another model are never used (the history is re-read from text, with a notice).
// Several conversations may generate at once; each has its own state. GUI thread only.
#pragma once

#include "app/chat/chat_prompt.h"
#include "app/chat/conversation_list_model.h"
#include "app/chat/message_list_model.h"
#include "app/chat/reply_comparison.h"
#include "app/inference/generation_request.h"
#include "app/settings/app_settings.h"
#include "app/store/conversation_store.h"

#include "app/store/state_writer.h"

#include <QHash>
#include <QObject>

#include <optional>

class InferenceService;

class ChatService : public QObject {
    Q_OBJECT
public:
    ChatService(ConversationStore& store, InferenceService& inference, AppSettings& settings,
                QObject* parent = nullptr);

    ConversationListModel* conversations() { return &conversations_; }
    MessageListModel* messages() { return &messages_; }
    // Compare's side-by-side answers (active while a comparison waits for the user's pick).
    ReplyComparison* comparison() { return &comparison_; }

    ConversationId currentConversation() const { return current_; }
    // Creates a conversation with `persona` (by name; empty: the first preset) and opens it.
    ConversationId newConversation(const QString& persona = {});
    void openConversation(ConversationId id);
    void renameConversation(ConversationId id, const QString& title);
    void deleteConversation(ConversationId id);
    void setPinned(ConversationId id, bool pinned);
    void setSearchText(const QString& text);

    // Settings of the open conversation (or of the next new one when none is open).
    QString personaName() const;
    // Changes the persona; only possible before the first user message.
    bool setPersona(const QString& name);
    SamplingParams sampling() const { return sampling_; }
    void setSampling(const SamplingParams& params);
    ThinkMode thinkMode() const { return thinkMode_; }
    void setThinkMode(ThinkMode mode);

    // Appends a user message to the open conversation (creating one if none) and starts the
    // reply; with answers > 1 (Compare, up to kMaxAnswers) that many replies are written at once
    // and shown side by side. False, with errorOccurred, when no model is loaded or a reply is
    // being written.
    bool send(const QString& text, int answers = 1);
    static constexpr int kMaxAnswers = 4;
    // Stops the open conversation's reply within one token; the text so far is kept.
    void stop();
    bool isGenerating() const { return isGenerating(current_); }
    bool isGenerating(ConversationId id) const;
    // Writes another reply (or `answers` replies side by side) to the user message before
    // `assistantMessage`, as new branches.
    bool regenerate(MessageId assistantMessage, int answers = 1);
    // Ends the comparison keeping `reply` on the conversation's path; the other answers stay as
    // its sibling branches. Stops answers still being written.
    void keepAnswer(MessageId reply);
    // Replaces a user message by a new branch with `text` and writes its reply.
    bool editMessage(MessageId userMessage, const QString& text);
    // Shows the sibling branch `step` places away (-1 previous, +1 next).
    void switchBranch(MessageId message, int step);
    // Deletes the message and everything after it.
    void deleteMessage(MessageId message);

    // Bytes the saved model states of all chats take (Settings shows it beside the budget).
    qint64 stateStorageBytes() const;
    // Waits until every model state is written (quitting, tests).
    void flushStates() { writer_.flush(); }

    // Export and import (ConversationExchange); errors as sentences through errorOccurred.
    QString exportMarkdown(ConversationId id);
    QByteArray exportJson(ConversationId id);
    ConversationId importJson(const QByteArray& json);

signals:
    void currentConversationChanged(ConversationId id);
    void generatingChanged(bool generating);
    void replyProgress(int tokens, double tokensPerSecond);
    void prefillProgress(qint64 done, qint64 total);
    void notice(const QString& sentence);
    void errorOccurred(const QString& sentence);
    // A reply was saved (or failed: `ok` false); for views and tests.
    void replyFinished(MessageId reply, bool ok);
    // After each state write and its tidying: the bytes all saved states take.
    void stateStorageChanged(qint64 bytes);

private:
    struct PendingReply {
        ConversationId conversation = 0;
        MessageId reply = kNoMessage;
        QList<MessageId> segmentMessages; // the message each request segment belongs to
        ThinkMode mode = ThinkMode::Off;
        QString streamed;
        qint64 savedAtMs = 0; // when the streamed text was last autosaved
    };

    bool startReply(ConversationId conversation, MessageId userMessage, int answers = 1);
    // Ends a comparison in `conversation` that is no longer being written, keeping the path's answer.
    void closeComparison(ConversationId conversation);
    void onDelta(quint64 job, const QString& text, int tokens, double speed);
    void onFinished(const GenerationResult& result);
    void reloadMessages();
    void refreshList();
    void saveConversationSettings();
    bool report(const Result<void>& result);
    std::optional<PersonaPreset> persona(const QString& name) const;
    bool canChange(ConversationId conversation);

    ConversationStore& store_;
    InferenceService& inference_;
    AppSettings& settings_;
    ConversationListModel conversations_;
    MessageListModel messages_;
    ReplyComparison comparison_;
    ConversationId current_ = 0;
    QString personaName_;
    SamplingParams sampling_;
    ThinkMode thinkMode_ = ThinkMode::Off;
    QHash<quint64, PendingReply> pending_;
    StateWriter writer_; // compresses and writes states off the GUI thread
};
