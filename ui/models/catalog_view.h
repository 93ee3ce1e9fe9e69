// CatalogView is the Models pane's "Get models" page: every catalog model with, per weight format,
// the memory it needs and the speed expected on this computer (estimated before anything is
// downloaded), the recommended pick marked, a Download button, and the download list with its
// progress, pause, resume and cancel. The work is CatalogService's and DownloadQueue's.
#pragma once

#include <QWidget>

class CatalogService;
class DownloadQueue;
class ModelLibrary;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QTreeWidget;

class CatalogView : public QWidget {
    Q_OBJECT
public:
    CatalogView(CatalogService& catalog, DownloadQueue& downloads, ModelLibrary& library, QWidget* parent = nullptr);

    QTreeWidget* table() const { return table_; }
    QListView* downloadList() const { return downloadList_; }
    // Selects a catalog entry (the welcome view's "see all models" lands on the recommended one).
    void select(const QString& entryId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void fill();
    void showSelection();
    void showMachine();
    void download();
    void updateDownloadButtons();
    QString selectedId() const;

    CatalogService& catalog_;
    DownloadQueue& downloads_;
    ModelLibrary& library_;
    QLabel* machine_;
    QLabel* message_;
    QTreeWidget* table_;
    QLabel* about_;
    QComboBox* format_;
    QPushButton* download_;
    QListView* downloadList_;
    QPushButton* pause_;
    QPushButton* resume_;
    QPushButton* cancel_;
    QPushButton* load_;
};
