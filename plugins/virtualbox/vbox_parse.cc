#include "virtualbox/vbox_parse.h"

namespace dcod::plugins {

namespace {

Error unexpected(const std::string& command, std::string_view line) {
  std::string shown(line.substr(0, 120));
  return Error{"VBoxManage " + command + " printed a line it does not print: '" + shown + "'",
               "check that the host runs VirtualBox 6.1 or later"};
}

/// A value in double quotes with \" \\ and \n escapes starting at `text[0]`, and where it ends;
/// nullopt when it is not closed.
std::optional<std::string> unquoted(std::string_view text, std::size_t& end) {
  std::string out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      end = i + 1;
      return out;
    }
    if (c == '\\' && i + 1 < text.size()) {
      char next = text[++i];
      out += next == 'n' ? '\n' : next;
      continue;
    }
    out += c;
  }
  return std::nullopt;
}

/// A key or a value of a machine-readable line: quoted or bare.
std::optional<std::string> field(std::string_view text, std::size_t& end) {
  if (!text.empty() && text[0] == '"') return unquoted(text, end);
  end = text.size();
  return std::string(text);
}

}  // namespace

std::vector<std::string_view> output_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

Expected<std::vector<ListedVm>> parse_list_vms(std::string_view out) {
  std::vector<ListedVm> vms;
  for (std::string_view line : output_lines(out)) {
    if (line.empty()) continue;
    std::size_t open = line.rfind('{'), close = line.rfind('}');
    if (line[0] != '"' || open == std::string_view::npos || close == std::string_view::npos ||
        close < open || open < 2 || line[open - 1] != ' ' || line[open - 2] != '"')
      return unexpected("list vms", line);
    vms.push_back({std::string(line.substr(1, open - 3)),
                   std::string(line.substr(open + 1, close - open - 1))});
  }
  return vms;
}

Expected<std::map<std::string, std::string>> parse_machine_readable(std::string_view out) {
  std::map<std::string, std::string> info;
  for (std::string_view line : output_lines(out)) {
    if (line.empty() || line[0] == ' ') continue;
    std::size_t key_end = 0;
    auto key = field(line, key_end);
    if (line[0] != '"') {
      std::size_t eq = line.find('=');
      if (eq == std::string_view::npos) continue;
      key = std::string(line.substr(0, eq));
      key_end = eq;
    }
    if (!key || key_end >= line.size() || line[key_end] != '=')
      return unexpected("showvminfo --machinereadable", line);
    std::string_view rest = line.substr(key_end + 1);
    std::size_t value_end = 0;
    auto value = field(rest, value_end);
    if (!value) return unexpected("showvminfo --machinereadable", line);
    info.emplace(std::move(*key), std::move(*value));  // the first of repeated keys wins
  }
  return info;
}

Expected<std::optional<std::string>> parse_value(std::string_view out) {
  for (std::string_view line : output_lines(out)) {
    if (line.empty()) continue;
    if (line == "No value set!") return std::optional<std::string>{};
    if (line.rfind("Value: ", 0) == 0)
      return std::optional<std::string>{std::string(line.substr(7))};
    return unexpected("getextradata", line);
  }
  return unexpected("getextradata", "(nothing)");
}

Expected<std::map<std::string, std::string>> parse_extradata_list(std::string_view out) {
  std::map<std::string, std::string> data;
  for (std::string_view line : output_lines(out)) {
    if (line.empty()) continue;
    std::size_t sep = line.find(", Value: ");
    if (line.rfind("Key: ", 0) != 0 || sep == std::string_view::npos)
      return unexpected("getextradata enumerate", line);
    data.emplace(std::string(line.substr(5, sep - 5)), std::string(line.substr(sep + 9)));
  }
  return data;
}

Expected<std::map<std::string, std::string>> parse_guest_properties(std::string_view out) {
  std::map<std::string, std::string> props;
  for (std::string_view line : output_lines(out)) {
    if (line.empty() || line == "No properties found.") continue;
    if (line.rfind("Name: ", 0) == 0) {  // --old-format, 6.1
      std::size_t value = line.find(", value: "), stamp = line.find(", timestamp: ");
      if (value == std::string_view::npos || stamp == std::string_view::npos || stamp < value)
        return unexpected("guestproperty enumerate", line);
      props.emplace(std::string(line.substr(6, value - 6)),
                    std::string(line.substr(value + 9, stamp - value - 9)));
      continue;
    }
    // Names and values are padded to line up: "NAME   = 'VALUE'   @ TIME".
    std::size_t eq = line.find(" = '"), at = line.rfind(" @ ");
    std::size_t close = at == std::string_view::npos ? at : line.find_last_of('\'', at);
    if (line[0] != '/' || eq == std::string_view::npos || close == std::string_view::npos ||
        close < eq + 3)
      return unexpected("guestproperty enumerate", line);
    std::string_view name = line.substr(0, eq);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    props.emplace(std::string(name), std::string(line.substr(eq + 4, close - eq - 4)));
  }
  return props;
}

}  // namespace dcod::plugins
