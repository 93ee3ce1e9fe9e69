// ArgParser reads "--name value" options and positional arguments for one subcommand, and turns
// mistakes (unknown option, missing value, bad number) into Error(InvalidArgument) sentences.
#pragma once

#include "commands.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

class ArgParser {
public:
    // `valued` lists options that take a value, `flags` those that do not.
    ArgParser(const Args& args, std::set<std::string> valued, std::set<std::string> flags = {});

    const std::vector<std::string>& positional() const { return positional_; }
    std::string positional(size_t i, const char* what) const; // Error when missing

    bool has(const std::string& name) const;
    std::string str(const std::string& name, const std::string& fallback = "") const;
    // Every value of an option given more than once (--data a --data b), in order.
    std::vector<std::string> all(const std::string& name) const;
    std::string required(const std::string& name) const;
    double number(const std::string& name, double fallback) const;
    int64_t integer(const std::string& name, int64_t fallback) const;
    // "1,2,3" → ids.
    std::vector<int32_t> intList(const std::string& name) const;

private:
    std::map<std::string, std::string> values_;
    std::multimap<std::string, std::string> allValues_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

std::vector<int32_t> parseIntList(const std::string& text, const std::string& what);
