#include "load/element_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <unordered_map>

#include "load/grammar.h"
#include "util/suggest.h"

namespace dcod::core {

namespace {

std::string child_label(pugi::xml_node child) {
  std::string label = child.name();
  if (auto name = child.attribute("name")) return label + "[" + name.value() + "]";
  if (auto id = child.attribute("id")) return label + "[" + id.value() + "]";
  int position = 0;
  int same = 0;
  for (pugi::xml_node sibling : child.parent().children(child.name())) {
    ++same;
    if (sibling == child) position = same;
  }
  if (same > 1) label += "[" + std::to_string(position) + "]";
  return label;
}

std::vector<std::string> as_strings(const auto& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.emplace_back(n);
  return out;
}

std::string trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

ElementReader::ElementReader(pugi::xml_node node, std::string path, LoadContext& ctx)
    : m_node(node), m_path(std::move(path)), m_ctx(&ctx) {}

SourceLocation ElementReader::where() const {
  std::size_t offset = static_cast<std::size_t>(m_node.offset_debug());
  return m_ctx->source.at(offset > 0 ? offset - 1 : 0);  // point at '<', not at the name
}

SourceLocation ElementReader::where(std::string_view attribute) const {
  return m_ctx->source.attribute(static_cast<std::size_t>(m_node.offset_debug()), attribute);
}

bool ElementReader::has(std::string_view attribute) const {
  return !m_node.attribute(std::string(attribute).c_str()).empty();
}

std::string ElementReader::string(std::string_view attribute, std::string_view fallback) const {
  auto a = m_node.attribute(std::string(attribute).c_str());
  return a ? std::string(a.value()) : std::string(fallback);
}

void ElementReader::attribute_error(std::string_view attribute, std::string message,
                                    std::string hint) const {
  m_ctx->diagnostics.error(where(attribute), m_path, std::move(message), std::move(hint));
}

void ElementReader::error(std::string message, std::string hint) const {
  m_ctx->diagnostics.error(where(), m_path, std::move(message), std::move(hint));
}

void ElementReader::warning(std::string message, std::string hint) const {
  m_ctx->diagnostics.warning(where(), m_path, std::move(message), std::move(hint));
}

void ElementReader::note(std::string message, std::string hint) const {
  m_ctx->diagnostics.note(where(), m_path, std::move(message), std::move(hint));
}

std::string ElementReader::name(std::string_view attribute, std::size_t max_length) const {
  if (!has(attribute)) return {};
  std::string value = string(attribute);
  if (!is_valid_name(value)) {
    attribute_error(attribute, std::string(attribute) + " '" + value + "' is not a valid name",
                    "names start with a letter and hold only letters, digits, '_' and '-'");
    return {};
  }
  if (value.size() > max_length) {
    attribute_error(attribute,
                    std::string(attribute) + " '" + value + "' is longer than " +
                        std::to_string(max_length) + " characters",
                    "names end up in namespace, interface and VirtualBox names, which are short");
    return {};
  }
  return value;
}

std::optional<std::uint64_t> ElementReader::integer(std::string_view attribute, std::uint64_t min,
                                                    std::uint64_t max) const {
  if (!has(attribute)) return std::nullopt;
  std::string value = string(attribute);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  bool whole = ec == std::errc() && end == value.data() + value.size() && !value.empty();
  if (!whole || n < min || n > max) {
    attribute_error(attribute, std::string(attribute) + " '" + value +
                                   "' is not a whole number in " + std::to_string(min) + ".." +
                                   std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> ElementReader::decimal(std::string_view attribute, double min,
                                             double max) const {
  if (!has(attribute)) return std::nullopt;
  std::string value = string(attribute);
  char* end = nullptr;
  double d = std::strtod(value.c_str(), &end);
  bool plain = value.find_first_not_of("0123456789.") == std::string::npos;
  bool whole = plain && !value.empty() && end == value.c_str() + value.size();
  if (!whole || !(d >= min && d <= max)) {
    char range[64];
    std::snprintf(range, sizeof range, "%g..%g", min, max);
    attribute_error(attribute,
                    std::string(attribute) + " '" + value + "' is not a number in " + range);
    return std::nullopt;
  }
  return d;
}

std::string ElementReader::choice(std::string_view attribute,
                                  const std::vector<std::string_view>& choices) const {
  if (!has(attribute)) return {};
  std::string value = string(attribute);
  for (std::string_view c : choices) {
    if (c == value) return value;
  }
  std::string listed;
  for (std::string_view c : choices) listed += (listed.empty() ? "" : ", ") + std::string(c);
  std::string hint = did_you_mean(value, as_strings(choices));
  attribute_error(attribute, std::string(attribute) + " '" + value + "' is not one of " + listed,
                  hint);
  return {};
}

std::string ElementReader::text() const {
  std::string out;
  for (pugi::xml_node child : m_node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return trimmed(out);
}

std::vector<ElementReader> ElementReader::children() const {
  std::vector<ElementReader> out;
  for (pugi::xml_node child : m_node.children()) {
    if (child.type() == pugi::node_element) {
      out.emplace_back(child, m_path + "/" + child_label(child), *m_ctx);
    }
  }
  return out;
}

void ElementReader::check_structure() const {
  check_attributes();
  check_children();
  check_text();
}

void ElementReader::check_attributes() const {
  const ElementRule* rule = this->rule();
  if (!rule) return;
  std::vector<std::string> allowed;
  for (const AttributeRule& a : rule->attributes) allowed.emplace_back(a.name);
  for (pugi::xml_attribute a : m_node.attributes()) {
    std::string name = a.name();
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    if (name == "password") {
      attribute_error(
          name, "a literal password is not accepted",
          "give the secret with password-env= (an environment variable) or password-file=");
    } else if (name.rfind("xmlns", 0) != 0 && name.rfind("xsi:", 0) != 0) {
      std::string hint = did_you_mean(name, allowed);
      attribute_error(name, "<" + std::string(m_node.name()) + "> has no attribute '" + name + "'",
                      hint);
    }
  }
  for (const AttributeRule& a : rule->attributes) {
    if (a.required && !has(a.name)) {
      error("<" + std::string(m_node.name()) + "> needs the attribute '" + std::string(a.name) +
            "'");
    }
  }
}

void ElementReader::check_children() const {
  const ElementRule* rule = this->rule();
  if (!rule) return;
  std::vector<std::string> allowed;
  for (const ChildRule& c : rule->children) allowed.emplace_back(c.name);
  std::unordered_map<std::string, int> seen;
  int highest_rank = 0;
  std::string highest_name;
  for (const ElementReader& child : children()) {
    std::string name(child.element_name());
    auto c = std::find_if(rule->children.begin(), rule->children.end(),
                          [&](const ChildRule& r) { return r.name == name; });
    if (c == rule->children.end()) {
      std::string hint = did_you_mean(name, allowed);
      std::string_view parent = m_ctx->grammar.parent_of(name);
      if (hint.empty() && !parent.empty())
        hint = "<" + name + "> belongs inside <" + std::string(parent) + ">";
      child.error("<" + std::string(m_node.name()) + "> cannot contain <" + name + ">", hint);
      continue;
    }
    if (c->at_most_one && ++seen[name] == 2) {
      child.error("<" + name + "> may appear only once in <" + std::string(m_node.name()) + ">");
    }
    if (c->rank < highest_rank) {
      child.error("<" + name + "> must come before <" + highest_name + ">");
    } else if (c->rank > highest_rank) {
      highest_rank = c->rank;
      highest_name = name;
    }
  }
}

void ElementReader::check_text() const {
  const ElementRule* rule = this->rule();
  if (!rule || rule->has_text) return;
  for (pugi::xml_node child : m_node.children()) {
    bool is_text = child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata;
    if (is_text && !trimmed(child.value()).empty()) {
      error("<" + std::string(m_node.name()) + "> holds no text, but has '" +
            trimmed(child.value()).substr(0, 40) + "'");
      return;
    }
  }
}

}  // namespace dcod::core
