#include "ui/settings/settings_pane.h"

#include "ui/language.h"

#include "app/inference/compute_devices.h"
#include "app/settings/app_settings.h"
#include "ui/settings/api_server_box.h"
#include "ui/settings/download_settings_box.h"
#include "ui/settings/state_storage_box.h"

#include <QThread>
#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QScrollArea>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// Example turns as the user edits them: "User: …" and "Assistant: …" lines in pairs.
QString examplesToText(const PersonaPreset& p)
{
    QStringList lines;
    for (const auto& [user, assistant] : p.examples)
        lines << QStringLiteral("User: ") + user << QStringLiteral("Assistant: ") + assistant;
    return lines.join(QLatin1Char('\n'));
}

QList<QPair<QString, QString>> examplesFromText(const QString& text)
{
    QList<QPair<QString, QString>> out;
    QString user;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.startsWith(QStringLiteral("User:")))
            user = line.mid(5).trimmed();
        else if (line.startsWith(QStringLiteral("Assistant:")) && !user.isEmpty()) {
            out.append({user, line.mid(10).trimmed()});
            user.clear();
        }
    }
    return out;
}

} // namespace

SettingsPane::SettingsPane(AppSettings& settings, const QString& databasePath, QWidget* parent, LocalApiService* api,
                           ChatService* chat)
    : QWidget(parent), settings_(settings)
{
    // The sections outgrow a laptop screen: they scroll.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    auto* layout = new QVBoxLayout(content);

    auto* general = new QGroupBox(tr("General"), this);
    auto* form = new QFormLayout(general);
    theme_ = new QComboBox(general);
    theme_->setObjectName(QStringLiteral("theme"));
    theme_->addItem(tr("Follow the system"), int(ThemeChoice::System));
    theme_->addItem(tr("Light"), int(ThemeChoice::Light));
    theme_->addItem(tr("Dark"), int(ThemeChoice::Dark));
    theme_->setCurrentIndex(theme_->findData(int(settings_.theme())));
    // Each language in its own name, so whoever reads none of the others finds theirs.
    language_ = new QComboBox(general);
    language_->setObjectName(QStringLiteral("language"));
    language_->addItem(tr("Follow the system"), QString());
    for (const QString& code : language::codes())
        language_->addItem(language::nativeName(code), code);
    language_->setCurrentIndex(std::max(0, language_->findData(settings_.language())));
    auto* loadLast = new QCheckBox(tr("Load the last used model when RWKV Studio starts"), general);
    loadLast->setChecked(settings_.loadLastModelOnStart());
    // Filled with the GPUs once they have been looked for, off the GUI thread.
    device_ = new QComboBox(general);
    device_->setObjectName(QStringLiteral("computeDevice"));
    device_->addItem(tr("Automatic (a GPU when there is one, else the CPU)"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    device_->setCurrentIndex(std::max(0, device_->findData(settings_.computeDevice())));
    deviceNote_ = new QLabel(tr("Looking for GPUs…"), general);
    deviceNote_->setObjectName(QStringLiteral("computeDeviceNote"));
    deviceNote_->setWordWrap(true);
    auto* database = new QLabel(databasePath, general);
    database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Appearance"), theme_);
    form->addRow(tr("Language"), language_);
    form->addRow(QString(), loadLast);
    form->addRow(tr("Run models on"), device_);
    form->addRow(QString(), deviceNote_);
    form->addRow(tr("Chats and documents"), database);
    layout->addWidget(general);
    if (api)
        layout->addWidget(new ApiServerBox(settings_, *api, this));
    layout->addWidget(new DownloadSettingsBox(settings_, this));
    if (chat)
        layout->addWidget(new StateStorageBox(settings_, *chat, this));

    auto* personaBox = new QGroupBox(tr("Personas for new chats"), this);
    auto* row = new QHBoxLayout(personaBox);
    auto* listColumn = new QVBoxLayout;
    personas_ = new QListWidget(personaBox);
    personas_->setMaximumWidth(220);
    auto* add = new QPushButton(tr("Add"), personaBox);
    auto* remove = new QPushButton(tr("Remove"), personaBox);
    listColumn->addWidget(personas_);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    listColumn->addLayout(listButtons);
    row->addLayout(listColumn);
    auto* editForm = new QFormLayout;
    personaName_ = new QLineEdit(personaBox);
    personaSystem_ = new QPlainTextEdit(personaBox);
    personaSystem_->setPlaceholderText(tr("Fed as \"System: …\" before the conversation. May be empty."));
    personaExamples_ = new QPlainTextEdit(personaBox);
    personaExamples_->setPlaceholderText(tr("Example turns, one per line:\nUser: …\nAssistant: …"));
    auto* save = new QPushButton(tr("Save persona"), personaBox);
    editForm->addRow(tr("Name"), personaName_);
    editForm->addRow(tr("System text"), personaSystem_);
    editForm->addRow(tr("Example turns"), personaExamples_);
    editForm->addRow(QString(), save);
    row->addLayout(editForm, 1);
    personaBox->setMinimumHeight(260);
    layout->addWidget(personaBox, 1);

    for (const PersonaPreset& p : settings_.personas())
        personas_->addItem(p.name);

    connect(language_, &QComboBox::activated, this,
            [this] { settings_.setLanguage(language_->currentData().toString()); });
    connect(theme_, &QComboBox::activated, this,
            [this] { settings_.setTheme(ThemeChoice(theme_->currentData().toInt())); });
    connect(device_, &QComboBox::activated, this,
            [this] { settings_.setComputeDevice(device_->currentData().toString()); });
    listDevicesInBackground();
    connect(loadLast, &QCheckBox::toggled, this, [this](bool on) { settings_.setLoadLastModelOnStart(on); });
    connect(personas_, &QListWidget::currentRowChanged, this, &SettingsPane::showPersona);
    connect(save, &QPushButton::clicked, this, &SettingsPane::savePersona);
    connect(add, &QPushButton::clicked, this, [this] {
        auto all = settings_.personas();
        all.append({tr("New persona %1").arg(all.size() + 1), {}, {}});
        settings_.setPersonas(all);
        personas_->addItem(all.last().name);
        personas_->setCurrentRow(personas_->count() - 1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        auto all = settings_.personas();
        const int row = personas_->currentRow();
        if (row < 0 || row >= all.size() || all.size() == 1)
            return;
        all.removeAt(row);
        settings_.setPersonas(all);
        delete personas_->takeItem(row);
    });
    personas_->setCurrentRow(0);
}

SettingsPane::~SettingsPane()
{
    // The lookup posts its answer to this pane: let it finish first (it takes well under a second).
    if (lookup_) {
        lookup_->wait();
        delete lookup_;
    }
}

void SettingsPane::listDevicesInBackground()
{
    lookup_ = QThread::create([this] {
        ComputeDeviceList list = listComputeDevices();
        QMetaObject::invokeMethod(this, [this, list] { showDevices(list); }, Qt::QueuedConnection);
    });
    lookup_->start();
}

void SettingsPane::showDevices(const ComputeDeviceList& list)
{
    const QString chosen = settings_.computeDevice();
    for (const ComputeDevice& d : list.devices)
        if (device_->findData(d.id) < 0)
            device_->addItem(d.label, d.id);
    device_->setCurrentIndex(std::max(0, device_->findData(chosen)));
    deviceNote_->setText(list.note.isEmpty() ? tr("A change applies when the next model loads.") : list.note);
    emit computeDevicesListed();
}

void SettingsPane::showPersona(int row)
{
    const auto all = settings_.personas();
    if (row < 0 || row >= all.size())
        return;
    personaName_->setText(all[row].name);
    personaSystem_->setPlainText(all[row].systemText);
    personaExamples_->setPlainText(examplesToText(all[row]));
}

void SettingsPane::savePersona()
{
    auto all = settings_.personas();
    const int row = personas_->currentRow();
    if (row < 0 || row >= all.size() || personaName_->text().trimmed().isEmpty())
        return;
    all[row] = {personaName_->text().trimmed(), personaSystem_->toPlainText().trimmed(),
                examplesFromText(personaExamples_->toPlainText())};
    settings_.setPersonas(all);
    personas_->item(row)->setText(all[row].name);
}
