// SshSession::upload: a file to the host by SFTP (libssh's sftp subsystem), in 16 KiB writes.

#include <fcntl.h>
#include <libssh/sftp.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "session/ssh_connection.h"

namespace dcod::plugins {

namespace {

struct SftpFree {
  void operator()(sftp_session s) const { sftp_free(s); }
};
using Sftp = std::unique_ptr<std::remove_pointer_t<sftp_session>, SftpFree>;

Error sftp_error(const SshEndpoint& e, const std::string& what, ssh_session session) {
  return Error{"host " + e.host + ": SFTP " + what + ": " + ssh_get_error(session),
               "check that the host's sshd offers the sftp subsystem", ErrorCode::failed};
}

/// Makes every directory of `path`'s parent; existing ones are fine.
void make_parents(sftp_session sftp, const std::string& path) {
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    if (slash > 0) sftp_mkdir(sftp, path.substr(0, slash).c_str(), 0755);
  }
}

/// Writes the local file to `remote`; false and the error when it fails.
Expected<bool> copy_to(sftp_session sftp, const std::string& local, const std::string& remote,
                       const SshEndpoint& e, ssh_session session) {
  std::ifstream in(local, std::ios::binary);
  if (!in) return Error{"cannot read " + local, "", ErrorCode::invalid};
  sftp_file file = sftp_open(sftp, remote.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!file) return sftp_error(e, "cannot write " + remote, session);
  char buffer[16 * 1024];
  bool ok = true;
  while (ok && in) {
    in.read(buffer, sizeof buffer);
    std::streamsize n = in.gcount();
    ok = n <= 0 || sftp_write(file, buffer, static_cast<std::size_t>(n)) == n;
  }
  sftp_close(file);
  if (!ok) return sftp_error(e, "writing " + remote, session);
  return true;
}

}  // namespace

Expected<bool> SshSession::upload(const std::string& local, const std::string& remote) {
  std::lock_guard<std::mutex> lock(m_mutex);
  const SshEndpoint& e = m_session->endpoint;
  ssh_session session = m_session->session;
  std::error_code error;
  auto size = std::filesystem::file_size(local, error);
  if (error) return Error{"cannot read " + local + ": " + error.message(), "", ErrorCode::invalid};
  Sftp sftp(sftp_new(session));
  if (!sftp || sftp_init(sftp.get()) != SSH_OK) return sftp_error(e, "cannot start", session);
  if (sftp_attributes there = sftp_stat(sftp.get(), remote.c_str())) {
    bool same = there->size == size;
    sftp_attributes_free(there);
    if (same) return true;  // kept by content hash: the same name is the same file
  }
  make_parents(sftp.get(), remote);
  const std::string partial = remote + ".part";
  auto copied = copy_to(sftp.get(), local, partial, e, session);
  if (!copied) return copied;
  sftp_unlink(sftp.get(), remote.c_str());
  if (sftp_rename(sftp.get(), partial.c_str(), remote.c_str()) != SSH_OK)
    return sftp_error(e, "cannot rename " + partial, session);
  return true;
}

}  // namespace dcod::plugins
