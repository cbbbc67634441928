#pragma once

#include <string>

#include "util/expected.h"

namespace dcod::core {

/// Renders DOT text to svg or png with Graphviz `dot`, into `output` (stdout when empty).
/// A clear error names the missing program when Graphviz is not installed.
Expected<bool> render_with_graphviz(const std::string& dot, const std::string& format,
                                    const std::string& output);

}  // namespace dcod::core
