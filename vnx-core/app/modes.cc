#include "app/modes.h"

namespace dcod::app {

const std::vector<Mode>& modes() {
  static const std::vector<Mode> table = {
      {"create", "", "reconcile every host to the scenario (idempotent)", {}, run_create},
      {"destroy",
       "",
       "remove everything this scenario owns, on every host it touched",
       {},
       run_destroy},
      {"show",
       "",
       "export the topology graph; no host is contacted",
       {"dot", "graphml", "json", "svg", "png"},
       run_show},
      {"plan",
       "",
       "print the actions --create would take; exit 3 when there are some",
       {},
       run_plan},
      {"status",
       "",
       "desired vs observed state per host, net and VM",
       {"text", "json"},
       run_status},
      {"validate", "", "load and validate the scenario only", {}, run_validate},
      {"seg-info", "", "placement of VMs on hosts and its metrics", {"text", "json"}, run_seg_info},
      {"exec",
       " VM -- CMD [ARG...]",
       "run a command in a VM; exit status is the command's",
       {},
       run_exec},
      {"x", " SEQ", "run the named exec sequence in every VM (or those of -M)", {}, run_sequence},
      {"convert",
       "",
       "write a VNX file (-f) as a dcod scenario (-o), on the hosts of --hosts; also: dcod "
       "convert",
       {},
       run_convert},
  };
  return table;
}

const Mode* find_mode(std::string_view name) {
  for (const Mode& m : modes()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace dcod::app
