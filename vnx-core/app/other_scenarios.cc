// A --destroy that finds nothing of its scenario says what is there instead: most often the
// scenario was renamed since the lab was made, and the old name is what holds it.

#include <filesystem>
#include <map>

#include "app/reconcile.h"
#include "util/words.h"

namespace dcod::app {

namespace {

/// The scenarios with a state record next to this one's (the default layout only: with
/// --state-dir the neighbours are not dcod's to read).
std::map<std::string, std::string> recorded_elsewhere(const Reconcile& r, const CliOptions& o) {
  std::map<std::string, std::string> out;
  if (!o.state_dir.empty()) return out;
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(r.state_dir).parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    auto record = core::read_state_record(entry.path().string());
    if (!record || record->hosts.empty() || record->scenario == r.scenario.name) continue;
    out[record->scenario] = "a state record in " + entry.path().string();
  }
  return out;
}

}  // namespace

std::string other_scenarios_note(const Reconcile& r, const CliOptions& options) {
  std::map<std::string, std::string> found = recorded_elsewhere(r, options);
  if (r.backends.site) {
    for (const auto& [name, what] : r.backends.site->other_scenarios()) {
      std::string& where = found[name];
      where += (where.empty() ? "" : ", ") + what;
    }
  }
  if (found.empty()) return {};
  std::vector<std::string> listed;
  for (const auto& [name, where] : found) listed.push_back("'" + name + "' (" + where + ")");
  return "dcod: warning: nothing of scenario '" + r.scenario.name + "' was found on its " +
         counted(r.scenario.hosts.size(), "host", "hosts") + "; this machine holds scenario" +
         (found.size() == 1 ? " " : "s ") + listed_names(listed) +
         "\n  hint: was the scenario renamed since it was made? --destroy a file with the name it "
         "was made with\n";
}

}  // namespace dcod::app
