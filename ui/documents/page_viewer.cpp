#include "ui/documents/page_viewer.h"

#include <QFileInfo>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QTextBrowser>
#include <QVBoxLayout>

PageViewer::PageViewer(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("pageTitle"));
    picture_ = new QLabel;
    picture_->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    scroll_ = new QScrollArea(this);
    scroll_->setWidget(picture_);
    scroll_->setWidgetResizable(true);
    text_ = new QTextBrowser(this);
    text_->setObjectName(QStringLiteral("pageText"));
    layout->addWidget(title_);
    layout->addWidget(scroll_, 1);
    layout->addWidget(text_, 1);
    text_->hide();
}

QString PageViewer::title() const
{
    return title_->text();
}

void PageViewer::show(const PageView& page)
{
    title_->setText(tr("%1, page %2").arg(QFileInfo(page.citation.path).fileName()).arg(page.page));
    image_ = QImage();
    if (!page.png.isEmpty() && image_.loadFromData(page.png, "PNG")) {
        image_ = image_.convertToFormat(QImage::Format_ARGB32);
        QPainter painter(&image_);
        const QColor mark(255, 213, 0, 90);
        for (const QRectF& r : page.highlights)
            painter.fillRect(QRectF(r.x() * image_.width(), r.y() * image_.height(), r.width() * image_.width(),
                                    r.height() * image_.height()),
                             mark);
        painter.end();
        picture_->setPixmap(QPixmap::fromImage(image_));
        scroll_->show();
        text_->hide();
        return;
    }
    // Text files (and a page that could not be rendered): the text with the passage selected.
    text_->setPlainText(page.text);
    QTextCursor cursor(text_->document());
    cursor.setPosition(std::clamp(page.highlightStart, 0, int(page.text.size())));
    cursor.setPosition(std::clamp(page.highlightEnd, 0, int(page.text.size())), QTextCursor::KeepAnchor);
    text_->setTextCursor(cursor);
    text_->ensureCursorVisible();
    if (!page.error.isEmpty())
        title_->setText(title_->text() + QStringLiteral(" — ") + page.error);
    scroll_->hide();
    text_->show();
}
