#pragma once

// The element grammar of scenario language version 1 as data: which attributes and children
// each element may have, in which order. schemas/scenario-1.xsd states the same grammar; a test
// keeps the two in step.

#include <string_view>
#include <vector>

namespace dcod::core {

/// An attribute an element may carry.
struct AttributeRule {
  std::string_view name;
  bool required = false;
};

/// A child element: children of lower rank must come first; equal ranks may interleave.
struct ChildRule {
  std::string_view name;
  int rank = 0;
  bool at_most_one = false;
};

/// What one element may contain.
struct ElementRule {
  std::string_view name;
  std::vector<AttributeRule> attributes;
  std::vector<ChildRule> children;
  bool has_text = false;
};

/// A language's elements with their rules: dcod's own, or VNX 2.0's (load/vnx/vnx_grammar.h).
struct Grammar {
  std::vector<ElementRule> rules;

  /// The rule for an element name, or nullptr for an element the language does not have.
  const ElementRule* rule(std::string_view name) const;
  /// The name of an element that may contain `child`, or empty (for "belongs inside" hints).
  std::string_view parent_of(std::string_view child) const;
};

/// The grammar of scenario language version 1 (and of a hosts file, `<hosts>`).
const Grammar& scenario_grammar();

/// Every element of the language with its rule.
const std::vector<ElementRule>& element_rules();

/// The rule for an element name, or nullptr for an element the language does not have.
const ElementRule* element_rule(std::string_view name);

/// The name of an element that may contain `child`, or empty (for "belongs inside" hints).
std::string_view parent_of(std::string_view child);

/// Segmentation algorithms the language names (availability in a build is the registry's).
const std::vector<std::string_view>& known_algorithms();

}  // namespace dcod::core
