#include "observe/observe.h"

#include <future>

#include "util/parallel.h"

namespace dcod::core {

ObservedState observe(const DesiredState& want, RunBackends& backends, unsigned jobs) {
  ObservedState state;
  auto site = std::async(std::launch::async, [&]() -> ObservedSite {
    try {
      return backends.site ? backends.site->observe(want) : ObservedSite{};
    } catch (...) {
      ObservedSite unknown;
      unknown.reachable = false;
      unknown.error = Error{"internal error while observing: " + current_exception_text(), "",
                            ErrorCode::internal, ErrorContext{"director", "", "", 0, 0}};
      return unknown;
    }
  });
  state.hosts.resize(want.hosts.size());
  parallel_for(want.hosts.size(), parallel_width(jobs, want.hosts.size()), [&](std::size_t h) {
    try {
      state.hosts[h] = backends.hosts[h]->observe(want.hosts[h]);
    } catch (...) {
      state.hosts[h] = ObservedHost::unreachable(
          Error{"internal error while observing: " + current_exception_text(), "",
                ErrorCode::internal, ErrorContext{want.hosts[h].name, "", "", 0, 0}});
    }
  });
  state.site = site.get();
  return state;
}

}  // namespace dcod::core
