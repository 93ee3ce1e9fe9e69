#include "ui/widgets/placeholder_pane.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

PlaceholderPane::PlaceholderPane(const QString& title, const QString& description,
                                 const QStringList& plannedControls, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    auto* heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
    auto* text = new QLabel(description, this);
    text->setWordWrap(true);
    auto* soon = new QLabel(tr("Not available in this version yet."), this);
    soon->setStyleSheet(QStringLiteral("font-style: italic;"));
    layout->addWidget(heading);
    layout->addWidget(text);
    layout->addWidget(soon);
    for (const QString& control : plannedControls) {
        auto* button = new QPushButton(control, this);
        button->setEnabled(false);
        button->setMaximumWidth(260);
        layout->addWidget(button);
    }
    layout->addStretch();
}
