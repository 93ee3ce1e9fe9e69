// rwkv-cli subcommands. Each takes the arguments after its name and returns the process exit code;
// errors are printed to stderr as one sentence.
#pragma once

#include <string>
#include <vector>

using Args = std::vector<std::string>;

int runInfo(const Args& args);
int runEval(const Args& args);
int runGenerate(const Args& args);
int runTokenize(const Args& args);
int runMakeRandom(const Args& args);
int runBench(const Args& args);
int runDevices(const Args& args);
int runMidi(const Args& args);
int runTrain(const Args& args);
int runMerge(const Args& args);
