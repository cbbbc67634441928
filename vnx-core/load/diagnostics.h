#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/scenario.h"

namespace dcod::core {

/// error: the scenario is refused; warning: something in it is not done as written (--strict
/// refuses it); note: how dcod read something, for the user to know.
enum class Severity { error, warning, note };

/// One finding about the scenario file: where, which element, what is wrong, how to fix it.
struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string path;  // element path, e.g. /scenario/vm[a1]/if[0]
  std::string message;
  std::string hint;  // empty when no hint helps
};

/// Collects every finding of load and validation, so the user sees all of them at once.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : m_file(std::move(file)) {}

  /// Records an error: the scenario is refused.
  void error(SourceLocation where, std::string path, std::string message, std::string hint = {});
  /// Records a warning: printed, but the scenario is still used.
  void warning(SourceLocation where, std::string path, std::string message, std::string hint = {});
  /// Records a note: how dcod read something; never refuses the scenario.
  void note(SourceLocation where, std::string path, std::string message, std::string hint = {});
  /// Turns every warning into an error (--strict): what dcod would not do as written refuses
  /// the scenario.
  void promote_warnings();
  /// Element paths that start with `from` start with `to` instead (the rules that span
  /// elements name dcod's elements; a VNX file's are under /vnx).
  void rename_root(const std::string& from, const std::string& to);
  /// True when at least one error (not warning) was recorded.
  bool has_errors() const;
  /// Number of errors, warnings not counted.
  std::size_t error_count() const;
  /// Findings in file order (line, then column), stable for equal positions.
  std::vector<Diagnostic> sorted() const;
  /// "FILE:LINE:COL: PATH: MESSAGE (HINT)", one line; warnings say so after the path.
  std::string format(const Diagnostic& d) const;
  /// Every finding formatted, one per line, in file order; past `shown` of them, one line
  /// says how many more there are (a generated file can hold thousands of the same mistake).
  std::string format_all(std::size_t shown = SIZE_MAX) const;
  const std::string& file() const { return m_file; }

 private:
  std::string m_file;
  std::vector<Diagnostic> m_items;
};

}  // namespace dcod::core
