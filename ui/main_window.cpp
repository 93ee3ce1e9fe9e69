#include "ui/main_window.h"

#include <QLabel>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("RWKV Studio"));
    setCentralWidget(new QLabel(tr("RWKV Studio"), this));
    resize(1100, 720);
}
