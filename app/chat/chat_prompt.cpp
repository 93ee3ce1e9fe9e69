#include "app/chat/chat_prompt.h"

#include <QRegularExpression>

namespace chat_prompt {

QString cleanTurn(const QString& text)
{
    static const QRegularExpression blankLines(QStringLiteral("\\n\\s*\\n"));
    QString t = text;
    t.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    t = t.trimmed();
    // Repeat until stable: "\n \n \n" collapses in one pass, but be safe with overlapping runs.
    QString previous;
    while (previous != t) {
        previous = t;
        t.replace(blankLines, QStringLiteral("\n"));
    }
    return t;
}

QString systemSegment(const QString& persona)
{
    const QString p = cleanTurn(persona);
    return p.isEmpty() ? QString() : QStringLiteral("System: ") + p + QStringLiteral("\n\n");
}

QString userSegment(const QString& text)
{
    return QStringLiteral("User: ") + cleanTurn(text) + QStringLiteral("\n\n");
}

QString assistantSegment(const QString& reply)
{
    return QStringLiteral("Assistant: ") + cleanTurn(reply) + QStringLiteral("\n\n");
}

QString replyPrefix(ThinkMode mode)
{
    switch (mode) {
    case ThinkMode::Off:
        return QStringLiteral("Assistant:");
    case ThinkMode::Think:
        return QStringLiteral("Assistant: <think");
    case ThinkMode::Fast:
        return QStringLiteral("Assistant: <think>\n</think");
    }
    return QStringLiteral("Assistant:");
}

QString replyText(ThinkMode mode, const QString& generated)
{
    QString text = replyPrefix(mode).mid(QStringLiteral("Assistant:").size()) + generated;
    if (text.startsWith(QLatin1Char(' ')))
        text.remove(0, 1);
    return cleanTurn(text);
}

QStringList stopStrings()
{
    return {QStringLiteral("\n\n")};
}

QString stopArmedBy(ThinkMode mode)
{
    return mode == ThinkMode::Think ? QStringLiteral("</think>") : QString();
}

ReplyParts splitReply(const QString& reply)
{
    ReplyParts parts;
    static const QString open = QStringLiteral("<think>");
    static const QString close = QStringLiteral("</think>");
    if (!reply.startsWith(open)) {
        parts.answer = reply;
        return parts;
    }
    parts.hasThinking = true;
    const qsizetype end = reply.indexOf(close);
    if (end < 0) {
        parts.thinking = reply.mid(open.size()).trimmed();
        parts.thinkingOpen = true;
        return parts;
    }
    parts.thinking = reply.mid(open.size(), end - open.size()).trimmed();
    parts.answer = reply.mid(end + close.size()).trimmed();
    return parts;
}

} // namespace chat_prompt
