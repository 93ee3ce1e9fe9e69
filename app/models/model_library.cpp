#include "app/models/model_library.h"

#include "app/inference/engine_bridge.h"
#include "app/inference/inference_service.h"
#include "app/settings/app_settings.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <variant>

namespace {

using Inspection = std::variant<ModelSummary, QString>;

Inspection inspectInBackground(const QString& path)
{
    try {
        return engine_bridge::inspectModelFile(path);
    } catch (...) {
        return engine_bridge::describeFailure(std::current_exception(),
                                              QObject::tr("Reading %1").arg(QFileInfo(path).fileName()));
    }
}

} // namespace

ModelLibrary::ModelLibrary(AppSettings& settings, InferenceService& inference, QObject* parent)
    : QAbstractListModel(parent), settings_(settings), inference_(inference)
{
    for (const ModelEntry& m : settings_.models())
        entries_.append({m.path, m.tokenizerSpec, m.weightFormat, {}, {}, false});
    for (int row = 0; row < entries_.size(); ++row)
        inspect(row);

    connect(&inference_, &InferenceService::loadStarted, this, [this](const QString& path) {
        loadingPath_ = path;
        loadFraction_ = 0.0;
        touch(rowOf(path));
    });
    connect(&inference_, &InferenceService::loadProgress, this, [this](double fraction) {
        loadFraction_ = fraction;
        touch(rowOf(loadingPath_));
    });
    connect(&inference_, &InferenceService::modelLoaded, this, [this](const ModelSummary& summary) {
        const int previous = rowOf(loadedPath_);
        loadedPath_ = summary.path;
        loadingPath_.clear();
        const int row = rowOf(summary.path);
        if (row >= 0) {
            entries_[row].summary = summary; // now with fingerprint and tokenizer
            entries_[row].error.clear();
        }
        settings_.setLastLoadedModel(summary.path);
        touch(previous);
        touch(row);
    });
    connect(&inference_, &InferenceService::loadFailed, this, [this](const QString& sentence) {
        const int row = rowOf(loadingPath_);
        if (row >= 0)
            entries_[row].error = sentence;
        const int previous = rowOf(loadedPath_);
        loadingPath_.clear();
        loadedPath_.clear();
        touch(row);
        touch(previous);
    });
    connect(&inference_, &InferenceService::modelUnloaded, this, [this] {
        const int row = rowOf(loadedPath_);
        loadedPath_.clear();
        touch(row);
    });
}

int ModelLibrary::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

QVariant ModelLibrary::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= entries_.size())
        return {};
    const Entry& e = entries_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return QFileInfo(e.path).fileName();
    case Qt::ToolTipRole:
    case PathRole:
        return e.path;
    case SummaryRole:
        return e.summary.isValid() ? QVariant::fromValue(e.summary) : QVariant();
    case ErrorRole:
        return e.error;
    case LoadedRole:
        return e.path == loadedPath_;
    case TokenizerRole:
        return e.tokenizerSpec;
    case WeightFormatRole:
        return e.weightFormat;
    case StatusRole:
        if (e.path == loadingPath_)
            return tr("Loading… %1%").arg(int(loadFraction_ * 100));
        if (e.path == loadedPath_)
            return tr("Loaded");
        if (!QFileInfo::exists(e.path))
            return tr("File missing");
        if (e.inspecting)
            return tr("Reading…");
        return tr("Not loaded");
    }
    return {};
}

QStringList ModelLibrary::addFiles(const QStringList& paths)
{
    QStringList problems;
    for (const QString& raw : paths) {
        const QFileInfo info(raw);
        const QString path = info.absoluteFilePath();
        const QString suffix = info.suffix().toLower();
        if (suffix != QLatin1String("pth") && suffix != QLatin1String("safetensors")) {
            problems << tr("%1 is not a model file: RWKV Studio opens .pth and .safetensors checkpoints.")
                            .arg(info.fileName());
            continue;
        }
        if (!info.isFile()) {
            problems << tr("%1 does not exist or is not a file.").arg(path);
            continue;
        }
        if (rowOf(path) >= 0) {
            problems << tr("%1 is already in the list.").arg(info.fileName());
            continue;
        }
        const int row = int(entries_.size());
        beginInsertRows({}, row, row);
        entries_.append({path, {}, {}, {}, {}, false});
        endInsertRows();
        inspect(row);
    }
    persist();
    return problems;
}

void ModelLibrary::remove(int row)
{
    if (row < 0 || row >= entries_.size())
        return;
    if (entries_[row].path == loadedPath_)
        unload();
    beginRemoveRows({}, row, row);
    entries_.removeAt(row);
    endRemoveRows();
    persist();
}

void ModelLibrary::setTokenizer(int row, const QString& spec)
{
    if (row < 0 || row >= entries_.size())
        return;
    entries_[row].tokenizerSpec = spec;
    persist();
    touch(row);
}

void ModelLibrary::setWeightFormat(int row, const QString& format)
{
    if (row < 0 || row >= entries_.size())
        return;
    entries_[row].weightFormat = format;
    if (entries_[row].summary.isValid())
        estimateMemory(entries_[row].summary, format);
    persist();
    touch(row);
}

void ModelLibrary::load(int row)
{
    if (row < 0 || row >= entries_.size())
        return;
    entries_[row].error.clear();
    inference_.loadModel(entries_[row].path, entries_[row].tokenizerSpec, entries_[row].weightFormat);
}

void ModelLibrary::cancelLoad() { inference_.cancelLoad(); }
void ModelLibrary::unload() { inference_.unloadModel(); }

int ModelLibrary::rowOf(const QString& path) const
{
    if (path.isEmpty())
        return -1;
    for (int row = 0; row < entries_.size(); ++row)
        if (entries_[row].path == path)
            return row;
    return -1;
}

QString ModelLibrary::pathAt(int row) const
{
    return row >= 0 && row < entries_.size() ? entries_[row].path : QString();
}

int ModelLibrary::loadedRow() const { return rowOf(loadedPath_); }

void ModelLibrary::inspect(int row)
{
    const QString path = entries_[row].path;
    if (!QFileInfo::exists(path))
        return;
    entries_[row].inspecting = true;
    auto* watcher = new QFutureWatcher<Inspection>(this);
    connect(watcher, &QFutureWatcher<Inspection>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const int r = rowOf(path);
        if (r < 0)
            return; // removed meanwhile
        Entry& e = entries_[r];
        e.inspecting = false;
        const Inspection result = watcher->result();
        if (const auto* summary = std::get_if<ModelSummary>(&result)) {
            if (!e.summary.isValid()) {
                e.summary = *summary;
                estimateMemory(e.summary, e.weightFormat);
            }
        } else {
            e.error = std::get<QString>(result);
        }
        touch(r);
        emit inspected(r);
    });
    watcher->setFuture(QtConcurrent::run(inspectInBackground, path));
}

void ModelLibrary::persist()
{
    QList<ModelEntry> models;
    for (const Entry& e : entries_)
        models.append({e.path, e.tokenizerSpec, e.weightFormat});
    settings_.setModels(models);
}

void ModelLibrary::touch(int row)
{
    if (row >= 0 && row < entries_.size())
        emit dataChanged(index(row), index(row));
}
