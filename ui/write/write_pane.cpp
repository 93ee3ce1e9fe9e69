#include "ui/write/write_pane.h"

#include "app/settings/app_settings.h"
#include "app/settings/preset_library.h"
#include "app/write/write_service.h"
#include "ui/widgets/icons.h"
#include "ui/write/alternatives_view.h"
#include "ui/widgets/sampling_panel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// The shipped writing presets' names, for translation (their values are in presets.json).
[[maybe_unused]] const char* const kPresetNames[] = {QT_TRANSLATE_NOOP("Presets", "Writer"),
                                                     QT_TRANSLATE_NOOP("Presets", "Focused"),
                                                     QT_TRANSLATE_NOOP("Presets", "Adventurous")};

} // namespace

WritePane::WritePane(WriteService& write, AppSettings& settings, QWidget* parent)
    : QWidget(parent), write_(write), settings_(settings)
{
    splitter_ = new QSplitter(this);
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(splitter_);

    auto* left = new QWidget(splitter_);
    auto* l = new QVBoxLayout(left);
    auto* newDoc = new QPushButton(icons::make(icons::Name::Add, palette()), tr("New document"), left);
    manuscripts_ = new QListView(left);
    manuscripts_->setObjectName(QStringLiteral("manuscriptList"));
    manuscripts_->setModel(write_.manuscripts());
    manuscripts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* newChapter = new QPushButton(icons::make(icons::Name::Add, palette()), tr("New chapter"), left);
    chapters_ = new QListView(left);
    chapters_->setObjectName(QStringLiteral("chapterList"));
    chapters_->setModel(write_.chapters());
    chapters_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    l->addWidget(new QLabel(tr("<b>Manuscripts</b>"), left));
    l->addWidget(manuscripts_, 2);
    l->addWidget(newDoc);
    l->addWidget(new QLabel(tr("<b>Chapters</b>"), left));
    l->addWidget(chapters_, 3);
    l->addWidget(newChapter);

    auto* middle = new QWidget(splitter_);
    auto* m = new QVBoxLayout(middle);
    editor_ = new QPlainTextEdit(middle);
    editor_->setObjectName(QStringLiteral("chapterEditor"));
    editor_->setPlaceholderText(tr("Start your story here, then press Continue (Ctrl+Enter)."));
    QFont font = editor_->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    editor_->setFont(font);
    status_ = new QLabel(middle);
    status_->setObjectName(QStringLiteral("writeStatus"));
    status_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    continue_ = new QPushButton(icons::make(icons::Name::Write, palette()), tr("Continue"), middle);
    continue_->setObjectName(QStringLiteral("continue"));
    continue_->setToolTip(tr("Continue the text at the cursor (Ctrl+Enter)"));
    accept_ = new QPushButton(tr("Accept"), middle);
    accept_->setObjectName(QStringLiteral("accept"));
    reject_ = new QPushButton(tr("Reject"), middle);
    reject_->setObjectName(QStringLiteral("reject"));
    retry_ = new QPushButton(icons::make(icons::Name::Regenerate, palette()), tr("Retry"), middle);
    retry_->setObjectName(QStringLiteral("retry"));
    stop_ = new QPushButton(icons::make(icons::Name::Stop, palette()), tr("Stop"), middle);
    count_ = new QComboBox(middle);
    count_->setObjectName(QStringLiteral("alternativeCount"));
    count_->setToolTip(tr("Write several continuations at once (one pass over the model for all) and choose"));
    count_->addItem(tr("One continuation"), 1);
    for (int n = 2; n <= WriteService::kMaxAlternatives; ++n)
        count_->addItem(tr("%1 alternatives").arg(n), n);
    buttons->addWidget(continue_);
    buttons->addWidget(count_);
    for (QPushButton* b : {accept_, reject_, retry_, stop_})
        buttons->addWidget(b);
    buttons->addStretch();
    alternatives_ = new AlternativesView(write_, middle);
    m->addWidget(editor_, 3);
    m->addWidget(alternatives_, 2);
    m->addLayout(buttons);
    m->addWidget(status_);

    auto* right = new QWidget(splitter_);
    auto* r = new QVBoxLayout(right);
    preset_ = new QComboBox(right);
    for (const presets::WritingPreset& p : presets::writing())
        preset_->addItem(QCoreApplication::translate("Presets", p.name.toUtf8().constData()));
    sampling_ = new SamplingPanel(SamplingParams::writerDefaults(), tr("Length (tokens)"), right);
    sampling_->offerKeepWriting();
    sampling_->setParams(write_.sampling());
    r->addWidget(new QLabel(tr("<b>Writing preset</b>"), right));
    r->addWidget(preset_);
    r->addWidget(sampling_);
    r->addStretch();

    splitter_->addWidget(left);
    splitter_->addWidget(middle);
    splitter_->addWidget(right);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({220, 640, 240});
    splitter_->restoreState(settings_.paneState(QStringLiteral("write/splitter")));

    autosave_ = new QTimer(this);
    autosave_->setSingleShot(true);
    autosave_->setInterval(800);
    connect(autosave_, &QTimer::timeout, this, [this] {
        if (pendingAt_ < 0)
            write_.saveText(editor_->toPlainText());
    });
    connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
        if (pendingAt_ < 0)
            autosave_->start();
    });

    for (auto key : {Qt::CTRL | Qt::Key_Return, Qt::CTRL | Qt::Key_Enter}) {
        auto* sc = new QShortcut(QKeySequence(key), this, this, &WritePane::continueWriting);
        sc->setContext(Qt::WidgetWithChildrenShortcut);
    }
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, [this] { write_.stop(); });
    esc->setContext(Qt::WidgetWithChildrenShortcut);

    connect(newDoc, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("New document"), tr("Title"), QLineEdit::Normal,
                                                    tr("Untitled novel"), &ok);
        if (ok && !title.trimmed().isEmpty())
            write_.newManuscript(title.trimmed());
    });
    connect(newChapter, &QPushButton::clicked, this, [this] {
        write_.addChapter(tr("Chapter %1").arg(write_.chapters()->rowCount() + 1));
    });
    connect(manuscripts_, &QListView::clicked, this, [this](const QModelIndex& index) {
        write_.openManuscript(index.data(ManuscriptListModel::IdRole).toLongLong());
    });
    connect(chapters_, &QListView::clicked, this, [this](const QModelIndex& index) {
        write_.saveText(editor_->toPlainText());
        write_.openChapter(index.data(ChapterListModel::IdRole).toLongLong());
    });
    manuscripts_->setContextMenuPolicy(Qt::CustomContextMenu);
    chapters_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(manuscripts_, &QListView::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = manuscripts_->indexAt(at);
        if (index.isValid())
            showItemMenu(manuscripts_, at, index.data(ManuscriptListModel::IdRole).toLongLong(), true);
    });
    connect(chapters_, &QListView::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = chapters_->indexAt(at);
        if (index.isValid())
            showItemMenu(chapters_, at, index.data(ChapterListModel::IdRole).toLongLong(), false);
    });
    connect(continue_, &QPushButton::clicked, this, &WritePane::continueWriting);
    connect(accept_, &QPushButton::clicked, &write_, &WriteService::accept);
    connect(reject_, &QPushButton::clicked, &write_, &WriteService::reject);
    connect(retry_, &QPushButton::clicked, &write_, &WriteService::retry);
    connect(stop_, &QPushButton::clicked, &write_, &WriteService::stop);
    connect(preset_, &QComboBox::activated, this, &WritePane::applyPreset);
    connect(sampling_, &SamplingPanel::changed, &write_, &WriteService::setSampling);

    connect(&write_, &WriteService::manuscriptOpened, this, [this](qint64 id) {
        manuscripts_->setCurrentIndex(write_.manuscripts()->index(write_.manuscripts()->rowOf(id)));
        sampling_->setParams(write_.sampling());
    });
    connect(&write_, &WriteService::chapterOpened, this, [this](qint64 id, const QString& text) {
        chapters_->setCurrentIndex(write_.chapters()->index(write_.chapters()->rowOf(id)));
        showChapter(text);
    });
    connect(&write_, &WriteService::continuationChanged, this,
            [this](const QString& pending, int tokens, double speed) {
                showPending(pending);
                if (tokens > 0)
                    status_->setText(tr("%1 tokens/s · %2 tokens").arg(speed, 0, 'f', 1).arg(tokens));
            });
    connect(&write_, &WriteService::busyChanged, this, &WritePane::syncButtons);
    connect(&write_, &WriteService::continuationFinished, this, &WritePane::syncButtons);
    connect(&write_, &WriteService::prefillProgress, this, [this](qint64 done, qint64 total) {
        if (total > 256)
            status_->setText(tr("Reading the chapter… %1 of %2 tokens").arg(done).arg(total));
    });
    connect(&write_, &WriteService::notice, status_, &QLabel::setText);
    connect(&write_, &WriteService::errorOccurred, status_, &QLabel::setText);

    showChapter(write_.chapterText());
    syncButtons();
}

void WritePane::saveLayout()
{
    write_.saveText(editor_->toPlainText());
    settings_.setPaneState(QStringLiteral("write/splitter"), splitter_->saveState());
}

void WritePane::continueWriting()
{
    if (write_.isBusy() || write_.hasPending())
        return;
    autosave_->stop();
    const QString text = editor_->toPlainText();
    // The continuation goes at the end of the line the cursor is on.
    QTextCursor cursor = editor_->textCursor();
    cursor.movePosition(QTextCursor::EndOfBlock);
    committed_ = text;
    if (write_.continueAt(text, cursor.position(), count_->currentData().toInt()))
        pendingAt_ = cursor.position();
    syncButtons();
}

void WritePane::setAlternativeCount(int count)
{
    const int row = count_->findData(count);
    if (row >= 0)
        count_->setCurrentIndex(row);
}

void WritePane::showChapter(const QString& text)
{
    pendingAt_ = -1;
    committed_ = text;
    const QSignalBlocker block(editor_);
    editor_->setCurrentCharFormat(QTextCharFormat());
    editor_->setPlainText(text);
    editor_->moveCursor(QTextCursor::End);
    editor_->setEnabled(write_.currentChapter() != 0);
    syncButtons();
}

void WritePane::showPending(const QString& pending)
{
    if (pendingAt_ < 0)
        return;
    const QSignalBlocker block(editor_);
    editor_->setCurrentCharFormat(QTextCharFormat()); // the committed text keeps the plain format
    editor_->setPlainText(committed_);
    QTextCursor cursor(editor_->document());
    cursor.setPosition(pendingAt_);
    QTextCharFormat highlight;
    highlight.setBackground(palette().color(QPalette::Highlight).lighter(170));
    highlight.setForeground(palette().color(QPalette::Text));
    cursor.insertText(pending, highlight);
    editor_->setTextCursor(cursor);
    editor_->ensureCursorVisible();
    if (pending.isEmpty() && !write_.isBusy())
        showChapter(write_.chapterText()); // rejected or accepted: back to the saved text
}

void WritePane::syncButtons()
{
    const bool busy = write_.isBusy();
    const bool pending = write_.hasPending();
    continue_->setEnabled(!busy && !pending && write_.currentChapter() != 0);
    accept_->setEnabled(pending);
    reject_->setEnabled(pending || busy);
    retry_->setEnabled(pending);
    stop_->setEnabled(busy);
    count_->setEnabled(!busy && !pending);
    editor_->setReadOnly(busy || pending);
}

void WritePane::showItemMenu(QListView* list, const QPoint& at, qint64 id, bool manuscript)
{
    const QString current = list->indexAt(at).data(Qt::DisplayRole).toString();
    QMenu menu(this);
    menu.addAction(tr("Rename…"), this, [this, id, manuscript, current] {
        bool ok = false;
        const QString title = QInputDialog::getText(this, manuscript ? tr("Rename manuscript") : tr("Rename chapter"),
                                                    tr("Title"), QLineEdit::Normal, current, &ok);
        if (!ok)
            return;
        if (manuscript)
            write_.renameManuscript(id, title);
        else
            write_.renameChapter(id, title);
    });
    menu.addAction(tr("Delete"), this, [this, id, manuscript, current] {
        const QString question = manuscript ? tr("Delete \"%1\" with all its chapters?").arg(current)
                                            : tr("Delete the chapter \"%1\"?").arg(current);
        if (QMessageBox::question(this, tr("Delete"), question) != QMessageBox::Yes)
            return;
        if (manuscript)
            write_.deleteManuscript(id);
        else
            write_.deleteChapter(id);
    });
    menu.exec(list->viewport()->mapToGlobal(at));
}

void WritePane::applyPreset(int index)
{
    const auto all = presets::writing();
    if (index < 0 || index >= all.size())
        return;
    SamplingParams p = all[index].sampling;
    p.maxTokens = sampling_->params().maxTokens; // the length and "keep writing" are the user's
    p.keepWriting = sampling_->params().keepWriting;
    sampling_->setParams(p);
    write_.setSampling(p);
}
