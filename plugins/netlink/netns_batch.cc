#include "netlink/netns_batch.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <istream>
#include <memory>
#include <ostream>
#include <thread>

#include "netlink/netns_writer.h"
#include "shell/posix.h"

namespace dcod::plugins {

namespace {

/// Enters /run/netns/NAME on the calling thread: nothing, or iproute2's words for the failure.
std::optional<std::string> enter(const std::string& name) {
  int fd = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
    std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return "Cannot open network namespace \"" + name + "\": " + why;
  }
  ::close(fd);
  return std::nullopt;
}

/// Runs the lines one by one, keeping the namespace (and its writer) between lines of one VM.
class BatchRun {
 public:
  explicit BatchRun(std::ostream& out) : m_out(out) {}

  void line(const std::string& text) {
    ++m_number;
    std::size_t start = text.find_first_not_of(" \t");
    if (start == std::string::npos || text[start] == '#') return;
    std::size_t end = text.find_first_of(" \t", start);
    std::string netns = text.substr(start, end == std::string::npos ? end : end - start);
    if (auto failed = switch_to(netns)) return fail(*failed);
    Expected<IpRequest> request = parse_ip_line(end == std::string::npos ? "" : text.substr(end));
    if (!request) return fail(request.error().message);
    if (auto failed = m_writer->apply(*request)) fail(*failed);
  }

  int status() const { return m_failed ? 1 : 0; }

 private:
  std::optional<std::string> switch_to(const std::string& netns) {
    if (m_writer && netns == m_netns) return std::nullopt;
    m_writer.reset();
    m_netns.clear();
    if (auto failed = enter(netns)) return failed;
    m_writer = std::make_unique<NetnsWriter>();
    if (auto failed = m_writer->error()) {
      m_writer.reset();
      return failed;
    }
    m_netns = netns;
    return std::nullopt;
  }

  void fail(const std::string& why) {
    m_failed = true;
    m_out << why << "\nCommand failed -:" << m_number << "\n";
  }

  std::ostream& m_out;
  std::size_t m_number = 0;
  bool m_failed = false;
  std::string m_netns;
  std::unique_ptr<NetnsWriter> m_writer;
};

}  // namespace

std::string netns_batch_tool() {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path = n > 0 ? std::string(self, static_cast<std::size_t>(n)) : "dcod";
  return sh_quote(path) + " " + std::string(k_netns_batch_flag);
}

int run_netns_batch(std::istream& in, std::ostream& out) {
  int status = 1;
  std::thread worker([&] {
    BatchRun run(out);
    for (std::string text; std::getline(in, text);) run.line(text);
    status = run.status();
  });
  worker.join();
  out.flush();
  return status;
}

}  // namespace dcod::plugins
