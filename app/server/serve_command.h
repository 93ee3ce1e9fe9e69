// `rwkv-cli serve`: the API server for machines without a desktop (see serve_command.cpp for
// the options). It lives in app/ because it runs Qt; rwkv-cli dispatches to it. Takes the
// arguments after "serve", returns the exit status, throws rwkv::Error with a sentence.
#pragma once

#include <string>
#include <vector>

int runServeCommand(const std::vector<std::string>& args);
