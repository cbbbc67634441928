#include "load/source_map.h"

#include <algorithm>
#include <cctype>

namespace dcod::core {

SourceMap::SourceMap(std::string_view text) : m_text(text) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') m_line_starts.push_back(i + 1);
  }
}

SourceLocation SourceMap::at(std::size_t offset) const {
  auto next = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  std::size_t line = static_cast<std::size_t>(next - m_line_starts.begin());
  std::size_t column = offset - m_line_starts[line - 1] + 1;
  return {static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)};
}

SourceLocation SourceMap::attribute(std::size_t tag_offset, std::string_view name) const {
  char quote = 0;
  for (std::size_t i = tag_offset; i < m_text.size(); ++i) {
    char c = m_text[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      break;
    } else if (std::isspace(static_cast<unsigned char>(c)) &&
               m_text.compare(i + 1, name.size(), name) == 0) {
      std::size_t after = i + 1 + name.size();
      while (after < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[after]))) {
        ++after;
      }
      if (after < m_text.size() && m_text[after] == '=') return at(i + 1);
    }
  }
  return at(tag_offset > 0 ? tag_offset - 1 : 0);
}

}  // namespace dcod::core
