#include "app/remote_access.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dcod::app {

namespace {

namespace fs = std::filesystem;

std::string home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : "/root";
}

/// A path from the scenario: "~/" is the home directory, relative paths start at the file.
std::string scenario_path(const core::Scenario& s, const std::string& path) {
  if (path.rfind("~/", 0) == 0) return home() + path.substr(1);
  if (fs::path(path).is_absolute() || s.file.empty() ||
      s.file.find(" (built in)") != std::string::npos)
    return path;
  return (fs::path(s.file).parent_path() / path).lexically_normal().string();
}

Expected<std::string> password_of(const core::Scenario& s, const core::Host& h) {
  if (!h.password_env.empty()) {
    const char* value = std::getenv(h.password_env.c_str());
    if (!value) {
      return Error{
          "host '" + h.name + "': the environment variable " + h.password_env + " is not set",
          "export it before running dcod, or use identity="};
    }
    return std::string(value);
  }
  if (!h.password_file.empty()) {
    std::string path = scenario_path(s, h.password_file);
    std::ifstream in(path);
    if (!in)
      return Error{"host '" + h.name + "': cannot read the password file " + path,
                   "check password-file="};
    std::stringstream text;
    text << in.rdbuf();
    std::string secret = text.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    return secret;
  }
  return std::string();
}

}  // namespace

Expected<plugins::RemoteAccess> remote_access(const core::Scenario& s, const CliOptions& options) {
  plugins::RemoteAccess access;
  access.options.known_hosts =
      options.known_hosts.empty() ? home() + "/.ssh/known_hosts" : options.known_hosts;
  access.options.accept_new_host_keys = options.accept_new_host_keys;
  for (const core::Host& h : s.hosts) {
    if (h.is_simulated()) continue;
    if (h.backend == core::Backend::virtualbox) {
      access.refused[h.name] =
          "host " + h.name + " uses the VirtualBox backend, which this build does not have yet";
      continue;
    }
    auto password = password_of(s, h);
    if (!password) return password.error();
    plugins::SshEndpoint e;
    e.host = h.name;
    e.address = h.address;
    e.port = h.port;
    e.user = h.user;
    e.identity = h.identity.empty() ? "" : scenario_path(s, h.identity);
    e.password = std::move(*password);
    access.endpoints[h.name] = std::move(e);
  }
  return access;
}

}  // namespace dcod::app
