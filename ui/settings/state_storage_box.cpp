#include "ui/settings/state_storage_box.h"

#include "app/chat/chat_service.h"
#include "app/inference/model_summary.h"
#include "app/settings/app_settings.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>

namespace {
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
}

StateStorageBox::StateStorageBox(AppSettings& settings, ChatService& chat, QWidget* parent)
    : QGroupBox(tr("Saved model states"), parent), settings_(settings)
{
    setObjectName(QStringLiteral("stateStorage"));
    auto* form = new QFormLayout(this);
    auto* about = new QLabel(tr("Chats keep the model's memory after their messages, so they reopen and branch "
                                "without reading everything again. Older messages keep fewer of them; when the "
                                "budget is reached, the chats used least recently give theirs up first (they are "
                                "then read again from their text)."),
                             this);
    about->setWordWrap(true);
    budget_ = new QDoubleSpinBox(this);
    budget_->setObjectName(QStringLiteral("stateBudget"));
    budget_->setRange(0.5, 1024);
    budget_->setDecimals(1);
    budget_->setSingleStep(0.5);
    budget_->setSuffix(tr(" GB"));
    budget_->setValue(double(settings_.stateBudget()) / kGiB);
    use_ = new QLabel(this);
    use_->setObjectName(QStringLiteral("stateUse"));
    form->addRow(about);
    form->addRow(tr("At most"), budget_);
    form->addRow(tr("In use"), use_);
    connect(budget_, &QDoubleSpinBox::valueChanged, this,
            [this](double gb) { settings_.setStateBudget(qint64(gb * kGiB)); });
    connect(&chat, &ChatService::stateStorageChanged, this, &StateStorageBox::showUse);
    showUse(chat.stateStorageBytes());
}

void StateStorageBox::showUse(qint64 bytes)
{
    use_->setText(formatBytes(bytes));
}
