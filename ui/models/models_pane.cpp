#include "ui/models/models_pane.h"

#include "app/inference/inference_service.h"
#include "app/inference/model_summary.h"
#include "app/models/model_library.h"
#include "ui/models/catalog_view.h"
#include "ui/widgets/icons.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

ModelsPane::ModelsPane(ModelLibrary& library, InferenceService& inference, CatalogService& catalog,
                       DownloadQueue& downloads, QWidget* parent)
    : QWidget(parent), library_(library), inference_(inference)
{
    setAcceptDrops(true);
    auto* outer = new QVBoxLayout(this);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("modelsTabs"));
    outer->addWidget(tabs_);
    auto* mine = new QWidget(tabs_);
    auto* layout = new QHBoxLayout(mine);
    catalogView_ = new CatalogView(catalog, downloads, library, tabs_);
    tabs_->addTab(mine, tr("My models"));
    tabs_->addTab(catalogView_, tr("Get models"));

    auto* left = new QVBoxLayout;
    list_ = new QListView(this);
    list_->setObjectName(QStringLiteral("modelList"));
    list_->setModel(&library_);
    list_->setMinimumWidth(240);
    auto* add = new QPushButton(icons::make(icons::Name::Add, palette()), tr("Add model files…"), this);
    add->setToolTip(tr("Add .pth or .safetensors checkpoints (or drop them here)"));
    remove_ = new QPushButton(tr("Remove from list"), this);
    left->addWidget(list_);
    left->addWidget(add);
    left->addWidget(remove_);
    layout->addLayout(left);

    auto* right = new QVBoxLayout;
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("modelTitle"));
    details_ = new QLabel(this);
    details_->setObjectName(QStringLiteral("modelDetails"));
    details_->setTextFormat(Qt::RichText);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setWordWrap(true);
    tokenizer_ = new QComboBox(this);
    tokenizer_->setEditable(true);
    tokenizer_->addItem(tr("automatic"), QString());
    tokenizer_->addItem(QStringLiteral("world"), QStringLiteral("world"));
    tokenizer_->addItem(QStringLiteral("bytes"), QStringLiteral("bytes"));
    tokenizer_->setToolTip(tr("Automatic: bytes for 256 tokens, the World vocabulary for 65,536. "
                              "Type a path to a tokenizer.json or rwkv_vocab*.txt otherwise."));
    auto* tokRow = new QFormLayout;
    tokRow->addRow(tr("Tokenizer"), tokenizer_);
    weights_ = new QComboBox(this);
    weights_->setObjectName(QStringLiteral("weightFormat"));
    weights_->addItem(tr("as stored in the file"), QString());
    weights_->addItem(tr("float32 (exact, largest)"), QStringLiteral("f32"));
    weights_->addItem(tr("bfloat16"), QStringLiteral("bf16"));
    weights_->addItem(tr("float16"), QStringLiteral("f16"));
    weights_->addItem(tr("8-bit (smaller, faster)"), QStringLiteral("int8"));
    weights_->addItem(tr("4-bit (smallest)"), QStringLiteral("q4"));
    weights_->setToolTip(tr("How the weights are held in memory while the model runs. Converted weights "
                            "are cached next to the model so the next load is quick."));
    tokRow->addRow(tr("Weights in memory"), weights_);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("loadProgress"));
    progress_->setRange(0, 100);
    progress_->setVisible(false);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("modelError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; }"));
    auto* buttons = new QHBoxLayout;
    load_ = new QPushButton(tr("Load"), this);
    load_->setObjectName(QStringLiteral("loadModel"));
    unload_ = new QPushButton(tr("Unload"), this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName(QStringLiteral("cancelLoad"));
    buttons->addWidget(load_);
    buttons->addWidget(unload_);
    buttons->addWidget(cancel_);
    buttons->addStretch();
    right->addWidget(title_);
    right->addWidget(details_);
    right->addLayout(tokRow);
    right->addLayout(buttons);
    right->addWidget(progress_);
    right->addWidget(error_);
    right->addStretch();
    layout->addLayout(right, 1);
    auto* getModels = new QPushButton(tr("Get models…"), this);
    getModels->setToolTip(tr("Download RWKV models, with how fast each will run on this computer"));
    left->addWidget(getModels);
    connect(getModels, &QPushButton::clicked, this, [this] { showCatalog(); });

    connect(add, &QPushButton::clicked, this, &ModelsPane::chooseFiles);
    connect(remove_, &QPushButton::clicked, this, [this] { library_.remove(currentRow()); });
    connect(load_, &QPushButton::clicked, this, [this] { library_.load(currentRow()); });
    connect(unload_, &QPushButton::clicked, this, [this] { library_.unload(); });
    connect(cancel_, &QPushButton::clicked, this, [this] { library_.cancelLoad(); });
    connect(weights_, &QComboBox::activated, this,
            [this] { library_.setWeightFormat(currentRow(), weights_->currentData().toString()); });
    connect(tokenizer_, &QComboBox::currentTextChanged, this, [this](const QString& text) {
        const int data = tokenizer_->findText(text);
        library_.setTokenizer(currentRow(), data >= 0 ? tokenizer_->itemData(data).toString() : text);
    });
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this, &ModelsPane::showDetails);
    connect(&library_, &QAbstractItemModel::dataChanged, this, &ModelsPane::showDetails);
    connect(&library_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int, int last) {
        list_->setCurrentIndex(library_.index(last));
    });
    connect(&inference_, &InferenceService::loadProgress, this,
            [this](double f) { progress_->setValue(int(f * 100)); });
    connect(&inference_, &InferenceService::loadStarted, this, [this] {
        progress_->setValue(0);
        showDetails();
    });
    connect(&inference_, &InferenceService::loadFailed, this, &ModelsPane::showDetails);
    connect(&inference_, &InferenceService::modelLoaded, this, &ModelsPane::showDetails);

    if (library_.rowCount() > 0)
        list_->setCurrentIndex(library_.index(std::max(0, library_.loadedRow())));
    showDetails();
}

void ModelsPane::showCatalog(const QString& entryId)
{
    tabs_->setCurrentWidget(catalogView_);
    if (!entryId.isEmpty())
        catalogView_->select(entryId);
}

void ModelsPane::addFiles(const QStringList& paths)
{
    const QStringList problems = library_.addFiles(paths);
    if (!problems.isEmpty())
        error_->setText(problems.join(QLatin1Char('\n')));
}

void ModelsPane::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add model files"), QString(),
                                                            tr("RWKV checkpoints (*.pth *.safetensors)"));
    if (!paths.isEmpty())
        addFiles(paths);
}

int ModelsPane::currentRow() const
{
    return list_->currentIndex().isValid() ? list_->currentIndex().row() : -1;
}

void ModelsPane::showDetails()
{
    const int row = currentRow();
    const bool loading = inference_.isLoading();
    progress_->setVisible(loading);
    cancel_->setEnabled(loading);
    remove_->setEnabled(row >= 0);
    if (row < 0) {
        title_->setText(library_.rowCount() == 0 ? tr("<h3>No models yet</h3>") : QString());
        details_->setText(tr("Get a model from the catalog (Get models…), or add an RWKV checkpoint you already "
                             "have (.pth or .safetensors, versions 4 to 7). Files stay where they are; RWKV Studio "
                             "remembers them."));
        load_->setEnabled(false);
        unload_->setEnabled(false);
        return;
    }
    const QModelIndex index = library_.index(row);
    const bool loaded = index.data(ModelLibrary::LoadedRole).toBool();
    title_->setText(QStringLiteral("<h3>%1</h3>").arg(index.data(Qt::DisplayRole).toString().toHtmlEscaped()));
    const auto summary = index.data(ModelLibrary::SummaryRole).value<ModelSummary>();
    QString html = QStringLiteral("<table cellspacing='4'>");
    auto rowHtml = [&](const QString& k, const QString& v) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(k, v.toHtmlEscaped());
    };
    rowHtml(tr("Status"), index.data(ModelLibrary::StatusRole).toString());
    rowHtml(tr("File"), index.data(ModelLibrary::PathRole).toString());
    if (summary.isValid()) {
        rowHtml(tr("Architecture"), tr("RWKV v%1").arg(summary.arch));
        rowHtml(tr("Shape"), summary.shapeText());
        rowHtml(tr("Parameters"), formatParameters(summary.parameters));
        rowHtml(tr("Stored as"), summary.storedDType);
        rowHtml(tr("File size"), formatBytes(summary.fileSize));
        rowHtml(tr("Memory needed"), tr("about %1 (weights as %2, plus %3 per conversation state)")
                                          .arg(formatBytes(summary.ramBytes),
                                               summary.weightFormat.isEmpty() ? summary.storedDType
                                                                              : summary.weightFormat,
                                               formatBytes(summary.stateBytes)));
        if (loaded && !summary.tokenizer.isEmpty())
            rowHtml(tr("Tokenizer"), summary.tokenizer);
        if (loaded && !summary.runsOn.isEmpty())
            rowHtml(tr("Runs on"), summary.runsOnNote.isEmpty() ? summary.runsOn
                                                                 : tr("%1 (%2)").arg(summary.runsOn, summary.runsOnNote));
    }
    html += QStringLiteral("</table>");
    details_->setText(html);
    error_->setText(index.data(ModelLibrary::ErrorRole).toString());
    const QString spec = index.data(ModelLibrary::TokenizerRole).toString();
    const int known = tokenizer_->findData(spec);
    weights_->setCurrentIndex(std::max(0, weights_->findData(index.data(ModelLibrary::WeightFormatRole).toString())));
    const QSignalBlocker block(tokenizer_);
    if (known >= 0)
        tokenizer_->setCurrentIndex(known);
    else
        tokenizer_->setEditText(spec);
    load_->setEnabled(!loading && !loaded);
    unload_->setEnabled(!loading && loaded);
}

void ModelsPane::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ModelsPane::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    addFiles(paths);
}
