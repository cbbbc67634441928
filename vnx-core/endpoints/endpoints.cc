#include "endpoints/endpoints.h"

#include <exception>

#include "util/parallel.h"

namespace dcod::core {

Expected<std::vector<Endpoint>> known_endpoints(const std::vector<HostBackend*>& hosts,
                                                unsigned jobs) {
  std::vector<std::optional<Expected<Endpoint>>> found(hosts.size());
  parallel_for(hosts.size(), parallel_width(jobs, hosts.size()),
               [&](std::size_t h) { found[h] = guarded([&] { return hosts[h]->endpoint(); }); });
  std::vector<Endpoint> out;
  for (auto& endpoint : found) {
    if (!*endpoint) return endpoint->error();
    out.push_back(std::move(**endpoint));
  }
  return out;
}

std::vector<std::optional<Error>> bring_up_endpoints(std::vector<Endpoint>& endpoints,
                                                     const std::vector<HostBackend*>& hosts,
                                                     unsigned jobs) {
  std::vector<std::optional<Error>> errors(hosts.size());
  parallel_for(hosts.size(), parallel_width(jobs, hosts.size()), [&](std::size_t h) {
    auto up = guarded([&] { return hosts[h]->bring_up_endpoint(); });
    if (up && up->known()) {
      endpoints[h] = std::move(*up);
    } else {
      errors[h] =
          up ? Error{"its end point is still not known", "", ErrorCode::unreachable} : up.error();
    }
  });
  return errors;
}

}  // namespace dcod::core
