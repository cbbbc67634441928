#pragma once

#include <map>
#include <string>

namespace dcod::plugins {

/// The line an observation script prints before each part of its output.
std::string section_marker(const std::string& name);
/// Splits script output at "@@section NAME" lines: NAME -> the text that followed.
std::map<std::string, std::string> split_sections(const std::string& output);

}  // namespace dcod::plugins
