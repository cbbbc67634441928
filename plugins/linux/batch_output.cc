#include <algorithm>
#include <charconv>
#include <sstream>

#include "linux/batch_layout.h"

namespace dcod::plugins {

namespace {

/// The last lines of what a part printed: enough to see the error, never a flood.
std::string tail_of(const std::string& text, std::size_t lines = 12) {
  std::size_t at = text.size();
  for (std::size_t n = 0; n <= lines && at != std::string::npos && at > 0; ++n)
    at = text.rfind('\n', at - 1);
  return at == std::string::npos || at == 0 ? text : text.substr(at + 1);
}

/// Reads the script's output line by line and tells each action's fate.
class OutputReader {
 public:
  OutputReader(const BatchActions& actions, const std::vector<BatchUnit>& units)
      : m_actions(actions),
        m_units(units),
        m_current(m_units.size()),
        m_expected(actions.size(), 0),
        m_reported(actions.size(), 0),
        m_errors(actions.size()) {
    for (const BatchUnit& unit : m_units) count_actions(unit, m_expected);
  }

  void read(const std::string& line) {
    std::istringstream fields(line);
    std::string word;
    fields >> word;
    if (word == "@@begin" || word == "@@call") {
      if (!(fields >> m_current) || m_current > m_units.size()) m_current = m_units.size();
      if (m_current < m_units.size()) m_failed_lines.assign(m_units[m_current].steps.size(), false);
      m_body.clear();
    } else if ((word == "@@end" || word == "@@callend") && in_unit(fields)) {
      int status = -1;
      fields >> status;
      std::size_t failed_step = 0;
      fields >> failed_step;
      if (m_units[m_current].tool.empty()) {
        end_shell(status, failed_step);
      } else {
        end_call(status);
      }
      m_current = m_units.size();
    } else if (m_current < m_units.size()) {
      if (line.rfind("Command failed -:", 0) == 0) mark_failed_line(line.substr(17));
      m_body += line + "\n";
    }
  }

  std::vector<core::ActionResult> results(const std::string& fallback_error) const {
    std::vector<core::ActionResult> results;
    for (std::size_t a = 0; a < m_actions.size(); ++a) {
      if (!m_errors[a].empty()) {
        results.push_back({false, m_errors[a]});
      } else {
        bool complete = m_reported[a] == m_expected[a];
        results.push_back({complete, complete ? "" : fallback_error});
      }
    }
    return results;
  }

 private:
  /// Adds one to `counts` for every action with steps in `unit`.
  static void count_actions(const BatchUnit& unit, std::vector<std::size_t>& counts) {
    for (std::size_t a : actions_in(unit)) ++counts[a];
  }

  bool in_unit(std::istringstream& fields) const {
    std::size_t index = m_units.size();
    fields >> index;
    return m_current < m_units.size() && index == m_current;
  }

  /// Notes the line a tool named as failed ("Command failed -:N", N from 1).
  void mark_failed_line(const std::string& number) {
    std::size_t n = 0;
    auto parsed = std::from_chars(number.data(), number.data() + number.size(), n);
    if (parsed.ec != std::errc() || m_units[m_current].tool.empty()) return;
    if (n >= 1 && n <= m_failed_lines.size()) m_failed_lines[n - 1] = true;
  }

  void end_shell(int status, std::size_t failed_step) {
    std::size_t action = m_units[m_current].steps.front().action;
    ++m_reported[action];
    if (status == 0) return;
    const std::vector<Step>& steps = m_actions[action];
    fail(action, tail_of(m_body) + "exit status " + std::to_string(status) +
                     " from: " + (failed_step < steps.size() ? steps[failed_step].text : "?"));
  }

  void end_call(int status) {
    const BatchUnit& unit = m_units[m_current];
    count_actions(unit, m_reported);
    // iproute2 names the failing lines ("Command failed -:N"); a tool that stopped without
    // naming one leaves the whole call in doubt, and the next run redoes what is missing.
    bool named =
        std::find(m_failed_lines.begin(), m_failed_lines.end(), true) != m_failed_lines.end();
    for (std::size_t k = 0; k < unit.steps.size(); ++k) {
      if (!m_failed_lines[k] && (status == 0 || named)) continue;
      const StepRef& ref = unit.steps[k];
      fail(ref.action,
           tail_of(m_body) + "from: " + unit.tool + " " + m_actions[ref.action][ref.step].text);
    }
  }

  void fail(std::size_t action, std::string why) {
    if (m_errors[action].empty()) m_errors[action] = std::move(why);
  }

  const BatchActions& m_actions;
  const std::vector<BatchUnit>& m_units;
  std::size_t m_current;  // the unit whose output is being read; m_units.size() = none
  std::string m_body;
  std::vector<bool> m_failed_lines;
  std::vector<std::size_t> m_expected, m_reported;  // units per action: in the script, reported
  std::vector<std::string> m_errors;
};

}  // namespace

std::vector<core::ActionResult> read_batch_output(const BatchActions& actions,
                                                  const BatchLayout& layout,
                                                  const std::string& output,
                                                  const std::string& fallback_error) {
  OutputReader reader(actions, layout.units);
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) reader.read(line);
  return reader.results(fallback_error);
}

}  // namespace dcod::plugins
