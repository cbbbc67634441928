#pragma once

// Command lines for programs that Windows' cmd.exe starts. Two parsers read such a line: cmd.exe
// first (quote parity; & | < > ( ) ^ special outside quotes; %name% expanded everywhere), then
// the program's C runtime (CommandLineToArgvW: quotes group, 2n backslashes before a quote give
// n and a toggle, 2n+1 give n and a literal quote). An argument is rendered so that both agree on
// where quotes are and the program receives exactly it, or it is refused.

#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace dcod::plugins {

/// One argument as the program is to receive it; an error naming it when no rendering is safe.
Expected<std::string> cmd_quote(std::string_view arg);
/// A command line: the program (which may hold no % or ") and its arguments.
Expected<std::string> cmd_join(const std::vector<std::string>& argv);

}  // namespace dcod::plugins
