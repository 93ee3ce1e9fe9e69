// The interface language: installs RWKV Studio's translation (built into the app as
// :/i18n/rwkv_studio_<code>.qm) and Qt's own for the standard dialogs, and sets the default
// locale so numbers and dates follow it. "" follows the system; "en" is the source language.
#pragma once

#include <QString>
#include <QStringList>

namespace language {

// The languages the app is translated into, as codes ("en" first), and their own names.
QStringList codes();
QString nativeName(const QString& code);
// The language `setting` ("" = the system's) resolves to: one of codes().
QString resolve(const QString& setting);
// Installs the translators for `setting`, replacing the previous ones; every widget then gets a
// LanguageChange event. Returns the code applied.
QString apply(const QString& setting);

} // namespace language
