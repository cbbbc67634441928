#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"

namespace dcod::core {

/// Turns byte offsets in the scenario text into line:column, and finds attributes in tags.
class SourceMap {
 public:
  /// Indexes line starts; `text` must outlive the map.
  explicit SourceMap(std::string_view text);

  /// 1-based line and column (in bytes) of a byte offset.
  SourceLocation at(std::size_t offset) const;
  /// Where attribute `name` starts inside the start tag whose name begins at `tag_offset`;
  /// the tag's own position when the attribute is not found.
  SourceLocation attribute(std::size_t tag_offset, std::string_view name) const;

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_line_starts;
};

}  // namespace dcod::core
