// `rwkv-cli download URL --out FILE [--sha256 HEX]`: downloads into FILE.part (resuming one left by
// an earlier run), prints one JSON line per event on stdout —
//   {"event":"progress","received":N,"total":T,"bytes_per_s":S}   (about twice a second)
//   {"event":"notice","message":"..."}                             (a restart from zero, a retry)
//   {"event":"done","file":F,"bytes":N,"sha256":H}
//   {"event":"error","message":"..."}
// — and exits 0 once FILE is in place, 1 on failure (a hash mismatch leaves no FILE and no part).
//
// `rwkv-cli catalog [--json] [--ram-gb G] [--bandwidth-gbs B]`: the catalog with, for every model
// and weight format, the memory it needs and the decode speed expected on this machine, and the
// recommended pick. --ram-gb and --bandwidth-gbs describe another machine instead of measuring.
#include "app/models/download_command.h"

#include "app/command_args.h"
#include "app/inference/model_summary.h"
#include "app/models/file_download.h"
#include "app/models/fit_estimate.h"
#include "app/models/model_catalog.h"
#include "core/error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QRegularExpression>

#include <cmath>
#include <cstdio>

namespace {

[[noreturn]] void downloadUsage(const std::string& why)
{
    throw rwkv::Error(rwkv::ErrorCode::InvalidArgument,
                      why + "\nusage: rwkv-cli download URL --out FILE [--sha256 HEX]");
}

[[noreturn]] void catalogUsage(const std::string& why)
{
    throw rwkv::Error(rwkv::ErrorCode::InvalidArgument,
                      why + "\nusage: rwkv-cli catalog [--json] [--ram-gb G] [--bandwidth-gbs B]");
}

void printLine(const QJsonObject& o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// QCoreApplication needs argc/argv that outlive it.
int argcStorage = 1;
char argv0[] = "rwkv-cli";
char* argvStorage[] = {argv0, nullptr};

double positiveNumber(const CommandArgs& args, const std::string& name, void (*usage)(const std::string&))
{
    if (!args.has(name))
        return 0;
    try {
        const double v = std::stod(args.str(name));
        if (v > 0)
            return v;
    } catch (const std::exception&) {
    }
    usage("--" + name + " needs a positive number");
    return 0;
}

} // namespace

int runDownloadCommand(const std::vector<std::string>& rawArgs)
{
    const CommandArgs args(rawArgs, {"out", "sha256"}, {}, downloadUsage);
    if (args.positional().size() != 1)
        downloadUsage("download needs one URL");
    const QUrl url(QString::fromStdString(args.positional()[0]), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        downloadUsage(args.positional()[0] + " is not an http:// or https:// address");
    const QString out = QString::fromStdString(args.required("out"));
    const QString sha = QString::fromStdString(args.str("sha256")).toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (args.has("sha256") && !hex.match(sha).hasMatch())
        downloadUsage("--sha256 needs 64 hexadecimal digits");

    QCoreApplication app(argcStorage, argvStorage);
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkAccessManager network;
    FileDownload download(network, {url, QFileInfo(out).absoluteFilePath(), sha, 0});
    QElapsedTimer lastLine;
    lastLine.start();
    QObject::connect(&download, &FileDownload::progress, [&](qint64 received, qint64 total) {
        if (lastLine.elapsed() < 500 && received != total)
            return;
        lastLine.restart();
        printLine({{QStringLiteral("event"), QStringLiteral("progress")},
                   {QStringLiteral("received"), double(received)},
                   {QStringLiteral("total"), double(total)},
                   {QStringLiteral("bytes_per_s"), qRound64(download.bytesPerSecond())}});
    });
    QObject::connect(&download, &FileDownload::notice, [](const QString& sentence) {
        printLine({{QStringLiteral("event"), QStringLiteral("notice")}, {QStringLiteral("message"), sentence}});
    });
    QObject::connect(&download, &FileDownload::finished, &app, &QCoreApplication::quit, Qt::QueuedConnection);
    download.start();
    if (download.isActive())
        app.exec();
    if (download.state() != FileDownload::State::Finished) {
        printLine({{QStringLiteral("event"), QStringLiteral("error")}, {QStringLiteral("message"), download.errorString()}});
        std::fprintf(stderr, "rwkv-cli download: %s\n", qPrintable(download.errorString()));
        return 1;
    }
    printLine({{QStringLiteral("event"), QStringLiteral("done")},
               {QStringLiteral("file"), QFileInfo(out).absoluteFilePath()},
               {QStringLiteral("bytes"), double(QFileInfo(out).size())},
               {QStringLiteral("sha256"), download.actualSha256()}});
    return 0;
}

int runCatalogCommand(const std::vector<std::string>& rawArgs)
{
    const CommandArgs args(rawArgs, {"ram-gb", "bandwidth-gbs"}, {"json"}, catalogUsage);
    if (!args.positional().empty())
        catalogUsage("catalog takes no file");
    const double ramGb = positiveNumber(args, "ram-gb", catalogUsage);
    const double bandwidth = positiveNumber(args, "bandwidth-gbs", catalogUsage);
    QCoreApplication app(argcStorage, argvStorage); // for the catalog resource and QObject::tr
    MachineProfile machine = MachineProfile::probe(QStringLiteral("cpu"), bandwidth);
    if (ramGb > 0)
        machine.ramBytes = qint64(ramGb * 1024 * 1024 * 1024);
    const ModelCatalog catalog = ModelCatalog::builtIn();
    const Recommendation pick = recommend(catalog, machine);

    if (args.has("json")) {
        QJsonArray entries;
        for (const CatalogEntry& e : catalog.entries()) {
            QJsonObject o{{QStringLiteral("id"), e.id}, {QStringLiteral("name"), e.name},
                          {QStringLiteral("purpose"), e.purpose}, {QStringLiteral("repo"), e.repo},
                          {QStringLiteral("file"), e.file}, {QStringLiteral("url"), ModelCatalog::downloadUrl(e, {}).toString()},
                          {QStringLiteral("bytes"), double(e.bytes)}, {QStringLiteral("license"), e.license},
                          {QStringLiteral("context"), e.context}, {QStringLiteral("parameters"), double(e.parameters)}};
            if (!e.sha256.isEmpty())
                o.insert(QStringLiteral("sha256"), e.sha256);
            if (e.isModel()) {
                QJsonObject formats;
                for (const QString& f : downloadFormats()) {
                    const FitEstimate fit = estimateFit(e, f, machine);
                    formats.insert(f, QJsonObject{{QStringLiteral("memory_bytes"), double(fit.memoryBytes)},
                                                  {QStringLiteral("fits"), fit.fit != FitEstimate::Fit::TooBig},
                                                  {QStringLiteral("comfortable"), fit.fit == FitEstimate::Fit::Comfortable},
                                                  {QStringLiteral("tokens_per_s"), std::round(fit.tokensPerSecond * 10) / 10}});
                }
                o.insert(QStringLiteral("estimates"), formats);
            }
            entries.append(o);
        }
        QJsonObject doc{{QStringLiteral("machine"),
                         QJsonObject{{QStringLiteral("ram_bytes"), double(machine.ramBytes)},
                                     {QStringLiteral("bandwidth_gb_s"), std::round(machine.bandwidthGBs * 10) / 10}}},
                        {QStringLiteral("recommended"),
                         QJsonObject{{QStringLiteral("id"), pick.entryId}, {QStringLiteral("format"), pick.format},
                                     {QStringLiteral("tokens_per_s"), std::round(pick.estimate.tokensPerSecond * 10) / 10}}},
                        {QStringLiteral("entries"), entries}};
        std::printf("%s\n", QJsonDocument(doc).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    std::printf("This machine: %s of memory, %.1f GB/s memory bandwidth\n\n", qPrintable(formatBytes(machine.ramBytes)),
                machine.bandwidthGBs);
    for (const CatalogEntry& e : catalog.entries()) {
        std::printf("%s%s  [%s]  %s\n", qPrintable(e.name), e.id == pick.entryId ? "  (recommended)" : "",
                    qPrintable(e.purpose), qPrintable(e.about));
        std::printf("    %s  %s  %s\n", qPrintable(ModelCatalog::downloadUrl(e, {}).toString()),
                    qPrintable(formatBytes(e.bytes)), qPrintable(e.license));
        if (e.isModel())
            for (const QString& f : downloadFormats())
                std::printf("    %-5s %s\n", qPrintable(f), qPrintable(estimateFit(e, f, machine).sentence(machine)));
    }
    if (!pick.entryId.isEmpty())
        std::printf("\nRecommended here: %s with %s (%s)\n", qPrintable(catalog.find(pick.entryId)->name),
                    qPrintable(pick.format), qPrintable(pick.estimate.sentence(machine)));
    return 0;
}
