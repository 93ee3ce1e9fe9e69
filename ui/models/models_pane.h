// ModelsPane is the Models page: the model files the user added, what each one is (architecture,
// shape, parameters, file size, the memory it needs), and loading it in the background with a
// progress bar and a Cancel button. Errors are shown as the sentences ModelLibrary provides.
#pragma once

#include <QWidget>

class InferenceService;
class ModelLibrary;
class QComboBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;

class ModelsPane : public QWidget {
    Q_OBJECT
public:
    ModelsPane(ModelLibrary& library, InferenceService& inference, QWidget* parent = nullptr);

    // Adds files as if chosen in the file dialog (also used by drag and drop and tests).
    void addFiles(const QStringList& paths);
    QListView* list() const { return list_; }

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
};
