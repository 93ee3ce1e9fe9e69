// `rwkv-cli download` and `rwkv-cli catalog`: the Models pane's verified, resumable downloads and
// its catalog with this machine's estimates, for scripts. They live in app/ because they run Qt;
// rwkv-cli dispatches to them. Each takes the arguments after its name and returns the exit
// status; mistakes in the arguments throw rwkv::Error(InvalidArgument) with a sentence.
#pragma once

#include <string>
#include <vector>

int runDownloadCommand(const std::vector<std::string>& args);
int runCatalogCommand(const std::vector<std::string>& args);
