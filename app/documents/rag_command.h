// `rwkv-cli rag index|query|ask`: the Documents pane's index, search and answers for scripts,
// driving DocumentService. It lives in app/ because it runs Qt; rwkv-cli dispatches to it. Takes
// the arguments after "rag", returns the exit status, throws rwkv::Error with a sentence.
#pragma once

#include <string>
#include <vector>

int runRagCommand(const std::vector<std::string>& args);
