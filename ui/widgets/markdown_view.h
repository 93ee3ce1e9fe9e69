// MarkdownView shows one message's markdown: prose through Qt's markdown support, fenced code
// blocks in a monospaced box with a Copy button. Setting the same text again does nothing, so a
// streaming reply can be re-set on every token.
#pragma once

#include <QWidget>

class QVBoxLayout;

class MarkdownView : public QWidget {
    Q_OBJECT
public:
    explicit MarkdownView(QWidget* parent = nullptr);

    void setMarkdown(const QString& markdown);
    QString markdown() const { return markdown_; }

    // Prose and code blocks of `markdown`, in order; code blocks come with their language.
    struct Block {
        bool code = false;
        QString language;
        QString text;
    };
    static QList<Block> splitBlocks(const QString& markdown);

private:
    QWidget* codeBlock(const Block& block);

    QVBoxLayout* layout_;
    QString markdown_;
};
