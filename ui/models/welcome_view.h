// WelcomeView is what a new user sees while there is no model yet: the model recommended for this
// computer with one button to download it (with progress), "Add a model file…" for a checkpoint
// they already have, and a way to the whole catalog — each with one sentence on what it means.
// A downloaded or added model is loaded right away; MainWindow then opens the chat.
#pragma once

#include <QWidget>

class CatalogService;
class DownloadQueue;
class ModelLibrary;
class QLabel;
class QProgressBar;
class QPushButton;

class WelcomeView : public QWidget {
    Q_OBJECT
public:
    WelcomeView(CatalogService& catalog, DownloadQueue& downloads, ModelLibrary& library, QWidget* parent = nullptr);

    QPushButton* downloadButton() const { return download_; }
    QString recommendedId() const { return recommendedId_; }
    // Adds and loads model files (the "Add a model file…" dialog's answer; tests call it directly).
    void addFiles(const QStringList& paths);

signals:
    void catalogRequested(const QString& entryId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showRecommendation();
    void showProgress();
    void startDownload();
    void chooseFile();

    CatalogService& catalog_;
    DownloadQueue& downloads_;
    ModelLibrary& library_;
    QString recommendedId_;
    QString recommendedFormat_;
    QLabel* pick_;
    QPushButton* download_;
    QProgressBar* progress_;
    QLabel* status_;
};
