#include "load/diagnostics.h"

#include <algorithm>

namespace dcod::core {

void Diagnostics::error(SourceLocation where, std::string path, std::string message,
                        std::string hint) {
  m_items.push_back({Severity::error, where, std::move(path), std::move(message), std::move(hint)});
}

void Diagnostics::warning(SourceLocation where, std::string path, std::string message,
                          std::string hint) {
  m_items.push_back(
      {Severity::warning, where, std::move(path), std::move(message), std::move(hint)});
}

void Diagnostics::note(SourceLocation where, std::string path, std::string message,
                       std::string hint) {
  m_items.push_back({Severity::note, where, std::move(path), std::move(message), std::move(hint)});
}

void Diagnostics::promote_warnings() {
  for (Diagnostic& d : m_items) {
    if (d.severity != Severity::warning) continue;
    d.severity = Severity::error;
    d.hint += std::string(d.hint.empty() ? "" : "; ") + "refused under --strict";
  }
}

void Diagnostics::rename_root(const std::string& from, const std::string& to) {
  for (Diagnostic& d : m_items) {
    if (d.path.rfind(from, 0) == 0) d.path = to + d.path.substr(from.size());
  }
}

bool Diagnostics::has_errors() const {
  return error_count() > 0;
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(m_items.begin(), m_items.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = m_items;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
  return out;
}

std::string Diagnostics::format(const Diagnostic& d) const {
  std::string line = m_file + ": ";
  if (d.where.line > 0) {
    line =
        m_file + ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": ";
  }
  if (!d.path.empty()) line += d.path + ": ";
  if (d.severity == Severity::warning) line += "warning: ";
  if (d.severity == Severity::note) line += "note: ";
  line += d.message;
  if (!d.hint.empty()) line += " (" + d.hint + ")";
  return line;
}

std::string Diagnostics::format_all(std::size_t shown) const {
  std::string out;
  std::vector<Diagnostic> all = sorted();
  for (std::size_t i = 0; i < all.size() && i < shown; ++i) out += format(all[i]) + "\n";
  if (all.size() > shown) {
    out += m_file + ": ... and " + std::to_string(all.size() - shown) +
           " more findings (the first " + std::to_string(shown) + " are shown)\n";
  }
  return out;
}

}  // namespace dcod::core
