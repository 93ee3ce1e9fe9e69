// ModelLibrary is the list of model files the user added (remembered in AppSettings), with what
// each file is (read from its tensor table in the background, without loading weights), which
// one is loaded, and the last error of each. It drives loading through InferenceService and is
// the model behind the Models pane's list. GUI thread only.
#pragma once

#include "app/inference/model_summary.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>

class AppSettings;
class InferenceService;

class ModelLibrary : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1,
        SummaryRole, // QVariant<ModelSummary>, invalid until inspected
        StatusRole,  // "Loaded", "Loading…", "Not loaded", "File missing"
        ErrorRole,   // last sentence about this file, empty if none
        LoadedRole,  // bool
        TokenizerRole, // the tokenizer spec chosen for this file, empty for automatic
        WeightFormatRole, // "" = as stored
    };

    ModelLibrary(AppSettings& settings, InferenceService& inference, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // Adds model files; returns one sentence per file that was not added (unknown extension,
    // missing, already in the list). Added files are inspected in the background.
    QStringList addFiles(const QStringList& paths);
    void remove(int row);
    void setTokenizer(int row, const QString& spec);
    // How the weights are held when loaded ("" = as stored); updates the memory estimate.
    void setWeightFormat(int row, const QString& format);

    // Loads the model of `row` (replacing the loaded one); progress and outcome come as the
    // InferenceService's signals and as this model's StatusRole/ErrorRole.
    void load(int row);
    void cancelLoad();
    void unload();

    int rowOf(const QString& path) const;
    QString pathAt(int row) const;
    // Row of the loaded model, -1 if none.
    int loadedRow() const;

signals:
    // A file's inspection finished (summary valid) or failed (error set).
    void inspected(int row);

private:
    struct Entry {
        QString path;
        QString tokenizerSpec;
        QString weightFormat;
        ModelSummary summary;
        QString error;
        bool inspecting = false;
    };

    void inspect(int row);
    void persist();
    void touch(int row);

    AppSettings& settings_;
    InferenceService& inference_;
    QList<Entry> entries_;
    QString loadingPath_;
    QString loadedPath_;
    double loadFraction_ = 0.0;
};
