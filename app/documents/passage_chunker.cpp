#include "app/documents/passage_chunker.h"

#include <algorithm>

namespace {

bool isCjk(char32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) ||  // kana
           (c >= 0x3400 && c <= 0x4DBF) ||  // CJK extension A
           (c >= 0x4E00 && c <= 0x9FFF) ||  // CJK unified ideographs
           (c >= 0xAC00 && c <= 0xD7AF) ||  // hangul syllables
           (c >= 0xF900 && c <= 0xFAFF) ||  // compatibility ideographs
           (c >= 0x20000 && c <= 0x2FFFF);  // supplementary ideographs
}

bool endsSentenceAlone(QChar c) // CJK full stops need no space after them
{
    static const QString marks = QStringLiteral("。！？；…");
    return marks.contains(c);
}

// One sentence (or a piece of an over-long one) on one page.
struct Piece {
    int page = 0; // index into the pages list
    int start = 0;
    int end = 0;
    int tokens = 0;
};

void addPiece(QList<Piece>& out, const QString& text, int page, int start, int end, int maxTokens)
{
    while (start < end && text[start].isSpace())
        ++start;
    while (end > start && text[end - 1].isSpace())
        --end;
    if (start >= end)
        return;
    int tokens = estimateTokens(QStringView(text).mid(start, end - start));
    if (tokens <= maxTokens) {
        out.append({page, start, end, tokens});
        return;
    }
    // Too long for one passage: cut at the last space (or anywhere, in CJK) before the budget.
    int cut = start;
    int used = 0;
    int lastSpace = -1;
    while (cut < end && used < maxTokens) {
        used = estimateTokens(QStringView(text).mid(start, cut - start + 1));
        if (text[cut].isSpace())
            lastSpace = cut;
        ++cut;
    }
    if (lastSpace > start && lastSpace < cut)
        cut = lastSpace;
    if (cut > start && text[cut - 1].isHighSurrogate())
        --cut;
    if (cut <= start)
        cut = start + 1;
    out.append({page, start, cut, estimateTokens(QStringView(text).mid(start, cut - start))});
    addPiece(out, text, page, cut, end, maxTokens);
}

QList<Piece> sentences(const QList<ExtractedPage>& pages, int maxTokens)
{
    QList<Piece> out;
    for (int p = 0; p < pages.size(); ++p) {
        const QString& text = pages[p].text;
        int start = 0;
        for (int i = 0; i < text.size(); ++i) {
            const QChar c = text[i];
            const bool next = i + 1 < text.size();
            bool boundary = false;
            if (endsSentenceAlone(c))
                boundary = true;
            else if ((c == QLatin1Char('.') || c == QLatin1Char('!') || c == QLatin1Char('?')) && next &&
                     text[i + 1].isSpace())
                boundary = true;
            else if (c == QLatin1Char('\n') && next && text[i + 1] == QLatin1Char('\n'))
                boundary = true;
            if (boundary) {
                addPiece(out, text, p, start, i + 1, maxTokens);
                start = i + 1;
            }
        }
        addPiece(out, text, p, start, int(text.size()), maxTokens);
    }
    return out;
}

Passage passageOf(const QList<ExtractedPage>& pages, const QList<Piece>& pieces, int first, int last)
{
    Passage passage;
    passage.pageFrom = pages[pieces[first].page].number;
    passage.pageTo = pages[pieces[last].page].number;
    passage.startOffset = pieces[first].start;
    passage.endOffset = pieces[last].end;
    // Text between pieces on one page is kept as it was; pages are joined by a blank line.
    int runStart = first;
    for (int i = first; i <= last; ++i) {
        if (i < last && pieces[i + 1].page == pieces[i].page)
            continue;
        const QString& text = pages[pieces[i].page].text;
        if (!passage.text.isEmpty())
            passage.text += QStringLiteral("\n\n");
        passage.text += text.mid(pieces[runStart].start, pieces[i].end - pieces[runStart].start);
        runStart = i + 1;
    }
    return passage;
}

} // namespace

int estimateTokens(QStringView text)
{
    int cjk = 0;
    int other = 0;
    for (char32_t c : text.toUcs4()) {
        if (isCjk(c))
            ++cjk;
        else
            ++other;
    }
    return cjk + (other + 3) / 4;
}

QList<Passage> chunkPages(const QList<ExtractedPage>& pages, const ChunkSettings& settings)
{
    const int target = std::max(1, settings.targetTokens);
    const QList<Piece> pieces = sentences(pages, target);
    QList<Passage> passages;
    int first = 0;
    while (first < pieces.size()) {
        int last = first;
        int tokens = pieces[first].tokens;
        // A page break always ends a passage, so a citation's page is where all of it lies.
        while (last + 1 < pieces.size() && pieces[last + 1].page == pieces[first].page &&
               tokens + pieces[last + 1].tokens <= target) {
            ++last;
            tokens += pieces[last].tokens;
        }
        Passage passage = passageOf(pages, pieces, first, last);
        passage.ordinal = int(passages.size());
        passages.append(passage);
        if (last + 1 >= pieces.size())
            break;
        // The next passage starts with this one's closing sentences, up to the overlap budget,
        // always moving forward by at least one sentence.
        int next = last + 1;
        int overlap = 0;
        while (next - 1 > first && pieces[next].page == pieces[last].page &&
               overlap + pieces[next - 1].tokens <= settings.overlapTokens) {
            --next;
            overlap += pieces[next].tokens;
        }
        first = next;
    }
    return passages;
}
