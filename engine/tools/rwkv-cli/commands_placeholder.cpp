// Temporary stand-ins for the subcommands the lead implements on main, so rwkv-cli links on the
// music branch. Deleted when main's rwkv-cli lands.
#include "commands.h"

#include <cstdio>

static int notHere()
{
    std::fprintf(stderr, "rwkv-cli: not available on this branch\n");
    return 1;
}
int runInfo(const Args&) { return notHere(); }
int runEval(const Args&) { return notHere(); }
int runGenerate(const Args&) { return notHere(); }
int runTokenize(const Args&) { return notHere(); }
int runMakeRandom(const Args&) { return notHere(); }
int runBench(const Args&) { return notHere(); }
