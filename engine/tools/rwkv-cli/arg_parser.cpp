#include "arg_parser.h"

#include "core/error.h"

#include <cstdlib>

using rwkv::Error;
using rwkv::ErrorCode;

ArgParser::ArgParser(const Args& args, std::set<std::string> valued, std::set<std::string> flags)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2);
            std::string value;
            bool inlineValue = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                inlineValue = true;
            }
            if (flags.count(name) && !inlineValue) {
                flags_.insert(name);
            } else if (valued.count(name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size())
                        throw Error(ErrorCode::InvalidArgument, "option --" + name + " needs a value");
                    value = args[++i];
                }
                values_[name] = value;
                allValues_.emplace(name, value);
            } else {
                throw Error(ErrorCode::InvalidArgument, "unknown option --" + name);
            }
        } else {
            positional_.push_back(a);
        }
    }
}

std::string ArgParser::positional(size_t i, const char* what) const
{
    if (i >= positional_.size())
        throw Error(ErrorCode::InvalidArgument, std::string("missing ") + what);
    return positional_[i];
}

bool ArgParser::has(const std::string& name) const
{
    return values_.count(name) || flags_.count(name);
}

std::string ArgParser::str(const std::string& name, const std::string& fallback) const
{
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::vector<std::string> ArgParser::all(const std::string& name) const
{
    std::vector<std::string> out;
    for (auto [it, end] = allValues_.equal_range(name); it != end; ++it)
        out.push_back(it->second);
    return out;
}

std::string ArgParser::required(const std::string& name) const
{
    auto it = values_.find(name);
    if (it == values_.end())
        throw Error(ErrorCode::InvalidArgument, "option --" + name + " is required");
    return it->second;
}

double ArgParser::number(const std::string& name, double fallback) const
{
    auto it = values_.find(name);
    if (it == values_.end())
        return fallback;
    char* end = nullptr;
    double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end)
        throw Error(ErrorCode::InvalidArgument, "--" + name + " expects a number, got '" + it->second + "'");
    return v;
}

int64_t ArgParser::integer(const std::string& name, int64_t fallback) const
{
    auto it = values_.find(name);
    if (it == values_.end())
        return fallback;
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end)
        throw Error(ErrorCode::InvalidArgument, "--" + name + " expects a whole number, got '" + it->second + "'");
    return v;
}

std::vector<int32_t> ArgParser::intList(const std::string& name) const
{
    return parseIntList(required(name), "--" + name);
}

std::vector<int32_t> parseIntList(const std::string& text, const std::string& what)
{
    std::vector<int32_t> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        char* end = nullptr;
        long v = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || *end || v < INT32_MIN || v > INT32_MAX)
            throw Error(ErrorCode::InvalidArgument, what + " expects comma-separated whole numbers, got '" + item + "'");
        out.push_back(int32_t(v));
        if (comma == std::string::npos)
            break;
        pos = comma + 1;
    }
    return out;
}
