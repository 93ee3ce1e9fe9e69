// `rwkv-cli serve MODEL [--host 127.0.0.1] [--port 8000] [--api-key K] [--tokenizer T]
//  [--parallel N] [--weights FORMAT] [--backend cpu|auto|vulkan[:N]]`: the app's API server
// (ApiServer, the same code as Settings → Local API server) without a desktop. Also --queue N
// (requests waiting beyond the parallel ones before 429, default 64) and --cache-mb M (memory for
// conversation states, default 512). Prints one JSON line {"listening": URL, "model": NAME} once
// it accepts requests, logs one line per request to stderr (never its text), and stops cleanly on
// SIGINT or SIGTERM.
#include "app/server/serve_command.h"

#include "app/command_args.h"
#include "app/command_model.h"
#include "app/inference/inference_service.h"
#include "app/server/api_server.h"
#include "app/termination_signals.h"
#include "core/error.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace {

[[noreturn]] void usage(const std::string& why)
{
    throw rwkv::Error(rwkv::ErrorCode::InvalidArgument,
                      why + "\nusage: rwkv-cli serve MODEL [--host 127.0.0.1] [--port 8000] [--api-key K] [--tokenizer T]"
                            " [--parallel N] [--queue N] [--cache-mb M] [--weights FORMAT] [--backend cpu|auto|vulkan]");
}

} // namespace

int runServeCommand(const std::vector<std::string>& rawArgs)
{
    const CommandArgs args(rawArgs, {"host", "port", "api-key", "tokenizer", "parallel", "queue", "cache-mb", "weights", "backend"},
                           {}, usage);
    if (args.positional().size() != 1)
        usage("serve needs one model file");
    const QString path = QString::fromStdString(args.positional()[0]);
    if (!QFileInfo::exists(path))
        usage(args.positional()[0] + " does not exist");
    ApiServerConfig config;
    if (!config.host.setAddress(QString::fromStdString(args.str("host", "127.0.0.1"))))
        usage("--host needs an IP address such as 127.0.0.1 or 0.0.0.0");
    const int port = args.integer("port", 8000);
    if (port < 0 || port > 65535)
        usage("--port needs a number from 0 (any free port) to 65535");
    config.port = quint16(port);
    config.apiKey = QString::fromStdString(args.str("api-key"));
    config.parallel = args.integer("parallel", 8);
    config.queueLimit = args.integer("queue", 64);
    const int cacheMb = args.integer("cache-mb", 512);
    if (config.parallel < 1 || config.parallel > 256 || config.queueLimit < 0 || cacheMb < 0)
        usage("--parallel takes 1 to 256, --queue and --cache-mb 0 or more");
    config.cacheBytes = size_t(cacheMb) << 20;

    static int argc = 1;
    static char name[] = "rwkv-cli";
    static char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    InferenceService inference;
    loadCommandModel(inference, args, path);
    auto model = inference.engineModel();

    ApiServer server(config);
    server.log = [](const QString& line) {
        std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
        std::fflush(stderr);
    };
    server.setModel(model, inference.engineTokenizer(), QFileInfo(path).completeBaseName());
    QString error;
    if (!server.start(&error))
        throw rwkv::Error(rwkv::ErrorCode::Io, error.toStdString());
    if (!config.host.isLoopback())
        std::fprintf(stderr, "Warning: listening on %s, beyond this computer: anyone who can reach port %u can use the "
                             "model%s.\n",
                     config.host.toString().toLocal8Bit().constData(), unsigned(server.port()),
                     config.apiKey.isEmpty() ? " (set --api-key to require a key)" : " with the key");

    // Signals end the event loop, so the server closes its sockets and threads.
    const TerminationSignals termination([&app] { app.quit(); });
    const QJsonObject ready{{QStringLiteral("listening"), server.baseUrl()},
                            {QStringLiteral("model"), QFileInfo(path).completeBaseName()}};
    std::printf("%s\n", QJsonDocument(ready).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    app.exec();
    return 0;
}
