// CommandArgs reads the arguments of the rwkv-cli subcommands that live in app/ (rag, serve):
// "--name value" options, flags and positional arguments. Every mistake goes to the command's usage
// function, which throws rwkv::Error(InvalidArgument) with the sentence and the usage.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

class CommandArgs {
public:
    using Args = std::vector<std::string>;
    using Usage = void (*)(const std::string& why); // throws: a sentence and the command's usage

    CommandArgs(const Args& args, const std::set<std::string>& valued, const std::set<std::string>& flags, Usage usage)
        : usage_(usage)
    {
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (!a.starts_with("--")) {
                positional_.push_back(a);
                continue;
            }
            const std::string name = a.substr(2);
            if (flags.contains(name)) {
                values_[name] = "";
            } else if (valued.contains(name)) {
                if (i + 1 >= args.size())
                    fail("--" + name + " needs a value");
                values_[name] = args[++i];
            } else {
                fail("unknown option " + a);
            }
        }
    }

    const std::vector<std::string>& positional() const { return positional_; }
    bool has(const std::string& name) const { return values_.contains(name); }
    std::string str(const std::string& name, const std::string& fallback = "") const
    {
        const auto it = values_.find(name);
        return it == values_.end() ? fallback : it->second;
    }
    std::string required(const std::string& name) const
    {
        if (!has(name))
            fail("--" + name + " is required");
        return str(name);
    }
    int integer(const std::string& name, int fallback) const
    {
        if (!has(name))
            return fallback;
        try {
            size_t used = 0;
            const int value = std::stoi(str(name), &used);
            if (used == str(name).size())
                return value;
        } catch (const std::exception&) {
        }
        fail("--" + name + " needs a whole number");
    }

private:
    [[noreturn]] void fail(const std::string& why) const
    {
        usage_(why);
        throw std::invalid_argument(why); // usage functions throw; this is never reached
    }

    Usage usage_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};
