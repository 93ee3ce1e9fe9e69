#include "app/models/model_catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QRegularExpression>

namespace {

bool isSha256(const QString& hex)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}$"));
    return re.match(hex).hasMatch();
}

CatalogEntry entryFromJson(const QJsonObject& o)
{
    CatalogEntry e;
    e.id = o.value(QStringLiteral("id")).toString();
    e.name = o.value(QStringLiteral("name")).toString();
    e.family = o.value(QStringLiteral("family")).toString();
    e.purpose = o.value(QStringLiteral("purpose")).toString();
    e.repo = o.value(QStringLiteral("repo")).toString();
    e.file = o.value(QStringLiteral("file")).toString();
    e.pattern = o.value(QStringLiteral("pattern")).toString();
    e.url = o.value(QStringLiteral("url")).toString();
    e.bytes = qint64(o.value(QStringLiteral("bytes")).toDouble());
    e.sha256 = o.value(QStringLiteral("sha256")).toString().toLower();
    e.parameters = qint64(o.value(QStringLiteral("parameters")).toDouble());
    e.arch = o.value(QStringLiteral("arch")).toString();
    e.layers = o.value(QStringLiteral("layers")).toInt();
    e.embd = o.value(QStringLiteral("embd")).toInt();
    e.vocab = o.value(QStringLiteral("vocab")).toInt();
    e.context = o.value(QStringLiteral("context")).toInt();
    e.license = o.value(QStringLiteral("license")).toString();
    e.tokenizer = o.value(QStringLiteral("tokenizer")).toString();
    e.about = o.value(QStringLiteral("about")).toString();
    return e;
}

// The release date in names such as rwkv7-g1a-1.5b-20250922-ctx4096.pth, for picking the newest.
QString releaseDate(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("(?:^|[-_])(20\\d{6})(?:[-_.]|$)"));
    const auto m = re.match(name);
    return m.hasMatch() ? m.captured(1) : QString();
}

// Hugging Face's address or the mirror's, without a trailing slash.
QString hubBase(const QString& mirrorBase)
{
    QString base = mirrorBase.isEmpty() ? ModelCatalog::defaultMirror() : mirrorBase;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return base;
}

} // namespace

ModelCatalog ModelCatalog::parse(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    ModelCatalog catalog;
    if (!doc.isObject() || !doc.object().value(QStringLiteral("entries")).isArray()) {
        if (error)
            *error = QObject::tr("The model catalog is not valid JSON with an \"entries\" list (%1).")
                         .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                           : QObject::tr("no entries"));
        return catalog;
    }
    const QJsonArray entries = doc.object().value(QStringLiteral("entries")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        CatalogEntry e = entryFromJson(entries[i].toObject());
        const bool located = !e.url.isEmpty() || (!e.repo.isEmpty() && !e.file.isEmpty());
        if (e.id.isEmpty() || e.name.isEmpty() || !located || (!e.sha256.isEmpty() && !isSha256(e.sha256))
            || (e.isModel() && (e.layers <= 0 || e.embd <= 0 || e.parameters <= 0))) {
            if (error)
                *error = QObject::tr("Entry %1 of the model catalog is incomplete (it needs an id, a name, "
                                     "where to download it and, for a model, its shape).").arg(i + 1);
            return {};
        }
        catalog.entries_.append(e);
    }
    return catalog;
}

ModelCatalog ModelCatalog::builtIn()
{
    QFile file(QStringLiteral(":/catalog/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the model catalog is missing from the app's resources");
    QString error;
    ModelCatalog catalog = parse(file.readAll(), &error);
    if (!error.isEmpty())
        qFatal("the built-in model catalog is broken: %s", qPrintable(error));
    return catalog;
}

QList<ListedFile> ModelCatalog::parseListing(const QByteArray& json, QString* error)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isArray()) {
        if (error)
            *error = QObject::tr("The repository listing is not the list of files it should be.");
        return {};
    }
    QList<ListedFile> files;
    for (const QJsonValue& v : doc.array()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("type")).toString() != QLatin1String("file"))
            continue;
        ListedFile f;
        f.path = o.value(QStringLiteral("path")).toString();
        f.bytes = qint64(o.value(QStringLiteral("size")).toDouble());
        const QJsonObject lfs = o.value(QStringLiteral("lfs")).toObject();
        const QString oid = lfs.value(QStringLiteral("oid")).toString().toLower();
        if (isSha256(oid)) {
            f.sha256 = oid;
            f.bytes = qint64(lfs.value(QStringLiteral("size")).toDouble(double(f.bytes)));
        }
        if (!f.path.isEmpty())
            files.append(f);
    }
    return files;
}

const CatalogEntry* ModelCatalog::find(const QString& id) const
{
    for (const CatalogEntry& e : entries_)
        if (e.id == id)
            return &e;
    return nullptr;
}

const CatalogEntry* ModelCatalog::worldVocabulary() const
{
    for (const CatalogEntry& e : entries_)
        if (e.purpose == QLatin1String("vocabulary"))
            return &e;
    return nullptr;
}

QStringList ModelCatalog::repositories() const
{
    QStringList repos;
    for (const CatalogEntry& e : entries_)
        if (!e.repo.isEmpty() && !repos.contains(e.repo))
            repos.append(e.repo);
    return repos;
}

void ModelCatalog::applyListing(const QString& repo, const QList<ListedFile>& files)
{
    for (CatalogEntry& e : entries_) {
        if (e.repo != repo)
            continue;
        const ListedFile* best = nullptr;
        for (const ListedFile& f : files) {
            if (f.sha256.isEmpty())
                continue; // only LFS files carry a hash we can check against
            const bool same = f.path == e.file;
            const bool matches = !e.pattern.isEmpty()
                && QRegularExpression::fromWildcard(e.pattern, Qt::CaseSensitive,
                                                    QRegularExpression::UnanchoredWildcardConversion)
                       .match(f.path).hasMatch()
                && !f.path.contains(QLatin1Char('/'));
            if (!same && !matches)
                continue;
            if (!best || std::pair(releaseDate(f.path), f.path) > std::pair(releaseDate(best->path), best->path))
                best = &f;
        }
        if (!best)
            continue;
        if (best->path == e.file && !e.sha256.isEmpty() && e.sha256 != best->sha256)
            continue; // the catalog's own hash stands
        e.file = best->path;
        e.bytes = best->bytes;
        e.sha256 = best->sha256;
        e.listed = true;
    }
}

QUrl ModelCatalog::downloadUrl(const CatalogEntry& entry, const QString& mirrorBase)
{
    if (!entry.url.isEmpty())
        return QUrl(entry.url);
    return QUrl(hubBase(mirrorBase) + QLatin1Char('/') + entry.repo + QStringLiteral("/resolve/main/") + entry.file);
}

QUrl ModelCatalog::listingUrl(const QString& repo, const QString& mirrorBase)
{
    return QUrl(hubBase(mirrorBase) + QStringLiteral("/api/models/") + repo + QStringLiteral("/tree/main"));
}
