#include "graph/render.h"

#include "util/process.h"

namespace dcod::core {

Expected<bool> render_with_graphviz(const std::string& dot, const std::string& format,
                                    const std::string& output) {
  if (!program_on_path("dot")) {
    return Error{"rendering " + format + " needs Graphviz's 'dot' program, which is not on PATH",
                 "install it (apt-get install graphviz) or use --format dot"};
  }
  std::vector<std::string> argv = {"dot", "-T" + format};
  if (!output.empty()) argv.insert(argv.end(), {"-o", output});
  Expected<int> status = run_with_input(argv, dot);
  if (!status) return status.error();
  if (*status != 0)
    return Error{"Graphviz 'dot' failed with exit status " + std::to_string(*status), ""};
  return true;
}

}  // namespace dcod::core
