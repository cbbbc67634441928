#include "linux/sections.h"

#include <sstream>

namespace dcod::plugins {

std::string section_marker(const std::string& name) {
  return "echo '@@section " + name + "'";
}

std::map<std::string, std::string> split_sections(const std::string& output) {
  std::map<std::string, std::string> sections;
  std::istringstream in(output);
  std::string line;
  std::string* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("@@section ", 0) == 0) {
      current = &sections[line.substr(10)];
    } else if (current) {
      *current += line + "\n";
    }
  }
  return sections;
}

}  // namespace dcod::plugins
