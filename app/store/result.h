// Result<T> is how every store call reports success or failure: either a value or a StoreError
// whose message() is a sentence a user can act on ("studio.sqlite is damaged ...") and whose
// detail() carries the original cause (SQLite's text) for the log. No store call throws; callers
// branch on ok() and code(). Result<void> is the form for calls that return nothing.
#pragma once

#include <QString>

#include <utility>
#include <variant>

class StoreError {
public:
    enum class Code {
        Io,              // the file or folder could not be opened, created, renamed or written
        Corrupt,         // the database file (or a saved state inside it) is damaged
        TooNew,          // the file was written by a newer RWKV Studio with an unknown schema
        Busy,            // another process kept the database locked past the busy timeout
        NotFound,        // the conversation, message, document, chapter or state does not exist
        InvalidArgument, // the caller asked for something impossible (parent in another chat ...)
        InvalidImport,   // an imported file is not a valid RWKV Studio export; nothing was written
        OtherModel,      // a saved state belongs to a model with another fingerprint
        StaleState,      // a saved chapter state no longer matches the chapter's text
        Sql,             // any other SQLite failure (disk full, I/O error reported by SQLite ...)
    };

    StoreError(Code code, QString message, QString detail = {})
        : code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

    Code code() const { return code_; }
    // One sentence for the user, naming the thing that failed.
    const QString& message() const { return message_; }
    // The underlying cause (driver text, SQLite code) for logs; may be empty.
    const QString& detail() const { return detail_; }

private:
    Code code_;
    QString message_;
    QString detail_;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(StoreError error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }

    // Requires ok(). On a temporary the value is moved out (returned by value), so
    // `for (auto& m : store.activePath(id).value())` does not dangle.
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T value() && { return std::get<0>(std::move(v_)); }

    // Requires !ok().
    const StoreError& error() const { return std::get<1>(v_); }
    // The user sentence when failed, an empty string when ok.
    QString errorString() const { return ok() ? QString() : error().message(); }

private:
    std::variant<T, StoreError> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(StoreError error) : error_(std::move(error)), failed_(true) {}

    bool ok() const { return !failed_; }
    // Requires !ok().
    const StoreError& error() const { return error_; }
    QString errorString() const { return ok() ? QString() : error_.message(); }

private:
    StoreError error_{StoreError::Code::Sql, QString()};
    bool failed_ = false;
};
