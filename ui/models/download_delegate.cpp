#include "ui/models/download_delegate.h"

#include "app/models/download_queue.h"

#include <QApplication>
#include <QPainter>

namespace {
constexpr int kPad = 6;
constexpr int kBarHeight = 8;
}

QSize DownloadDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QFontMetrics fm(option.font);
    // Error sentences are long: the row grows to hold them wrapped at the list's width.
    const int width = std::max(200, (option.widget ? option.widget->width() : 420) - 4 * kPad);
    const QRect detail = fm.boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap,
                                         index.data(DownloadQueue::DetailRole).toString());
    return {width, kPad * 4 + fm.height() + kBarHeight + detail.height()};
}

void DownloadDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QFontMetrics fm(opt.font);
    QRect line = opt.rect.adjusted(kPad, kPad, -kPad, 0);
    line.setHeight(fm.height());
    const bool selected = opt.state & QStyle::State_Selected;
    painter->save();
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter, index.data(Qt::DisplayRole).toString());
    painter->setFont(opt.font);
    painter->drawText(line, Qt::AlignRight | Qt::AlignVCenter, index.data(DownloadQueue::StateRole).toString());

    QStyleOptionProgressBar bar;
    bar.rect = QRect(line.left(), line.bottom() + kPad, line.width(), kBarHeight);
    bar.minimum = 0;
    bar.maximum = 1000;
    const double fraction = index.data(DownloadQueue::ProgressRole).toDouble();
    bar.progress = fraction < 0 ? 0 : int(fraction * 1000);
    bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
    bar.palette = opt.palette;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, opt.widget);

    QRect detail(line.left(), bar.rect.bottom() + kPad, line.width(), opt.rect.bottom() - bar.rect.bottom() - kPad);
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
    painter->drawText(detail, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                      index.data(DownloadQueue::DetailRole).toString());
    painter->restore();
}
