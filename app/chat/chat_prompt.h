// How a conversation becomes RWKV text (docs/RWKV.md "Sampling" and the G1 templates): an optional
// `System: {persona}\n\n` segment, then one segment per message, `User: {text}\n\n` and
// `Assistant: {reply}\n\n`, each turn cleaned by collapsing runs of blank lines to one newline
// (a blank line inside a turn would end it). Each segment is tokenized on its own; the state
// saved at a message boundary is the state after exactly these segments.
#pragma once

#include <QString>
#include <QStringList>

enum class ThinkMode {
    Off,   // "Assistant:"
    Think, // "Assistant: <think": the model reasons first, shown folded
    Fast,  // "Assistant: <think>\n</think": the G1 models' fast no-think variant
};

namespace chat_prompt {

// Collapses runs of blank lines to a single newline and trims the ends.
QString cleanTurn(const QString& text);

QString systemSegment(const QString& persona);  // empty persona: empty segment
QString userSegment(const QString& text);
// The segment of a finished reply; `reply` is what the message stores (see replyText()).
QString assistantSegment(const QString& reply);

// What is fed before the model writes the reply in `mode`.
QString replyPrefix(ThinkMode mode);
// The stored text of a reply generated after replyPrefix(mode): the prefix's think tag is kept
// so the reasoning can be shown folded and the segment re-built exactly; a leading space is dropped.
QString replyText(ThinkMode mode, const QString& generated);

// The reply ends at a blank line; in think mode only after the reasoning closed.
QStringList stopStrings();
QString stopArmedBy(ThinkMode mode);

// A reply split for display: reasoning (without tags) and answer.
struct ReplyParts {
    QString thinking;
    QString answer;
    bool hasThinking = false;
    bool thinkingOpen = false; // the reasoning has not closed yet (still streaming)
};
ReplyParts splitReply(const QString& reply);

} // namespace chat_prompt
