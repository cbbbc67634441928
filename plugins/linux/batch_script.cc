#include "linux/batch_script.h"

#include <sstream>

namespace dcod::plugins {

void BatchScript::add(const std::vector<std::string>& commands) {
  std::string index = std::to_string(m_count++);
  m_text += "echo '@@begin " + index + "'\n(\nset -ex\n";
  for (const std::string& c : commands) m_text += c + "\n";
  m_text += ") 2>&1\necho \"@@end " + index + " $?\"\n";
}

std::string BatchScript::text() const {
  if (m_count == 0) return "";
  return "dcod_batch() {\n" + m_text + "}\ndcod_batch\n";
}

std::vector<core::ActionResult> parse_batch_output(const std::string& output, std::size_t count,
                                                   const std::string& fallback_error) {
  std::vector<core::ActionResult> results(count, core::ActionResult{false, fallback_error});
  std::istringstream in(output);
  std::string line, body;
  for (std::size_t current = count; std::getline(in, line);) {
    if (line.rfind("@@begin ", 0) == 0) {
      current = std::stoul(line.substr(8));
      body.clear();
    } else if (line.rfind("@@end ", 0) == 0 && current < count) {
      std::istringstream fields(line.substr(6));
      std::size_t index = 0;
      int status = -1;
      fields >> index >> status;
      if (index != current) continue;
      results[current] = {status == 0,
                          status == 0 ? "" : body + "exit status " + std::to_string(status)};
      current = count;
    } else if (current < count) {
      body += line + "\n";
    }
  }
  return results;
}

}  // namespace dcod::plugins
