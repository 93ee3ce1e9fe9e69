// rwkv-cli tokenize --tokenizer SPEC TEXT → JSON ids;  --decode 1,2,3 → text.
#include "arg_parser.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <iostream>

int runTokenize(const Args& argv)
{
    ArgParser args(argv, {"tokenizer", "decode"});
    auto tokenizer = rwkv::loadTokenizer(args.str("tokenizer", "world"));
    if (args.has("decode")) {
        std::vector<int32_t> ids = args.intList("decode");
        std::cout << tokenizer->decode(ids);
        std::cout.flush();
        return 0;
    }
    std::string text;
    for (size_t i = 0; i < args.positional().size(); ++i)
        text += (i ? " " : "") + args.positional()[i];
    nlohmann::json ids = tokenizer->encode(text);
    std::cout << ids.dump() << "\n";
    return 0;
}
