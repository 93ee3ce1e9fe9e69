#include "core/error.h"
#include "tokenizer/abc_tokenizer.h"
#include "tokenizer/byte_tokenizer.h"
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/world_tokenizer.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace rwkv {
namespace {

bool endsWithNoCase(const std::string& text, const std::string& suffix)
{
    if (text.size() < suffix.size())
        return false;
    return std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& spec)
{
    if (spec == "world")
        return WorldTokenizer::fromFile(locateWorldVocab());
    if (spec == "bytes")
        return std::make_unique<ByteTokenizer>();
    if (spec == "abc")
        return std::make_unique<AbcTokenizer>();

    const bool isVocabText = endsWithNoCase(spec, ".txt");
    const bool isJson = endsWithNoCase(spec, ".json");
    if (!isVocabText && !isJson)
        throw Error(ErrorCode::InvalidArgument,
                    "unknown tokenizer '" + spec +
                        "': use world, bytes, abc, a rwkv_vocab .txt file or a tokenizer.json file");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec, ec))
        throw Error(ErrorCode::Io, "the tokenizer file " + spec + " does not exist");
    if (isVocabText)
        return WorldTokenizer::fromFile(spec);
    return loadHfTokenizer(spec);
}

} // namespace rwkv
