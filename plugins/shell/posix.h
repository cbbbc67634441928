#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dcod::plugins {

/// One word for a POSIX shell, whatever it holds: single-quoted, with ' written as '\''.
std::string sh_quote(std::string_view word);
/// Words joined by spaces, each quoted only when it needs to be.
std::string sh_join(const std::vector<std::string>& words);

}  // namespace dcod::plugins
