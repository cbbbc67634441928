#pragma once

// Text from hosts on the way to a terminal: a hostile or broken host must not be able to write
// control sequences (colours, cursor moves, a retitled window) or invalid UTF-8 to the screen
// through an error message that quotes what it printed.

#include <string>
#include <string_view>

namespace dcod {

/// `text` with every control byte but newline and tab, and every byte that is not part of valid
/// UTF-8, written as \xNN; valid UTF-8 ("→") passes unchanged.
std::string printable(std::string_view text);

}  // namespace dcod
