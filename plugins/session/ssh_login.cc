#include "session/ssh_login.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dcod::plugins {

namespace {

namespace fs = std::filesystem;

Error secret_error(const core::Host& h, std::string message, std::string hint) {
  return Error{"host '" + h.name + "': " + message, std::move(hint), ErrorCode::invalid,
               ErrorContext{h.name, "", "", h.where.line, h.where.column}};
}

Expected<std::string> password_of(const core::Host& h, const std::string& scenario_file) {
  if (!h.password_env.empty()) {
    const char* value = std::getenv(h.password_env.c_str());
    if (!value) {
      return secret_error(h, "the environment variable " + h.password_env + " is not set",
                          "export it before running dcod, or use identity=");
    }
    return std::string(value);
  }
  if (!h.password_file.empty()) {
    std::string path = scenario_path(scenario_file, h.password_file);
    std::ifstream in(path);
    if (!in)
      return secret_error(h, "cannot read the password file " + path, "check password-file=");
    std::stringstream text;
    text << in.rdbuf();
    std::string secret = text.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    return secret;
  }
  return std::string();
}

}  // namespace

std::string home_directory() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : "/root";
}

std::string scenario_path(const std::string& scenario_file, const std::string& path) {
  if (path.rfind("~/", 0) == 0) return home_directory() + path.substr(1);
  if (fs::path(path).is_absolute() || scenario_file.empty() ||
      scenario_file.find(" (built in)") != std::string::npos)
    return path;
  return (fs::path(scenario_file).parent_path() / path).lexically_normal().string();
}

Expected<SshEndpoint> ssh_login(const core::Host& h, const std::string& scenario_file) {
  auto password = password_of(h, scenario_file);
  if (!password) return password.error();
  SshEndpoint e;
  e.host = h.name;
  e.address = h.address;
  e.port = h.port;
  e.user = h.user;
  e.identity = h.identity.empty() ? "" : scenario_path(scenario_file, h.identity);
  e.password = std::move(*password);
  return e;
}

}  // namespace dcod::plugins
