// DocumentsPane is the Documents page: collections of PDFs and text files on the left (add files
// or a folder, watch them indexed with progress, cancel, see which pages had no text or why a file
// failed, "Read it whole"), and on the right questions and their streamed answers with numbered
// citations; clicking a citation opens its page with the passage highlighted. DocumentService
// does the work; the pane only shows it and forwards the user's actions.
#pragma once

#include "app/documents/document_citation.h"

#include <QWidget>

class DocumentService;
class PageViewer;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTextBrowser;

class DocumentsPane : public QWidget {
    Q_OBJECT
public:
    explicit DocumentsPane(DocumentService& documents, QWidget* parent = nullptr);

    // What "Add files…" and "Add folder…" do after their dialogs.
    void addSources(const QStringList& paths);
    // What the Ask button does with `question`.
    void ask(const QString& question);
    qint64 currentCollection() const { return collection_; }

private:
    void refreshCollections();
    void refreshFiles();
    void showCitations(const QList<DocumentCitation>& citations);
    void updateButtons();
    qint64 selectedFile() const;

    DocumentService& documents_;
    qint64 collection_ = 0;
    QComboBox* collections_ = nullptr;
    QListWidget* files_ = nullptr;
    QPushButton* addFiles_ = nullptr;
    QPushButton* addFolder_ = nullptr;
    QPushButton* remove_ = nullptr;
    QPushButton* readWhole_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QTextBrowser* answer_ = nullptr;
    QListWidget* citations_ = nullptr;
    QLineEdit* question_ = nullptr;
    QCheckBox* wholeMode_ = nullptr;
    QPushButton* askButton_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* newConversation_ = nullptr;
    PageViewer* viewer_ = nullptr;
    QString transcript_;
    QString answerSoFar_;
};
