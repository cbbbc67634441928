#pragma once

// Columns of text aligned under their headings, as `ip -br` or containerlab print them: each
// column as wide as its widest cell, two spaces between columns, no trailing blanks.

#include <algorithm>
#include <string>
#include <vector>

namespace dcod {

/// A table of text cells; the first row is the heading.
class TextTable {
 public:
  /// Starts a table with these headings.
  explicit TextTable(std::vector<std::string> headings) { m_rows.push_back(std::move(headings)); }

  /// Adds a row; missing cells are empty.
  void add(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }

  /// The table, each line after `indent`.
  std::string text(const std::string& indent = "") const {
    std::vector<std::size_t> width;
    for (const auto& row : m_rows) {
      width.resize(std::max(width.size(), row.size()), 0);
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    }
    std::string out;
    for (const auto& row : m_rows) {
      std::string line = indent;
      for (std::size_t c = 0; c < row.size(); ++c) {
        line += row[c];
        if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace dcod
