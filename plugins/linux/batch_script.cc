#include "linux/batch_script.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "linux/batch_layout.h"
#include "shell/posix.h"

namespace dcod::plugins {

namespace {

/// Reads a tool's output ($2) and sets n_<unit>_<line>=1 and n_<unit>=1 for every line the tool
/// named in "Command failed -:<line>" (unit $1): what stops the later parts of an action.
constexpr const char* k_named_lines = R"(dcod_named() {
  while IFS= read -r dcod_l; do
    case $dcod_l in
      "Command failed -:"*) dcod_l=${dcod_l#"Command failed -:"}
        case $dcod_l in ''|*[!0-9]*) ;; *) eval "n_$1_$dcod_l=1 n_$1=1" ;; esac ;;
    esac
  done <<DCOD_NAMED
$2
DCOD_NAMED
}
)";

/// The shell variable set once an action has failed: its later parts do not run.
std::string flag(std::size_t action) {
  std::string name = std::to_string(action);
  return name.insert(0, 1, 'f');
}

/// The flag's value in the shell: "$f<action>".
std::string flag_value(std::size_t action) {
  return flag(action).insert(0, 1, '$');
}

/// Writes the script text of one unit, between its markers.
class UnitWriter {
 public:
  UnitWriter(const BatchActions& actions, const BatchLayout& layout, std::size_t index)
      : m_actions(actions),
        m_layout(layout),
        m_unit(layout.units[index]),
        m_id(std::to_string(index)),
        m_in_unit(actions_in(m_unit)) {}

  /// The unit; from the second stage on, skipped as a whole when all its actions have failed.
  std::string text() const {
    std::string body = m_unit.tool.empty() ? shell_part() : tool_call();
    if (m_unit.stage == 0) return body;
    std::string flags, all;
    for (std::size_t a : m_in_unit) flags += flag_value(a), all += "1";
    return "[ \"" + flags + "\" = " + all + " ] || {\n" + body + "}\n";
  }

  /// True when some unit of the layout sets flags from a tool's output.
  static bool reads_named_lines(const BatchLayout& layout) {
    for (const BatchUnit& unit : layout.units) {
      if (unit.tool.empty()) continue;
      for (std::size_t a : actions_in(unit)) {
        if (plugins::has_later_parts(layout, unit, a)) return true;
      }
    }
    return false;
  }

 private:
  bool has_later_parts(std::size_t action) const {
    return plugins::has_later_parts(m_layout, m_unit, action);
  }
  const std::string& text_of(const StepRef& ref) const {
    return m_actions[ref.action][ref.step].text;
  }

  /// A brace group chained with && ($dc: the step running).
  std::string shell_part() const {
    std::string text = "echo '@@begin " + m_id + "'\n{ ";
    for (std::size_t k = 0; k < m_unit.steps.size(); ++k) {
      text += (k ? " &&\n  dc=" : "dc=") + std::to_string(m_unit.steps[k].step) + " && " +
              text_of(m_unit.steps[k]);
    }
    text += "; } 2>&1; r=$?; echo \"@@end " + m_id + " $r $dc\"\n";
    std::size_t action = m_unit.steps.front().action;
    if (has_later_parts(action)) text += "[ $r = 0 ] || " + flag(action) + "=1\n";
    return text;
  }

  /// One call of the tool with -force (one bad line stops no other) on every action's lines.
  std::string tool_call() const {
    std::string call = feeder() + m_unit.tool + " -force -batch - 2>&1" + here_document();
    std::string text = "echo '@@call " + m_id + "'\n";
    std::vector<std::size_t> flagged;
    for (std::size_t a : m_in_unit) {
      if (has_later_parts(a)) flagged.push_back(a);
    }
    if (flagged.empty()) return text + call + "echo \"@@callend " + m_id + " $?\"\n";
    text += "o=$(" + call + "); r=$?\nprintf '%s\\n' \"$o\"; echo \"@@callend " + m_id +
            " $r\"\ndcod_named " + m_id + " \"$o\"\n";
    return text + flags_from_named_lines(flagged);
  }

  /// Sets the flag of every action in `flagged` whose lines failed; when the tool failed without
  /// naming a line, of all of them.
  std::string flags_from_named_lines(const std::vector<std::size_t>& flagged) const {
    std::string all;
    for (std::size_t a : flagged) all += flag(a) + "=1; ";
    std::string text = "[ $r = 0 ] || [ -n \"$n_" + m_id + "\" ] || { " + all + "}\n";
    for (std::size_t a : flagged) {
      std::string named;
      for (std::size_t k = 0; k < m_unit.steps.size(); ++k) {
        if (m_unit.steps[k].action == a) named += "$n_" + m_id + "_" + std::to_string(k + 1);
      }
      text += "[ -z \"" + named + "\" ] || " + flag(a) + "=1\n";
    }
    return text;
  }

  /// From the second stage on, the lines come from printf: an action that failed before gives
  /// as many empty lines instead (iproute2 counts them, so "Command failed -:N" still holds).
  std::string feeder() const {
    if (m_unit.stage == 0) return "";
    std::string text = "{ ";
    for (std::size_t a : m_in_unit) {
      std::string lines, blanks;
      for (const StepRef& ref : m_unit.steps) {
        if (ref.action != a) continue;
        lines.append(" ").append(sh_quote(text_of(ref)));
        blanks += "\\n";
      }
      text.append("[ -n \"").append(flag_value(a)).append("\" ] && printf '").append(blanks);
      text.append("' || printf '%s\\n'").append(lines).append("; ");
    }
    return text + "} | ";
  }

  /// In the first stage, the lines as a here-document.
  std::string here_document() const {
    if (m_unit.stage != 0) return "\n";
    std::string text = " <<'DCOD_BATCH'\n";
    for (const StepRef& ref : m_unit.steps) text += text_of(ref) + "\n";
    return text + "DCOD_BATCH\n";
  }

  const BatchActions& m_actions;
  const BatchLayout& m_layout;
  const BatchUnit& m_unit;
  const std::string m_id;
  const std::vector<std::size_t> m_in_unit;  // the actions with steps in the unit, each once
};

}  // namespace

Step shell_step(std::string command) {
  return Step{"", std::move(command)};
}

Step tool_step(std::string tool, std::string line) {
  return Step{std::move(tool), std::move(line)};
}

Step checked(Step step) {
  step.checked = true;
  return step;
}

bool batch_safe(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("._-:/@+=,").find(c) != std::string_view::npos;
  });
}

void BatchScript::add(std::vector<Step> steps) {
  m_actions.push_back(std::move(steps));
}

std::string BatchScript::text() const {
  BatchLayout layout = layout_of(m_actions);
  if (layout.units.empty()) return "";
  std::string body;
  for (std::size_t u = 0; u < layout.units.size(); ++u)
    body += UnitWriter(m_actions, layout, u).text();
  std::string helpers = UnitWriter::reads_named_lines(layout) ? k_named_lines : "";
  return helpers + "dcod_batch() {\n" + body + "}\ndcod_batch\n";
}

std::vector<core::ActionResult> BatchScript::results(const std::string& output,
                                                     const std::string& fallback_error) const {
  return read_batch_output(m_actions, layout_of(m_actions), output, fallback_error);
}

}  // namespace dcod::plugins
