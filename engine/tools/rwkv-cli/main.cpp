// rwkv-cli: the engine's stable scripting interface. See README.md for every subcommand.
#include "commands.h"
#include "app/documents/rag_command.h" // Qt-side; see its header
#include "app/server/serve_command.h"  // Qt-side; see its header
#include "app/models/download_command.h" // Qt-side; see its header
#include "core/error.h"
#include "core/version.h"

#include <cstdio>
#include <cstring>
#include <exception>

namespace {

struct Command {
    const char* name;
    int (*run)(const Args&);
    const char* usage;
};

const Command kCommands[] = {
    {"info", runInfo, "info MODEL                      model facts as JSON"},
    {"eval", runEval, "eval MODEL --tokens 1,2,3 --logits-out OUT.f32 [...]"},
    {"generate", runGenerate, "generate MODEL --prompt TEXT [...]  stream a continuation"},
    {"tokenize", runTokenize, "tokenize --tokenizer SPEC TEXT | --decode 1,2,3"},
    {"make-random", runMakeRandom, "make-random --version 7 --layers L --embd D --vocab V OUT"},
    {"bench", runBench, "bench MODEL [--prefill 512] [--decode 128] [--backend vulkan]"},
    {"devices", runDevices, "devices                         Vulkan devices as JSON"},
    {"train", runTrain, "train MODEL --data F --method lora|state|full --out OUT.pth [...]  fine-tune"},
    {"merge", runMerge, "merge MODEL --lora F --lora-alpha A --out MERGED  merge a LoRA into the model"},
    {"rag", runRagCommand, "rag index PATH... --db F --model M | rag query|ask --db F --model M [--top K] QUESTION"},
    {"serve", runServeCommand, "serve MODEL [--host 127.0.0.1] [--port 8000] [--api-key K] [--parallel N]  OpenAI-compatible API"},
    {"download", runDownloadCommand, "download URL --out FILE [--sha256 HEX]  resumable, verified download"},
    {"catalog", runCatalogCommand, "catalog [--json]                models to download, with this machine's estimates"},
    {"midi", runMidi, "midi encode IN.mid [--piano] | decode OUT.mid | render IN.mid OUT.wav"},
};

void printUsage()
{
    std::fprintf(stderr, "usage: rwkv-cli COMMAND [ARGS]   (rwkv-cli --version: the version)\n");
    for (const auto& c : kCommands)
        std::fprintf(stderr, "  %s\n", c.usage);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 2 && !std::strcmp(argv[1], "--version")) {
        std::printf("rwkv-cli %s\n", RWKV_STUDIO_VERSION);
        return 0;
    }
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage();
        return argc < 2 ? 2 : 0;
    }
    Args args(argv + 2, argv + argc);
    for (const auto& c : kCommands) {
        if (std::strcmp(c.name, argv[1]) != 0)
            continue;
        try {
            return c.run(args);
        } catch (const rwkv::Error& e) {
            std::fprintf(stderr, "rwkv-cli %s: %s\n", c.name, e.what());
            return e.code() == rwkv::ErrorCode::InvalidArgument ? 2 : 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "rwkv-cli %s: %s\n", c.name, e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "rwkv-cli: unknown command '%s'\n", argv[1]);
    printUsage();
    return 2;
}
