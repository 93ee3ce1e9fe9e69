// ModelsPane is the Models page. "My models": the model files the user added or downloaded, what
// each one is (architecture, shape, parameters, file size, the memory it needs), and loading it in
// the background with a progress bar and a Cancel button; errors are the sentences ModelLibrary
// provides. "Get models": the catalog with this machine's estimates and the downloads (CatalogView).
#pragma once

#include <QWidget>

class CatalogService;
class CatalogView;
class DownloadQueue;
class InferenceService;
class ModelLibrary;
class QTabWidget;
class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;

class ModelsPane : public QWidget {
    Q_OBJECT
public:
    ModelsPane(ModelLibrary& library, InferenceService& inference, CatalogService& catalog, DownloadQueue& downloads,
               QWidget* parent = nullptr);

    // Adds files as if chosen in the file dialog (also used by drag and drop and tests).
    void addFiles(const QStringList& paths);
    QListView* list() const { return list_; }
    CatalogView* catalogView() const { return catalogView_; }
    // Opens "Get models", with `entryId` selected when given.
    void showCatalog(const QString& entryId = {});

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void chooseFiles();
    void showDetails();
    int currentRow() const;

    ModelLibrary& library_;
    InferenceService& inference_;
    QListView* list_;
    QLabel* title_;
    QLabel* details_;
    QLabel* error_;
    QComboBox* tokenizer_;
    QComboBox* weights_;
    QProgressBar* progress_;
    QPushButton* load_;
    QPushButton* unload_;
    QPushButton* cancel_;
    QPushButton* remove_;
    QTabWidget* tabs_;
    CatalogView* catalogView_;
};
