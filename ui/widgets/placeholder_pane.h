// PlaceholderPane stands in for a pane a later release fills: it says what the pane will do and
// shows its controls disabled, so nothing pretends to work.
#pragma once

#include <QWidget>

class PlaceholderPane : public QWidget {
    Q_OBJECT
public:
    PlaceholderPane(const QString& title, const QString& description, const QStringList& plannedControls,
                    QWidget* parent = nullptr);
};
