#include "vbox_sim.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace dcod::test {

VBoxSim::VBoxSim(const std::string& dir, const std::string& settings)
    : m_dir(dir), m_bin(dir + "/bin") {
  std::filesystem::create_directories(m_bin);
  std::string wrapper = m_bin + "/VBoxManage";
  std::ofstream(wrapper) << "#!/bin/sh\nDCOD_VBOXSIM_DIR='" << m_dir << "' exec '"
                         << DCOD_VBOXSIM_BINARY << "' \"$@\"\n";
  ::chmod(wrapper.c_str(), 0755);
  configure(settings);
}

CommandResult VBoxSim::vboxmanage(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {m_bin + "/VBoxManage"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

void VBoxSim::configure(const std::string& settings) const {
  std::ofstream(m_dir + "/sim.json") << settings << "\n";
}

std::vector<SimCall> VBoxSim::calls() const {
  std::vector<SimCall> out;
  std::ifstream in(m_dir + "/calls.log");
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    out.push_back({j.value("argv", std::vector<std::string>{}), j.value("exit", 0),
                   j.value("mutating", false)});
  }
  return out;
}

std::vector<std::string> mutating_calls(const std::vector<SimCall>& calls, std::size_t from) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < calls.size(); ++i) {
    if (!calls[i].mutating) continue;
    std::string text;
    for (const std::string& a : calls[i].argv) text += (text.empty() ? "" : " ") + a;
    out.push_back(text);
  }
  return out;
}

}  // namespace dcod::test
