// Error is the one exception type the engine throws. Every failure a caller can meet (bad file,
// unsupported model, wrong state, cancelled run) carries a code to branch on and a sentence a user
// can act on; the app shows the sentence and logs the code.
#pragma once

#include <stdexcept>
#include <string>

namespace rwkv {

enum class ErrorCode {
    Io,              // the file could not be opened, read or written
    Truncated,       // the data ends before what its header promises
    Corrupt,         // the data contradicts itself (bad magic, bad offsets, unknown opcode)
    Unsupported,     // well-formed but not something the engine runs (unknown variant, dtype)
    InvalidArgument, // the caller asked for something impossible (bad token id, wrong state)
    Mismatch,        // two things that must agree do not (state from another model, shapes)
    Cancelled,       // the caller's cancel flag stopped a long call
    ResourceLimit,   // a size beyond what the engine is willing to allocate
};

const char* errorCodeName(ErrorCode code);

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

} // namespace rwkv
