#pragma once

// For XML that is not well-formed because tags do not match: which elements are open at a
// point of the text and where each was opened, so that the error can say "</scenario> closes
// <host>, opened at line 2" instead of the parser's bare "Start-end tags mismatch".

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcod::core {

/// An element whose start tag was read but whose end tag was not (yet).
struct OpenTag {
  std::string name;
  std::size_t offset = 0;  // of its '<'
};

/// The elements open just before `end`, outermost first (comments, CDATA, processing
/// instructions and quoted attribute values skipped).
std::vector<OpenTag> open_tags_before(std::string_view text, std::size_t end);

/// The name of the end tag that `offset` lies in or just after ("scenario" for "</scenario>"),
/// if there is one.
std::optional<std::string> end_tag_at(std::string_view text, std::size_t offset);

}  // namespace dcod::core
