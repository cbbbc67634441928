#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace dcod {

/// What kind of failure an error is: it decides the exit status and whether trying again can help.
enum class ErrorCode {
  failed,       // an operation failed; the same command will fail the same way
  invalid,      // the scenario or the command line is wrong: nothing was touched
  unreachable,  // a host could not be reached or went away: a later run may get through
  timed_out,    // a bound on time was hit: a later run may finish
  busy,         // another run holds what this one needs: a later run may get it
  refused,      // a host refused: a host key, a login, an object of someone else
  internal,     // dcod's own fault
  garbled,      // a host answered what cannot be used (more than dcod reads): it will again
};
/// The last ErrorCode, for readers of a code sent as a number (the keeper protocol); new
/// codes go after it and it moves with them, so that the numbers of the others stay.
inline constexpr ErrorCode k_last_error_code = ErrorCode::garbled;

/// Where an error happened: the host, the object, and the place in the scenario it comes from.
struct ErrorContext {
  std::string host;
  std::string object;
  std::string file;
  std::uint32_t line = 0;  // 0: not tied to an element
  std::uint32_t column = 0;
};

/// An expected failure, carried as a value: what went wrong, a hint where one helps, what kind of
/// failure it is and where it happened. Messages are put together only by describe().
struct Error {
  Error() = default;
  Error(std::string message_, std::string hint_ = {}, ErrorCode code_ = ErrorCode::failed,
        ErrorContext context_ = {})
      : message(std::move(message_)),
        hint(std::move(hint_)),
        code(code_),
        context(std::move(context_)) {}

  std::string message;
  std::string hint;
  ErrorCode code = ErrorCode::failed;
  ErrorContext context;

  /// True when running the same command again may succeed (a host away, a timeout, a lock).
  bool retryable() const {
    return code == ErrorCode::unreachable || code == ErrorCode::timed_out ||
           code == ErrorCode::busy;
  }
};

/// The error with its code set.
Error with_code(Error error, ErrorCode code);
/// The error tied to a host (kept when it already names one).
Error on_host(Error error, const std::string& host);
/// "FILE:LINE:COL: host H: OBJECT: message" on one line, without the hint.
std::string describe(const Error& error);
/// describe() and, when there is one, "\n  hint: ..." : the one way errors reach the user.
std::string describe_with_hint(const Error& error);

/// Either a T or an Error; nothing throws across a module or plugin boundary.
template <typename T>
class Expected {
 public:
  Expected(T value) : m_v(std::move(value)) {}
  Expected(Error error) : m_v(std::move(error)) {}

  /// True when a value is held.
  bool has_value() const { return m_v.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() { return std::get<0>(m_v); }
  const T& value() const { return std::get<0>(m_v); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  /// Only valid when !has_value().
  const Error& error() const { return std::get<1>(m_v); }

 private:
  std::variant<T, Error> m_v;
};

}  // namespace dcod
