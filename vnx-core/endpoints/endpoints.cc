#include "endpoints/endpoints.h"

#include <exception>

#include "util/parallel.h"

namespace dcod::core {

Expected<std::vector<Endpoint>> known_endpoints(const std::vector<HostBackend*>& hosts) {
  std::vector<Endpoint> out;
  for (HostBackend* host : hosts) {
    auto endpoint = host->endpoint();
    if (!endpoint) return endpoint.error();
    out.push_back(std::move(*endpoint));
  }
  return out;
}

std::vector<std::optional<Error>> bring_up_endpoints(std::vector<Endpoint>& endpoints,
                                                     const std::vector<HostBackend*>& hosts,
                                                     unsigned jobs) {
  std::vector<std::optional<Error>> errors(hosts.size());
  std::vector<std::size_t> unknown;
  for (std::size_t h = 0; h < hosts.size(); ++h) {
    if (!endpoints[h].known()) unknown.push_back(h);
  }
  parallel_for(unknown.size(), parallel_width(jobs, unknown.size()), [&](std::size_t k) {
    std::size_t h = unknown[k];
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
