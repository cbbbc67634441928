#pragma once

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "load/diagnostics.h"
#include "load/grammar.h"
#include "load/source_map.h"

namespace dcod::core {

/// What every reader of one file shares: where findings go and how offsets become positions.
struct LoadContext {
  Diagnostics& diagnostics;
  const SourceMap& source;
  const Grammar& grammar;
};

/// Reads one XML element: checks it against the grammar, then hands out typed attribute values.
/// Every problem becomes a diagnostic at the attribute's position; the reader never throws.
class ElementReader {
 public:
  /// A reader for `node`, known in messages by `path`.
  ElementReader(pugi::xml_node node, std::string path, LoadContext& ctx);

  /// Reports unknown or missing attributes, unknown or misplaced children, stray text.
  void check_structure() const;

  /// The element's element path, e.g. /scenario/vm[a1].
  const std::string& path() const { return m_path; }
  /// Where the element's '<' is.
  SourceLocation where() const;
  /// Where the attribute's name is (the element's position if it is absent).
  SourceLocation where(std::string_view attribute) const;
  /// True when the attribute is present, whatever its value.
  bool has(std::string_view attribute) const;
  /// The attribute's value, or `fallback` when absent.
  std::string string(std::string_view attribute, std::string_view fallback = {}) const;
  /// A name of the language ([A-Za-z][A-Za-z0-9_-]*, at most max_length); "" when bad or absent.
  std::string name(std::string_view attribute, std::size_t max_length = 32) const;
  /// An unsigned integer in [min, max]; nullopt when bad (reported) or absent.
  std::optional<std::uint64_t> integer(std::string_view attribute, std::uint64_t min,
                                       std::uint64_t max) const;
  /// A decimal number in [min, max]; nullopt when bad (reported) or absent.
  std::optional<double> decimal(std::string_view attribute, double min, double max) const;
  /// One of `choices`; "" when bad (reported, with a did-you-mean) or absent.
  std::string choice(std::string_view attribute,
                     const std::vector<std::string_view>& choices) const;
  /// The element's text with surrounding white space removed.
  std::string text() const;
  /// The direct child elements, in document order.
  std::vector<ElementReader> children() const;
  std::string_view element_name() const { return m_node.name(); }
  /// The element's rule in the file's grammar; nullptr for an element it does not have.
  const ElementRule* rule() const { return m_ctx->grammar.rule(m_node.name()); }
  /// True when the element has no child elements and no text.
  bool empty() const { return !m_node.first_child(); }

  void attribute_error(std::string_view attribute, std::string message,
                       std::string hint = {}) const;
  /// Reports an error at the element itself.
  void error(std::string message, std::string hint = {}) const;
  /// Reports a warning at the element itself.
  void warning(std::string message, std::string hint = {}) const;
  /// Reports a note at the element itself.
  void note(std::string message, std::string hint = {}) const;

 private:
  void check_attributes() const;
  void check_children() const;
  void check_text() const;

  pugi::xml_node m_node;
  std::string m_path;
  LoadContext* m_ctx;
};

/// True for a name of the language: [A-Za-z][A-Za-z0-9_-]*.
bool is_valid_name(std::string_view name);

}  // namespace dcod::core
