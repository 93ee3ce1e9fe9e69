#include "commands.h"

#include <cstdio>

int runMidi(const Args&)
{
    std::fprintf(stderr, "rwkv-cli midi: not available in this build\n");
    return 1;
}
