#include "app/documents/answer_prompt.h"

#include "app/chat/chat_prompt.h"

#include <QFileInfo>

namespace answer_prompt {

QString citationLabel(int number, const QString& path, int page)
{
    return QStringLiteral("[%1] %2, page %3").arg(number).arg(QFileInfo(path).fileName()).arg(page);
}

QString passagesSegment(const QList<StoredPassage>& passages, int firstNumber, bool first)
{
    QString text = first ? QStringLiteral("Answer the user's questions from these passages of their documents. "
                                          "Cite the passages you use by their number, like [1].\n")
                         : QStringLiteral("More passages from the user's documents:\n");
    for (qsizetype i = 0; i < passages.size(); ++i)
        text += citationLabel(firstNumber + int(i), passages[i].path, passages[i].passage.page()) + QStringLiteral(": ") +
                chat_prompt::cleanTurn(passages[i].passage.text) + QLatin1Char('\n');
    return chat_prompt::systemSegment(text);
}

QString wholeDocumentSegment(const QString& fileName, const QString& text)
{
    return chat_prompt::systemSegment(QStringLiteral("Answer the user's questions about the document %1, which "
                                                     "follows in full.\n")
                                          .arg(fileName) +
                                      chat_prompt::cleanTurn(text));
}

QString rerankContext(const StoredPassage& passage)
{
    return chat_prompt::cleanTurn(passage.passage.text) + QStringLiteral("\n\nA question this passage answers:");
}

QString rerankContinuation(const QString& question)
{
    return QLatin1Char(' ') + chat_prompt::cleanTurn(question);
}

} // namespace answer_prompt
