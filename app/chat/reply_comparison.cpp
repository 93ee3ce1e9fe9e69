#include "app/chat/reply_comparison.h"

#include "app/chat/message_list_model.h"

#include <algorithm>

bool ReplyComparison::isWriting() const
{
    for (const Answer& a : answers_)
        if (!a.finished)
            return true;
    return false;
}

int ReplyComparison::indexOf(MessageId reply) const
{
    for (int i = 0; i < answers_.size(); ++i)
        if (answers_[i].id == reply)
            return i;
    return -1;
}

int ReplyComparison::totalTokens() const
{
    int total = 0;
    for (const Answer& a : answers_)
        total += a.tokens;
    return total;
}

double ReplyComparison::totalTokensPerSecond() const
{
    double total = 0.0;
    for (const Answer& a : answers_)
        total += a.tokensPerSecond;
    return total;
}

void ReplyComparison::start(ConversationId conversation, MessageId question, const QList<MessageId>& replies)
{
    conversation_ = conversation;
    question_ = question;
    answers_.clear();
    for (MessageId id : replies)
        answers_.append(Answer{id, {}, {}, 0, 0.0, false, false});
    emit started();
}

int ReplyComparison::record(MessageId reply, const QString& text, int tokens, double tokensPerSecond)
{
    const int i = indexOf(reply);
    if (i < 0)
        return -1;
    Answer& a = answers_[i];
    a.text = text;
    a.tokens = tokens;
    a.tokensPerSecond = tokensPerSecond;
    a.stats = tokens > 0 ? formatReplyStats(tokens, tokensPerSecond) : QString();
    return i;
}

void ReplyComparison::update(MessageId reply, const QString& text, int tokens, double tokensPerSecond)
{
    if (const int i = record(reply, text, tokens, tokensPerSecond); i >= 0)
        emit answerChanged(i);
}

void ReplyComparison::finish(MessageId reply, const QString& text, int tokens, double tokensPerSecond, bool ok)
{
    const int i = record(reply, text, tokens, tokensPerSecond);
    if (i < 0)
        return;
    answers_[i].finished = true;
    answers_[i].failed = !ok;
    emit answerChanged(i);
    // Nothing left to choose from (the error said why): the comparison ends by itself.
    if (!isWriting() && std::all_of(answers_.cbegin(), answers_.cend(), [](const Answer& a) { return a.failed; }))
        clear();
}

void ReplyComparison::clear()
{
    if (answers_.isEmpty())
        return;
    answers_.clear();
    conversation_ = 0;
    question_ = kNoMessage;
    emit cleared();
}
