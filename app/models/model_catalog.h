// ModelCatalog is the list of models the Models pane offers for download: the catalog shipped in
// resources/catalog/catalog.json, brought up to date by each repository's file listing (the
// Hugging Face API's /api/models/<repo>/tree/main, which reports every LFS file's size and
// sha256). A file is only ever downloaded against a sha256, from the catalog or from a listing.
// Plain values, safe on any thread.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

struct CatalogEntry {
    QString id;        // "rwkv7-g1-1.5b"
    QString name;      // "RWKV-7 G1 1.5B"
    QString family;    // "RWKV-7 G1"
    QString purpose;   // "chat", "base", "music-midi", "music-abc", "vocabulary"
    QString repo;      // "BlinkDL/rwkv7-g1"; empty when `url` is absolute
    QString file;      // file name in the repository (or of `url`)
    QString pattern;   // glob picking the newest release from a listing; may be empty
    QString url;       // absolute URL, for files not on a model hub
    qint64 bytes = 0;  // exact once a listing gave it, approximate before
    QString sha256;    // lower-case hex; empty until a listing gave it (unless the catalog has it)
    qint64 parameters = 0;
    QString arch;      // "7", "5.2", "4"
    int layers = 0;
    int embd = 0;
    int vocab = 0;
    int context = 0;
    QString license;
    QString tokenizer; // "world", "midi", "abc"
    QString about;     // one sentence on what it is for
    bool listed = false; // size and sha256 confirmed by a listing

    bool isModel() const { return purpose != QLatin1String("vocabulary"); }
    bool needsWorldVocabulary() const { return tokenizer == QLatin1String("world"); }
};

// One file of a repository listing.
struct ListedFile {
    QString path;
    qint64 bytes = 0;
    QString sha256; // the LFS oid; empty for files kept in git
};

class ModelCatalog {
public:
    // Parses a catalog document; on failure returns an empty catalog and sets `error` to a sentence.
    static ModelCatalog parse(const QByteArray& json, QString* error);
    // The catalog shipped in the app's resources.
    static ModelCatalog builtIn();
    // Parses one /api/models/<repo>/tree/<rev> answer; sets `error` and returns {} when malformed.
    static QList<ListedFile> parseListing(const QByteArray& json, QString* error);

    const QList<CatalogEntry>& entries() const { return entries_; }
    const CatalogEntry* find(const QString& id) const;
    // The World vocabulary's entry, null if the catalog has none.
    const CatalogEntry* worldVocabulary() const;
    // Repositories the entries come from, each once.
    QStringList repositories() const;

    // Brings the entries of `repo` up to date from its listing: the newest file matching each
    // entry's pattern (by the yyyymmdd date in its name, then by name), its exact size and sha256.
    // A catalog sha256 for the same file that disagrees with the listing wins nothing: the entry
    // keeps the catalog's hash, so a tampered listing cannot slip a file past it.
    void applyListing(const QString& repo, const QList<ListedFile>& files);

    // Where to download `entry` from: `url` as is, else <base>/<repo>/resolve/main/<file>, where
    // base is https://huggingface.co or a mirror of it.
    static QUrl downloadUrl(const CatalogEntry& entry, const QString& mirrorBase);
    // The listing address for `repo` on `mirrorBase`.
    static QUrl listingUrl(const QString& repo, const QString& mirrorBase);
    static QString defaultMirror() { return QStringLiteral("https://huggingface.co"); }

private:
    QList<CatalogEntry> entries_;
};
