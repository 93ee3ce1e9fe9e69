#include "ui/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace language {
namespace {

std::unique_ptr<QTranslator>& ours()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

std::unique_ptr<QTranslator>& qts()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

} // namespace

QStringList codes()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("ja")};
}

QString nativeName(const QString& code)
{
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    if (code == QLatin1String("ja"))
        return QStringLiteral("日本語");
    return QStringLiteral("English");
}

QString resolve(const QString& setting)
{
    if (codes().contains(setting))
        return setting;
    for (const QString& ui : QLocale::system().uiLanguages()) {
        const QString tag = QString(ui).replace(QLatin1Char('-'), QLatin1Char('_'));
        if (tag.startsWith(QLatin1String("zh")))
            return tag.contains(QLatin1String("Hant")) || tag.endsWith(QLatin1String("TW")) ||
                           tag.endsWith(QLatin1String("HK"))
                ? QStringLiteral("en") // Traditional Chinese is not translated yet
                : QStringLiteral("zh_CN");
        if (tag.startsWith(QLatin1String("ja")))
            return QStringLiteral("ja");
        if (tag.startsWith(QLatin1String("en")))
            return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

QString apply(const QString& setting)
{
    const QString code = resolve(setting);
    for (auto* slot : {&ours(), &qts()})
        if (*slot) {
            QCoreApplication::removeTranslator(slot->get());
            slot->reset();
        }
    QLocale::setDefault(code == QLatin1String("en") ? QLocale(QLocale::English, QLocale::UnitedStates) : QLocale(code));
    if (code != QLatin1String("en")) {
        auto translator = std::make_unique<QTranslator>();
        if (translator->load(QStringLiteral(":/i18n/rwkv_studio_") + code + QStringLiteral(".qm"))) {
            QCoreApplication::installTranslator(translator.get());
            ours() = std::move(translator);
        }
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            qts() = std::move(qt);
        }
    }
    return code;
}

} // namespace language
