#include "app/cli_options.h"

#include <boost/program_options.hpp>
#include <cstdlib>
#include <sstream>

#include "app/modes.h"
#include "util/suggest.h"

namespace po = boost::program_options;

namespace dcod::app {

namespace {

po::options_description mode_options() {
  po::options_description d("Modes (choose one)");
  for (const Mode& m : modes()) {
    std::string name(m.name);
    std::string text = std::string(m.description);
    if (m.name == "exec") {
      d.add_options()("exec", po::value<std::string>()->value_name("VM"), text.c_str());
    } else if (m.name == "x") {
      d.add_options()(",x", po::value<std::string>()->value_name("SEQ"), text.c_str());
    } else {
      d.add_options()(name.c_str(), po::bool_switch(), text.c_str());
    }
  }
  return d;
}

po::options_description general_options() {
  po::options_description d("Options");
  d.add_options()("file,f", po::value<std::string>()->value_name("FILE"),
                  "the scenario (default: the built-in desk lab, examples/desk.xml)")(
      "hosts", po::value<std::string>()->value_name("FILE"),
      "a VNX scenario's hosts: a <hosts> file (default: the desk lab's hv1, hv2, hv3)")(
      "strict", po::bool_switch(),
      "refuse a scenario that asks for what dcod does not do (VNX features it ignores)")(
      "format", po::value<std::string>()->value_name("F"),
      "show: dot|graphml|json|svg|png; status, seg-info: text|json")(
      ",o", po::value<std::string>()->value_name("OUT"),
      "write the output to OUT instead of stdout")(
      ",M", po::value<std::string>()->value_name("vm1,vm2"), "limit to these VMs")(
      "jobs,j", po::value<unsigned>()->value_name("N"), "hosts worked on in parallel")(
      "state-dir", po::value<std::string>()->value_name("DIR"),
      "where the state record is kept (default: a directory per scenario under "
      "$XDG_STATE_HOME/dcod)")("known-hosts", po::value<std::string>()->value_name("FILE"),
                               "SSH known hosts (default ~/.ssh/known_hosts)")(
      "accept-new-host-keys", po::bool_switch(),
      "trust and record a host key seen for the first time (a changed key is always refused)")(
      "ssh-persist", po::value<unsigned>()->value_name("SECONDS"),
      "keep SSH sessions this long after their last use, for the next run (default 60; 0: "
      "log in anew every run)")("verbose,v", po::bool_switch(), "log debug detail to stderr")(
      "quiet,q", po::bool_switch(), "print only warnings and errors")(
      "log-file", po::value<std::string>()->value_name("FILE"), "also write the log to FILE")(
      "no-color", po::bool_switch(), "no colour in the output")(
      "help,h", po::bool_switch(), "this text")("version", po::bool_switch(), "print the version");
  return d;
}

po::options_description all_options() {
  po::options_description all;
  all.add(mode_options()).add(general_options());
  return all;
}

/// Words that are no option: at most one, the scenario file (`dcod --create lab.xml`).
po::options_description positional_options() {
  po::options_description d;
  d.add_options()("positional", po::value<std::vector<std::string>>());
  return d;
}

/// The scenario file given without -f, or an error for a stray word (never ignored: a file the
/// user named must not be swapped for the built-in desk lab).
std::optional<Error> take_positional(const po::variables_map& vm, CliOptions& o) {
  if (!vm.count("positional")) return std::nullopt;
  const auto& words = vm["positional"].as<std::vector<std::string>>();
  if (!o.file.empty() || words.size() > 1) {
    std::string stray = o.file.empty() ? words[1] : words[0];
    return Error{"unexpected argument '" + stray + "'",
                 "give one scenario file, with or without -f (options start with '-'); see --help",
                 ErrorCode::invalid};
  }
  o.file = words[0];
  return std::nullopt;
}

std::vector<std::string> long_option_names() {
  std::vector<std::string> names;
  const po::options_description all = all_options();
  for (const auto& o : all.options()) {
    if (!o->long_name().empty()) names.push_back(o->long_name());
  }
  return names;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

template <typename T>
void take(const po::variables_map& vm, const char* key, T& target) {
  if (vm.count(key)) target = vm[key].as<T>();
}

std::vector<std::string> chosen_modes(const po::variables_map& vm) {
  std::vector<std::string> chosen;
  for (const Mode& m : modes()) {
    std::string key = m.name == "x" ? "-x" : std::string(m.name);  // -x is a short option only
    bool valued = m.name == "exec" || m.name == "x";  // these carry a value instead of a switch
    if (vm.count(key) && (valued || vm[key].as<bool>())) chosen.push_back(std::string(m.name));
  }
  return chosen;
}

CliOptions options_from(const po::variables_map& vm) {
  CliOptions o;
  take(vm, "file", o.file);
  take(vm, "hosts", o.hosts_file);
  o.strict = vm["strict"].as<bool>();
  take(vm, "format", o.format);
  take(vm, "-o", o.output);
  take(vm, "exec", o.exec_vm);
  take(vm, "-x", o.sequence);
  take(vm, "jobs", o.jobs);
  take(vm, "state-dir", o.state_dir);
  take(vm, "known-hosts", o.known_hosts);
  take(vm, "ssh-persist", o.ssh_persist);
  take(vm, "log-file", o.log_file);
  if (vm.count("-M")) o.vms = split_list(vm["-M"].as<std::string>());
  o.accept_new_host_keys = vm["accept-new-host-keys"].as<bool>();
  o.verbose = vm["verbose"].as<bool>();
  o.quiet = vm["quiet"].as<bool>();
  // https://no-color.org: NO_COLOR set and not empty turns colour off as --no-color does.
  const char* no_color = std::getenv("NO_COLOR");
  o.no_color = vm["no-color"].as<bool>() || (no_color && *no_color);
  o.help = vm["help"].as<bool>();
  o.version = vm["version"].as<bool>();
  return o;
}

/// Exactly one mode, and a command after "--" exactly for --exec.
std::optional<Error> check_mode(const std::vector<std::string>& chosen, const CliOptions& o) {
  if (chosen.size() != 1) {
    std::string listed;
    for (const std::string& c : chosen) listed += " --" + c;
    return Error{
        chosen.empty() ? "no mode given" : "more than one mode given:" + listed,
        "choose one of --create, --destroy, --show, --plan, --status, --validate, --seg-info, "
        "--exec, -x, --convert; see --help"};
  }
  if (!o.command.empty() && chosen.front() != "exec") {
    return Error{"a command after '--' is only for --exec", "see --help"};
  }
  if (chosen.front() == "exec" && o.command.empty()) {
    return Error{"--exec needs a command after '--'",
                 "for example: dcod --exec a1 -- ping -c1 10.1.0.2"};
  }
  return std::nullopt;
}

Expected<CliOptions> from_variables(const po::variables_map& vm, std::vector<std::string> command) {
  CliOptions o = options_from(vm);
  o.command = std::move(command);
  if (auto stray = take_positional(vm, o)) return *stray;
  if (o.help || o.version) return o;
  std::vector<std::string> chosen = chosen_modes(vm);
  if (auto error = check_mode(chosen, o)) return *error;
  o.mode = chosen.front();
  return o;
}

/// `dcod --exec a1 ping -c1 x` without '--': the words after the VM are the VM's command, and
/// the error says so with the line that works; nullopt when that is not the trouble.
std::optional<Error> exec_without_dashdash(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--") != args.end()) return std::nullopt;
  auto exec = std::find(args.begin(), args.end(), "--exec");
  if (exec == args.end() || args.end() - exec < 3) return std::nullopt;
  std::string fixed = "dcod";
  for (auto word = args.begin(); word != args.end(); ++word) {
    fixed += " " + *word;
    if (word == exec + 1) fixed += " --";
  }
  return Error{"--exec takes the VM's command after '--'", "run: " + fixed, ErrorCode::invalid};
}

Expected<CliOptions> parse_words(std::vector<std::string> args) {
  std::vector<std::string> command;
  auto dashdash = std::find(args.begin(), args.end(), "--");
  if (dashdash != args.end()) {
    command.assign(dashdash + 1, args.end());
    args.erase(dashdash, args.end());
  }
  po::variables_map vm;
  try {
    po::options_description accepted = all_options();
    accepted.add(positional_options());
    po::positional_options_description words;
    words.add("positional", -1);
    po::store(po::command_line_parser(args).options(accepted).positional(words).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::string name = e.get_option_name();
    std::string bare = name.substr(name.find_first_not_of('-'));
    auto match = closest_match(bare, long_option_names());
    if (match) return Error{"unknown option '" + name + "' (did you mean '--" + *match + "'?)"};
    return Error{"unknown option '" + name + "'", "see --help"};
  } catch (const po::error& e) {
    return Error{e.what(), "see --help"};
  }
  return from_variables(vm, std::move(command));
}

}  // namespace

Expected<CliOptions> parse_command_line(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == "convert") args.front() = "--convert";  // dcod convert
  auto parsed = parse_words(args);
  if (parsed) return parsed;
  if (auto exec = exec_without_dashdash(args)) return *exec;
  return parsed;
}

std::string help_text() {
  std::ostringstream out;
  out << "dcod: a data center on desk. One XML scenario, VMs on several hypervisor hosts, joined\n"
         "per virtual network by VXLAN overlays.\n\n"
         "usage: dcod [-f] [FILE] MODE [options]\n"
         "       dcod -f FILE --exec VM -- CMD [ARG...]\n"
         "       dcod convert -f VNX.xml [--hosts FILE] -o SCENARIO.xml\n\n"
         "FILE is a dcod scenario (<scenario>) or a VNX 2.0 one (<vnx>), whose VMs run on the\n"
         "hosts of --hosts or on the desk lab.\n\n";
  out << all_options();
  out << "\nExit status: 0 success, 1 failed on a host, 2 usage or scenario error (nothing "
         "touched),\n"
         "3 (--plan, --status) changes pending or not created.\n";
  return out.str();
}

}  // namespace dcod::app
