// OVA files go to each host once, by SFTP, under a name made of their content's hash and size
// (in the platform's upload folder under the SSH user's home: .cache/dcod/ova on Linux,
// AppData\Local\dcod\ova on Windows), so a changed file is uploaded again and an unchanged
// one never. VBoxManage is given the path as the host writes it.

#include <cstdio>
#include <fstream>

#include "session/ssh_login.h"
#include "virtualbox/virtualbox_host.h"

namespace dcod::plugins {

namespace {

/// "<64-bit FNV-1a of the content, hex>-<size>", or an error when the file cannot be read.
Expected<std::string> content_name(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{"cannot read " + path, "ova= is relative to the scenario file",
                 ErrorCode::invalid};
  std::uint64_t hash = 1469598103934665603ull, size = 0;
  char buffer[64 * 1024];
  while (in) {
    in.read(buffer, sizeof buffer);
    std::streamsize n = in.gcount();
    for (std::streamsize i = 0; i < n; ++i)
      hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 1099511628211ull;
    size += static_cast<std::uint64_t>(n > 0 ? n : 0);
  }
  char name[64];
  std::snprintf(name, sizeof name, "%016llx-%llu", static_cast<unsigned long long>(hash),
                static_cast<unsigned long long>(size));
  return std::string(name);
}

}  // namespace

Expected<std::string> VirtualBoxHost::upload(const std::string& ova) {
  const std::string local = scenario_path(m_spec.scenario_file, ova);
  auto name = content_name(local);
  if (!name) return where(name.error());
  const std::string remote = m_spec.platform->upload_folder + "/" + *name + ".ova";
  auto host = host_session();  // the host's shell checked, and its home known
  if (!host) return host.error();
  auto session = SshSession::connect(m_spec.login, m_spec.ssh, *m_spec.platform->dialect);
  if (!session) return where(session.error());
  ++m_round_trips;
  auto sent = (*session)->upload(local, remote);
  if (!sent) return where(sent.error());
  return m_spec.platform->host_path(m_home, remote);
}

}  // namespace dcod::plugins
