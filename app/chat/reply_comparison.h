// ReplyComparison is what Compare shows: several replies written at once to one user message, each
// streaming in its own column, until the user keeps one. Every reply is a message of its own, a
// sibling branch of the others, so those not kept stay in the conversation and can be switched to
// later. ChatService fills it; the Chat pane shows it beside nothing else. GUI thread only.
#pragma once

#include "app/store/conversation_types.h"

#include <QList>
#include <QObject>
#include <QString>

class ReplyComparison : public QObject {
    Q_OBJECT
public:
    struct Answer {
        MessageId id = kNoMessage;
        QString text;  // what to render (the answer without its reasoning)
        QString stats; // "24.1 tokens/s · 87 tokens"
        int tokens = 0;
        double tokensPerSecond = 0.0;
        bool finished = false;
        bool failed = false; // failed or stopped before writing anything: not kept
    };

    using QObject::QObject;

    bool isActive() const { return !answers_.isEmpty(); }
    bool isWriting() const;
    ConversationId conversation() const { return conversation_; }
    // The user message the answers reply to.
    MessageId question() const { return question_; }
    const QList<Answer>& answers() const { return answers_; }
    int indexOf(MessageId reply) const;
    // Tokens written by all answers, and their speeds added up (the batch's throughput).
    int totalTokens() const;
    double totalTokensPerSecond() const;

    void start(ConversationId conversation, MessageId question, const QList<MessageId>& replies);
    void update(MessageId reply, const QString& text, int tokens, double tokensPerSecond);
    // Marks the answer written (or failed); when every answer failed the comparison clears itself.
    void finish(MessageId reply, const QString& text, int tokens, double tokensPerSecond, bool ok);
    void clear();

signals:
    void started();
    void answerChanged(int index);
    void cleared();

private:
    // Stores the answer's text and speed; its index, or -1 when `reply` is not compared.
    int record(MessageId reply, const QString& text, int tokens, double tokensPerSecond);

    ConversationId conversation_ = 0;
    MessageId question_ = kNoMessage;
    QList<Answer> answers_;
};
