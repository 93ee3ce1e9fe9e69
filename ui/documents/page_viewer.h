// PageViewer shows a cited page: the PDF page as rendered (by the app's PDF helper) with the
// passage's words highlighted, or for a text file the page's text with the passage selected.
#pragma once

#include "app/documents/document_citation.h"

#include <QWidget>

class QLabel;
class QScrollArea;
class QTextBrowser;

class PageViewer : public QWidget {
    Q_OBJECT
public:
    explicit PageViewer(QWidget* parent = nullptr);

    void show(const PageView& page);
    // The shown page's image with its highlights painted in (null for text pages).
    QImage image() const { return image_; }
    QString title() const;

private:
    QLabel* title_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QLabel* picture_ = nullptr;
    QTextBrowser* text_ = nullptr;
    QImage image_;
};
