#include "ui/widgets/icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace icons {

namespace {

// Draws `name` in a 24×24 design grid.
void paint(QPainter& p, Name name)
{
    QPainterPath path;
    switch (name) {
    case Name::Chat:
        path.addRoundedRect(3, 4, 18, 12, 3, 3);
        path.moveTo(7, 16);
        path.lineTo(6, 21);
        path.lineTo(11, 16);
        break;
    case Name::Write:
        path.moveTo(4, 20);
        path.lineTo(5, 15);
        path.lineTo(16, 4);
        path.lineTo(20, 8);
        path.lineTo(9, 19);
        path.closeSubpath();
        break;
    case Name::Compose:
        path.addEllipse(QRectF(4, 15, 6, 5));
        path.addEllipse(QRectF(14, 13, 6, 5));
        path.moveTo(10, 17);
        path.lineTo(10, 5);
        path.lineTo(20, 3);
        path.lineTo(20, 15);
        break;
    case Name::FineTune:
        for (int x : {6, 12, 18}) {
            path.moveTo(x, 3);
            path.lineTo(x, 21);
        }
        path.addRect(4, 14, 4, 3);
        path.addRect(10, 6, 4, 3);
        path.addRect(16, 11, 4, 3);
        break;
    case Name::Documents:
        path.moveTo(6, 3);
        path.lineTo(14, 3);
        path.lineTo(19, 8);
        path.lineTo(19, 21);
        path.lineTo(6, 21);
        path.closeSubpath();
        path.moveTo(9, 12);
        path.lineTo(16, 12);
        path.moveTo(9, 16);
        path.lineTo(16, 16);
        break;
    case Name::Models:
        path.addRoundedRect(6, 6, 12, 12, 2, 2);
        for (int t : {9, 12, 15}) {
            path.moveTo(t, 2);
            path.lineTo(t, 6);
            path.moveTo(t, 18);
            path.lineTo(t, 22);
            path.moveTo(2, t);
            path.lineTo(6, t);
            path.moveTo(18, t);
            path.lineTo(22, t);
        }
        break;
    case Name::Settings:
        path.addEllipse(QPointF(12, 12), 3, 3);
        for (int i = 0; i < 8; ++i) {
            QTransform t;
            t.translate(12, 12);
            t.rotate(i * 45);
            path.addPolygon(t.map(QPolygonF({QPointF(-1.5, -9), QPointF(1.5, -9), QPointF(1.5, -6), QPointF(-1.5, -6)})));
        }
        path.addEllipse(QPointF(12, 12), 6, 6);
        break;
    case Name::Send:
        path.moveTo(3, 20);
        path.lineTo(21, 12);
        path.lineTo(3, 4);
        path.lineTo(5, 12);
        path.closeSubpath();
        break;
    case Name::Stop:
        path.addRoundedRect(6, 6, 12, 12, 2, 2);
        break;
    case Name::Copy:
        path.addRoundedRect(8, 8, 12, 13, 2, 2);
        path.moveTo(5, 16);
        path.lineTo(4, 16);
        path.lineTo(4, 3);
        path.lineTo(15, 3);
        path.lineTo(15, 5);
        break;
    case Name::Edit:
        path.moveTo(4, 20);
        path.lineTo(5, 15);
        path.lineTo(15, 5);
        path.lineTo(19, 9);
        path.lineTo(9, 19);
        path.closeSubpath();
        path.moveTo(13, 7);
        path.lineTo(17, 11);
        break;
    case Name::Regenerate:
        path.arcMoveTo(4, 4, 16, 16, 30);
        path.arcTo(4, 4, 16, 16, 30, 300);
        path.moveTo(19, 4);
        path.lineTo(19, 9);
        path.lineTo(14, 9);
        break;
    case Name::Delete:
        path.moveTo(4, 6);
        path.lineTo(20, 6);
        path.moveTo(9, 6);
        path.lineTo(9, 3);
        path.lineTo(15, 3);
        path.lineTo(15, 6);
        path.moveTo(6, 6);
        path.lineTo(7, 21);
        path.lineTo(17, 21);
        path.lineTo(18, 6);
        break;
    case Name::Add:
        path.moveTo(12, 4);
        path.lineTo(12, 20);
        path.moveTo(4, 12);
        path.lineTo(20, 12);
        break;
    case Name::Pin:
        path.moveTo(12, 14);
        path.lineTo(12, 21);
        path.moveTo(7, 14);
        path.lineTo(17, 14);
        path.lineTo(15, 9);
        path.lineTo(15, 3);
        path.lineTo(9, 3);
        path.lineTo(9, 9);
        path.closeSubpath();
        break;
    }
    p.drawPath(path);
}

} // namespace

QIcon make(Name name, const QPalette& palette)
{
    QIcon icon;
    for (QIcon::Mode mode : {QIcon::Normal, QIcon::Disabled, QIcon::Selected}) {
        QColor colour = palette.color(mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Active,
                                      mode == QIcon::Selected ? QPalette::HighlightedText : QPalette::WindowText);
        for (int size : {16, 24, 32})
            for (qreal dpr : {1.0, 1.5, 2.0, 3.0}) {
                QPixmap pm(int(size * dpr), int(size * dpr));
                pm.setDevicePixelRatio(dpr);
                pm.fill(Qt::transparent);
                QPainter p(&pm);
                p.setRenderHint(QPainter::Antialiasing);
                p.scale(size / 24.0, size / 24.0);
                p.setPen(QPen(colour, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                p.setBrush(Qt::NoBrush);
                paint(p, name);
                p.end();
                icon.addPixmap(pm, mode);
            }
    }
    return icon;
}

} // namespace icons
