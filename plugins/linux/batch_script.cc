#include "linux/batch_script.h"

#include <sstream>

namespace dcod::plugins {

namespace {

/// The last lines of what an action printed: enough to see the error, never a flood.
std::string tail_of(const std::string& text, std::size_t lines = 12) {
  std::size_t at = text.size();
  for (std::size_t n = 0; n <= lines && at != std::string::npos && at > 0; ++n)
    at = text.rfind('\n', at - 1);
  return at == std::string::npos || at == 0 ? text : text.substr(at + 1);
}

}  // namespace

void BatchScript::add(const std::vector<std::string>& commands) {
  flush_group();
  std::string index = std::to_string(m_actions.size());
  m_actions.push_back(commands);
  m_text += "echo '@@begin " + index + "'\n{ ";
  for (std::size_t c = 0; c < commands.size(); ++c) {
    m_text += (c ? " &&\n  dc=" : "dc=") + std::to_string(c) + " && " + commands[c];
  }
  if (commands.empty()) m_text += "dc=0 && true";
  m_text += "; } 2>&1; echo \"@@end " + index + " $? $dc\"\n";
}

void BatchScript::add(const BatchLine& line) {
  if (line.tool != m_group_tool) flush_group();
  m_group_tool = line.tool;
  m_group.push_back(m_actions.size());
  m_actions.push_back({line.tool + " " + line.line});
}

void BatchScript::flush_group() const {
  if (m_group.empty()) return;
  m_text += "echo '@@group " + std::to_string(m_group.front()) + " " +
            std::to_string(m_group.size()) + "'\n" + m_group_tool +
            " -force -batch - 2>&1 <<'DCOD_BATCH'\n";
  for (std::size_t i : m_group) {
    const std::string& full = m_actions[i].front();
    m_text += full.substr(m_group_tool.size() + 1) + "\n";
  }
  m_text += "DCOD_BATCH\necho \"@@groupend $?\"\n";
  m_group.clear();
  m_group_tool.clear();
}

std::string BatchScript::text() const {
  flush_group();
  if (m_actions.empty()) return "";
  return "dcod_batch() {\n" + m_text + "}\ndcod_batch\n";
}

std::vector<core::ActionResult> BatchScript::results(const std::string& output,
                                                     const std::string& fallback_error) const {
  const std::size_t count = m_actions.size();
  std::vector<core::ActionResult> results(count, core::ActionResult{false, fallback_error});
  std::istringstream in(output);
  std::string line, body;
  std::size_t current = count, group_first = 0, group_size = 0;
  bool in_group = false;
  std::vector<bool> group_failed;
  while (std::getline(in, line)) {
    if (line.rfind("@@begin ", 0) == 0) {
      current = std::stoul(line.substr(8));
      body.clear();
    } else if (line.rfind("@@end ", 0) == 0 && current < count) {
      std::istringstream fields(line.substr(6));
      std::size_t index = 0, failed_at = 0;
      int status = -1;
      fields >> index >> status >> failed_at;
      if (index != current) continue;
      const auto& commands = m_actions[current];
      std::string which = failed_at < commands.size() ? commands[failed_at] : "?";
      results[current] = {status == 0, status == 0
                                           ? ""
                                           : tail_of(body) + "exit status " +
                                                 std::to_string(status) + " from: " + which};
      current = count;
    } else if (line.rfind("@@group ", 0) == 0) {
      std::istringstream fields(line.substr(8));
      fields >> group_first >> group_size;
      in_group = group_first + group_size <= count;
      group_failed.assign(group_size, false);
      body.clear();
    } else if (line.rfind("@@groupend ", 0) == 0 && in_group) {
      int status = std::stoi(line.substr(11));
      bool attributed = false;
      for (bool f : group_failed) attributed = attributed || f;
      for (std::size_t k = 0; k < group_size; ++k) {
        std::size_t i = group_first + k;
        // iproute2 names the failing lines ("Command failed -:N"); a tool that stopped without
        // naming one leaves the whole group in doubt, and the next run redoes what is missing.
        bool failed = group_failed[k] || (status != 0 && !attributed);
        results[i] = {!failed, failed ? tail_of(body) + "from: " + m_actions[i].front() : ""};
      }
      in_group = false;
    } else if (in_group && line.rfind("Command failed -:", 0) == 0) {
      std::size_t n = std::stoul(line.substr(17));
      if (n >= 1 && n <= group_size) group_failed[n - 1] = true;
      body += line + "\n";
    } else if (current < count || in_group) {
      body += line + "\n";
    }
  }
  return results;
}

}  // namespace dcod::plugins
