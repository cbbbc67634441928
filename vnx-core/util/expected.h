#pragma once

#include <string>
#include <utility>
#include <variant>

namespace dcod {

/// An expected failure, carried as a value: what went wrong and, where one helps, a hint.
struct Error {
  std::string message;
  std::string hint;
};

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
