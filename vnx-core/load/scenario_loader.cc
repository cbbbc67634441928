#include "load/scenario_loader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "load/element_counts.h"
#include "load/open_tags.h"
#include "load/readers.h"
#include "load/source_map.h"
#include "load/vnx/vnx_grammar.h"
#include "load/vnx/vnx_loader.h"

namespace dcod::core {

namespace {

/// Rejects input that is not text before the XML parser sees it: NUL bytes mean a binary file.
bool looks_like_text(std::string_view text, const SourceMap& source, Diagnostics& diagnostics) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    diagnostics.error({1, 1}, "", "the file is empty",
                      "a scenario starts with <scenario name=... version=\"1\">");
    return false;
  }
  auto nul = text.find('\0');
  if (nul != std::string_view::npos) {
    diagnostics.error(source.at(nul), "", "the file is not text (it holds a NUL byte)",
                      "give a scenario XML file");
    return false;
  }
  return true;
}

void index_names(Scenario& s) {
  auto index = [](const auto& items, auto& map) {
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      if (!items[i].name.empty()) map.emplace(items[i].name, i);
    }
  };
  index(s.hosts, s.host_index);
  index(s.nets, s.net_index);
  index(s.vms, s.vm_index);
  for (Vm& vm : s.vms) {
    for (Interface& iface : vm.interfaces) {
      auto it = s.net_index.find(iface.net);
      if (it != s.net_index.end()) iface.net_index = it->second;
    }
  }
}

/// Reads a <scenario>, or a <hosts> file (whose grammar keeps out <vm> and <constraints>).
void read_scenario_element(const ElementReader& root, Scenario& s, const BackendCatalog& backends) {
  s.where = root.where();
  s.hosts_file = root.element_name() == "hosts";
  if (!s.hosts_file) s.name = root.name("name", 24);
  std::string version = root.string("version");
  if (root.has("version") && version != "1") {
    root.attribute_error("version",
                         std::string(s.hosts_file ? "hosts file" : "scenario language") +
                             " version '" + version + "' is not supported",
                         "this dcod reads version=\"1\"");
  }
  ElementCounts counts;
  for (const ElementReader& child : root.children()) {
    std::string_view kind = child.element_name();
    if (!counts.admit(kind, child)) continue;
    if (kind == "global") read_global(child, s.global);
    if (kind == "host") s.hosts.push_back(read_host(child, backends));
    if (kind == "net") s.nets.push_back(read_net(child));
    if (kind == "vm") s.vms.push_back(read_vm(child));
    if (kind == "constraints") read_constraints(child, s);
  }
}

/// Tags that do not match say which element is open and where it was opened.
void report_mismatch(std::string_view text, std::size_t offset, const SourceMap& source,
                     Diagnostics& d) {
  std::optional<std::string> closing = end_tag_at(text, offset);
  std::size_t closing_at = closing ? text.rfind("</", offset) : text.size();
  std::vector<OpenTag> open = open_tags_before(text, closing_at);
  if (open.empty()) {
    d.error(source.at(offset), "",
            "not well-formed XML: </" + closing.value_or("?") + "> closes no open element",
            "remove it");
    return;
  }
  const OpenTag& top = open.back();
  std::string opened =
      "<" + top.name + "> opened at line " + std::to_string(source.at(top.offset).line);
  std::string hint = "close it with </" + top.name + ">, or end its start tag with '/>'";
  if (!closing) {
    d.error(source.at(top.offset), "", "not well-formed XML: " + opened + " is never closed", hint);
    return;
  }
  d.error(source.at(offset), "",
          "not well-formed XML: </" + *closing + "> where </" + top.name + "> belongs: " + opened +
              " is still open",
          hint);
}

void report_not_well_formed(std::string_view text, const pugi::xml_parse_result& parsed,
                            const SourceMap& source, Diagnostics& d) {
  auto offset = static_cast<std::size_t>(parsed.offset);
  if (parsed.status == pugi::status_end_element_mismatch) {
    report_mismatch(text, offset, source, d);
    return;
  }
  d.error(source.at(offset), "", std::string("not well-formed XML: ") + parsed.description());
}

/// True when the root suits the file (a hosts file, or a scenario); else an error says why.
bool root_is_expected(const ElementReader& reader, bool hosts_file) {
  std::string_view root = reader.element_name();
  if (hosts_file) {
    if (root == "hosts") return true;
    reader.error("the document element is <" + std::string(root) + ">, not <hosts>",
                 "a hosts file starts with <hosts version=\"1\"> and holds <global>, <host> and "
                 "<net name vni> elements");
    return false;
  }
  if (root == "scenario" || root == "vnx") return true;
  std::string hint = root == "hosts"
                         ? "a hosts file is given with --hosts, beside the VNX scenario (-f)"
                         : "a scenario file starts with <scenario name=... version=\"1\">, or "
                           "is a VNX 2.0 file starting with <vnx>";
  reader.error("the document element is <" + std::string(root) + ">, not <scenario>", hint);
  return false;
}

/// Parses the text and reads its document element into the model, as its root says.
LoadResult load_text(std::string_view text, const std::string& file, const BackendCatalog& backends,
                     bool hosts_file, const Scenario* vnx_hosts) {
  LoadResult result{std::nullopt, Diagnostics(file)};
  SourceMap source(text);
  if (!looks_like_text(text, source, result.diagnostics)) return result;

  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    report_not_well_formed(text, parsed, source, result.diagnostics);
    return result;
  }
  pugi::xml_node root = doc.document_element();
  bool vnx = std::string_view(root.name()) == "vnx";
  LoadContext ctx{result.diagnostics, source, vnx ? vnx_grammar() : scenario_grammar()};
  ElementReader reader(root, "/" + std::string(root.name()), ctx);
  if (!root_is_expected(reader, hosts_file)) return result;
  if (vnx && !vnx_hosts) {
    reader.error("a VNX scenario needs hosts to run on", "give them with --hosts FILE");
    return result;
  }
  check_tree(reader);
  Scenario scenario;
  scenario.file = file;
  if (vnx)
    read_vnx_scenario(reader, *vnx_hosts, scenario, result.diagnostics);
  else
    read_scenario_element(reader, scenario, backends);
  index_names(scenario);
  result.scenario = std::move(scenario);
  return result;
}

/// The text of a file, or a finding that says why it cannot be read.
std::optional<std::string> read_input_file(const std::string& path, Diagnostics& d) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    d.error({0, 0}, "", "cannot read the file: it is not a regular file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    d.error({0, 0}, "", std::string("cannot read the file: ") + std::strerror(errno));
    return std::nullopt;
  }
  if (std::filesystem::file_size(path, ec) > k_max_file_bytes) {
    d.error({0, 0}, "", "the file is larger than 16 MiB, more than any scenario dcod takes",
            "a scenario of 50,000 VMs is about 10 MiB: is this the right file?");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& file,
                              const BackendCatalog& backends, const Scenario* vnx_hosts) {
  return load_text(text, file, backends, false, vnx_hosts);
}

LoadResult load_scenario_file(const std::string& path, const BackendCatalog& backends,
                              const Scenario* vnx_hosts) {
  Diagnostics unread(path);
  std::optional<std::string> text = read_input_file(path, unread);
  if (!text) return {std::nullopt, std::move(unread)};
  return load_scenario_text(*text, path, backends, vnx_hosts);
}

LoadResult load_hosts_text(std::string_view text, const std::string& file,
                           const BackendCatalog& backends) {
  return load_text(text, file, backends, true, nullptr);
}

LoadResult load_hosts_file(const std::string& path, const BackendCatalog& backends) {
  Diagnostics unread(path);
  std::optional<std::string> text = read_input_file(path, unread);
  if (!text) return {std::nullopt, std::move(unread)};
  return load_hosts_text(*text, path, backends);
}

}  // namespace dcod::core
