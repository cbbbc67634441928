#pragma once

// Carries out the requests of ip_line.h in the calling thread's network namespace through
// rtnetlink, as `ip` would: the same messages, the same flags, the same words when the kernel
// refuses. No process is started.

#include <optional>
#include <string>

#include "netlink/ip_line.h"
#include "netlink/rtnl_request.h"

namespace dcod::plugins {

/// Makes changes in the network namespace the calling thread was in when it was made.
class NetnsWriter {
 public:
  /// An error when the namespace's route socket could not be made.
  std::optional<std::string> error() const { return m_socket.error(); }
  /// Carries out one request: nothing, or what `ip` would have printed for its failure.
  std::optional<std::string> apply(const IpRequest& request);

 private:
  std::optional<std::string> set_link(const LinkSet& set);
  std::optional<std::string> set_address(const AddressSet& set);
  std::optional<std::string> flush(const AddressFlush& flush);

  RtnlSocket m_socket;
};

}  // namespace dcod::plugins
