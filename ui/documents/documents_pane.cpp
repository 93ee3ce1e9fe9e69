#include "ui/documents/documents_pane.h"

#include "app/documents/document_service.h"
#include "ui/documents/page_viewer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {

QString describe(const DocumentFile& f)
{
    const QString name = QFileInfo(f.path).fileName();
    switch (f.status) {
    case DocumentFile::Status::Pending:
        return QObject::tr("%1 — waiting to be read").arg(name);
    case DocumentFile::Status::Failed:
        return QObject::tr("%1 — %2").arg(name, f.error);
    case DocumentFile::Status::Indexed:
        break;
    }
    QString text = (f.pageCount == 1 ? QObject::tr("%1 — 1 page").arg(name)
                                     : QObject::tr("%1 — %2 pages").arg(name).arg(f.pageCount)) +
                   (f.passageCount == 1 ? QObject::tr(", 1 passage") : QObject::tr(", %1 passages").arg(f.passageCount));
    QStringList scanned, byOcr;
    for (int p : f.pagesWithoutText)
        (f.pagesReadByOcr.contains(p) ? byOcr : scanned) << QString::number(p);
    if (!byOcr.isEmpty())
        text += QObject::tr("; page %1 read by OCR").arg(byOcr.join(QStringLiteral(", ")));
    if (!scanned.isEmpty())
        text += QObject::tr("; no text on page %1 (scanned?)").arg(scanned.join(QStringLiteral(", ")));
    return text;
}

} // namespace

DocumentsPane::DocumentsPane(DocumentService& documents, QWidget* parent) : QWidget(parent), documents_(documents)
{
    auto* splitter = new QSplitter(this);
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(8, 8, 8, 8);
    outer->addWidget(splitter);

    // Left: the collection and its files.
    auto* left = new QWidget(splitter);
    auto* l = new QVBoxLayout(left);
    l->setContentsMargins(0, 0, 0, 0);
    auto* collectionRow = new QHBoxLayout;
    collections_ = new QComboBox(left);
    collections_->setObjectName(QStringLiteral("collections"));
    auto* newCollection = new QPushButton(tr("New…"), left);
    collectionRow->addWidget(collections_, 1);
    collectionRow->addWidget(newCollection);
    l->addLayout(collectionRow);
    files_ = new QListWidget(left);
    files_->setObjectName(QStringLiteral("documentFiles"));
    files_->setWordWrap(true);
    l->addWidget(files_, 1);
    auto* buttons = new QHBoxLayout;
    addFiles_ = new QPushButton(tr("Add files…"), left);
    addFolder_ = new QPushButton(tr("Add folder…"), left);
    remove_ = new QPushButton(tr("Remove"), left);
    buttons->addWidget(addFiles_);
    buttons->addWidget(addFolder_);
    buttons->addWidget(remove_);
    l->addLayout(buttons);
    readWhole_ = new QPushButton(tr("Read it whole"), left);
    readWhole_->setObjectName(QStringLiteral("readWhole"));
    readWhole_->setToolTip(tr("Let the model read the selected document once, start to end; every later "
                              "question about it starts from there at once."));
    l->addWidget(readWhole_);
    auto* progressRow = new QHBoxLayout;
    progress_ = new QProgressBar(left);
    progress_->setObjectName(QStringLiteral("indexingProgress"));
    cancel_ = new QPushButton(tr("Cancel"), left);
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancel_);
    l->addLayout(progressRow);
    status_ = new QLabel(left);
    status_->setObjectName(QStringLiteral("indexingStatus"));
    status_->setWordWrap(true);
    l->addWidget(status_);

    // Middle: questions and answers.
    auto* middle = new QWidget(splitter);
    auto* m = new QVBoxLayout(middle);
    m->setContentsMargins(0, 0, 0, 0);
    answer_ = new QTextBrowser(middle);
    answer_->setObjectName(QStringLiteral("answer"));
    m->addWidget(answer_, 3);
    m->addWidget(new QLabel(tr("Sources"), middle));
    citations_ = new QListWidget(middle);
    citations_->setObjectName(QStringLiteral("citations"));
    citations_->setWordWrap(true);
    m->addWidget(citations_, 2);
    auto* askRow = new QHBoxLayout;
    question_ = new QLineEdit(middle);
    question_->setObjectName(QStringLiteral("question"));
    question_->setPlaceholderText(tr("Ask about these documents, in any language"));
    askButton_ = new QPushButton(tr("Ask"), middle);
    stop_ = new QPushButton(tr("Stop"), middle);
    newConversation_ = new QPushButton(tr("New conversation"), middle);
    askRow->addWidget(question_, 1);
    askRow->addWidget(askButton_);
    askRow->addWidget(stop_);
    askRow->addWidget(newConversation_);
    m->addLayout(askRow);
    wholeMode_ = new QCheckBox(tr("Ask the selected document (read whole)"), middle);
    m->addWidget(wholeMode_);

    // Right: the cited page.
    viewer_ = new PageViewer(splitter);
    viewer_->setObjectName(QStringLiteral("pageViewer"));
    viewer_->hide();
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 3);

    connect(newCollection, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New collection"), tr("Name"), QLineEdit::Normal, {}, &ok);
        if (ok && !name.trimmed().isEmpty()) {
            collection_ = documents_.collection(name.trimmed());
            refreshCollections();
        }
    });
    connect(collections_, &QComboBox::activated, this, [this](int index) {
        collection_ = collections_->itemData(index).toLongLong();
        documents_.newConversation();
        documents_.prepare(collection_);
        refreshFiles();
    });
    connect(addFiles_, &QPushButton::clicked, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add documents"), {},
                                                                tr("Documents (*.pdf *.txt *.md *.markdown)"));
        if (!paths.isEmpty())
            addSources(paths);
    });
    connect(addFolder_, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder of documents"));
        if (!folder.isEmpty())
            addSources({folder});
    });
    connect(remove_, &QPushButton::clicked, this, [this] {
        const qint64 id = selectedFile();
        QStringList sources;
        for (const Collection& c : documents_.collections())
            if (c.id == collection_)
                sources = c.sources;
        for (const DocumentFile& f : documents_.files(collection_)) {
            if (f.id != id)
                continue;
            if (sources.contains(f.path)) {
                documents_.removeSource(collection_, f.path);
                continue;
            }
            // A file inside an added folder goes with the folder.
            for (const QString& folder : sources)
                if (f.path.startsWith(folder + QLatin1Char('/')) &&
                    QMessageBox::question(this, tr("Remove"),
                                          tr("%1 was added with the folder %2. Remove the whole folder from this "
                                             "collection?")
                                              .arg(QFileInfo(f.path).fileName(), folder)) == QMessageBox::Yes)
                    documents_.removeSource(collection_, folder);
        }
    });
    connect(readWhole_, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedFile()) {
            documents_.readWhole(id);
            status_->setText(tr("Reading the whole document…"));
            progress_->setRange(0, 0);
        }
    });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        documents_.cancelIndexing();
        documents_.cancelReadWhole();
    });
    connect(files_, &QListWidget::currentRowChanged, this, &DocumentsPane::updateButtons);
    connect(askButton_, &QPushButton::clicked, this, [this] { ask(question_->text()); });
    connect(question_, &QLineEdit::returnPressed, this, [this] { ask(question_->text()); });
    connect(stop_, &QPushButton::clicked, this, [this] { documents_.stopAnswer(); });
    connect(newConversation_, &QPushButton::clicked, this, [this] {
        documents_.newConversation();
        transcript_.clear();
        answer_->clear();
        citations_->clear();
    });
    connect(citations_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const qsizetype i = citations_->row(item);
        if (i >= 0 && i < documents_.citations().size())
            documents_.requestPage(documents_.citations()[i]);
    });
    connect(citations_, &QListWidget::itemClicked, citations_, &QListWidget::itemActivated);

    connect(&documents_, &DocumentService::filesChanged, this, [this](qint64 id) {
        if (id == collection_)
            refreshFiles();
    });
    connect(&documents_, &DocumentService::indexingProgress, this,
            [this](qint64, int done, int total, const QString& file) {
                progress_->setRange(0, std::max(1, total));
                progress_->setValue(done);
                status_->setText(file.isEmpty() ? tr("Read %1 files.").arg(total)
                                                : tr("Reading %1 (%2 of %3)…").arg(QFileInfo(file).fileName()).arg(done + 1).arg(total));
                updateButtons();
            });
    connect(&documents_, &DocumentService::embeddingProgress, this, [this](qint64, int embedded, int total) {
        progress_->setRange(0, std::max(1, total));
        progress_->setValue(embedded);
        status_->setText(tr("Embedding passages with the loaded model: %1 of %2").arg(embedded).arg(total));
    });
    connect(&documents_, &DocumentService::indexingFinished, this, [this](qint64, bool cancelled, const QString& error) {
        progress_->setRange(0, 1);
        progress_->setValue(1);
        status_->setText(!error.isEmpty() ? error : cancelled ? tr("Indexing was cancelled; it resumes next time.")
                                                             : tr("Up to date."));
        updateButtons();
    });
    connect(&documents_, &DocumentService::wholeReadProgress, this, [this](qint64, qint64 done, qint64 total) {
        progress_->setRange(0, int(std::min<qint64>(total, 1 << 30)));
        progress_->setValue(int(std::min<qint64>(done, 1 << 30)));
    });
    connect(&documents_, &DocumentService::wholeReadFinished, this, [this](qint64, const QString& error) {
        progress_->setRange(0, 1);
        progress_->setValue(1);
        status_->setText(error.isEmpty() ? tr("Read whole: questions about it now start at once.") : error);
        updateButtons();
    });
    connect(&documents_, &DocumentService::answerStarted, this, &DocumentsPane::showCitations);
    connect(&documents_, &DocumentService::answerDelta, this, [this](const QString& text) {
        answerSoFar_ += text;
        answer_->setMarkdown(transcript_ + answerSoFar_);
    });
    connect(&documents_, &DocumentService::answerFinished, this, [this](const QString& answer, const QString& error) {
        transcript_ += (error.isEmpty() ? answer : answerSoFar_ + QStringLiteral("\n\n*") + error + QLatin1Char('*')) +
                       QStringLiteral("\n\n");
        answerSoFar_.clear();
        answer_->setMarkdown(transcript_);
        updateButtons();
    });
    connect(&documents_, &DocumentService::pageReady, this, [this](const PageView& page) {
        viewer_->show(page);
        viewer_->setVisible(true);
    });

    refreshCollections();
    updateButtons();
    documents_.prepare(collection_);
    // Whatever an earlier run left unread or unembedded (a cancel, a quit) resumes now.
    for (const Collection& c : documents_.collections())
        if (c.id == collection_ && !c.sources.isEmpty())
            documents_.refresh(collection_);
}

void DocumentsPane::refreshCollections()
{
    if (collection_ == 0) {
        const QList<Collection> all = documents_.collections();
        collection_ = all.isEmpty() ? documents_.collection(tr("My documents")) : all.first().id;
    }
    collections_->clear();
    for (const Collection& c : documents_.collections()) {
        collections_->addItem(c.name, c.id);
        if (c.id == collection_)
            collections_->setCurrentIndex(collections_->count() - 1);
    }
    refreshFiles();
}

void DocumentsPane::refreshFiles()
{
    const qint64 selected = selectedFile();
    files_->clear();
    for (const DocumentFile& f : documents_.files(collection_)) {
        auto* item = new QListWidgetItem(describe(f), files_);
        item->setData(Qt::UserRole, f.id);
        item->setToolTip(f.problems.isEmpty() ? f.path : f.path + QLatin1Char('\n') + f.problems.join(QLatin1Char('\n')));
        if (f.id == selected)
            files_->setCurrentItem(item);
    }
    updateButtons();
}

void DocumentsPane::addSources(const QStringList& paths)
{
    status_->setText(tr("Looking for documents…"));
    progress_->setRange(0, 0);
    documents_.addSources(collection_, paths);
}

void DocumentsPane::ask(const QString& question)
{
    if (question.trimmed().isEmpty() || documents_.isAnswering())
        return;
    transcript_ += QStringLiteral("**%1**\n\n").arg(question.trimmed().toHtmlEscaped());
    answer_->setMarkdown(transcript_);
    question_->clear();
    if (wholeMode_->isChecked() && selectedFile() != 0)
        documents_.askDocument(selectedFile(), question.trimmed());
    else
        documents_.ask(collection_, question.trimmed());
    updateButtons();
}

void DocumentsPane::showCitations(const QList<DocumentCitation>& citations)
{
    citations_->clear();
    for (const DocumentCitation& c : citations) {
        QString snippet = c.text.simplified();
        if (snippet.size() > 160)
            snippet = snippet.left(157) + QStringLiteral("…");
        new QListWidgetItem(tr("[%1] %2, page %3 — %4").arg(c.number).arg(QFileInfo(c.path).fileName()).arg(c.page).arg(snippet),
                            citations_);
    }
}

qint64 DocumentsPane::selectedFile() const
{
    const QListWidgetItem* item = files_ ? files_->currentItem() : nullptr;
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void DocumentsPane::updateButtons()
{
    const bool answering = documents_.isAnswering();
    askButton_->setEnabled(!answering);
    stop_->setEnabled(answering);
    remove_->setEnabled(selectedFile() != 0);
    readWhole_->setEnabled(selectedFile() != 0);
    cancel_->setEnabled(documents_.isIndexing());
    wholeMode_->setEnabled(selectedFile() != 0);
}
