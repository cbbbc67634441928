// A TCP relay that adds a fixed delay in each direction, for benchmarks on machines whose
// kernel has no netem: every chunk read on one side is written to the other `delay` ms later.
// usage: dcod_delay_relay LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT DELAY_MS
// The relay, not the client, is sshd's TCP peer; it acknowledges what sshd sends at once, as
// dcod's own socket does while it waits for a channel (without it, the relay's delayed ACKs would
// stall sshd's Nagle for 40 ms where dcod's would not). Runs until killed. Bench-only.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Chunk {
  Clock::time_point due;
  std::string data;
};

/// One direction of one connection.
struct Pipe {
  int from = -1, to = -1;
  std::deque<Chunk> queue;
  bool closed = false;
};

int tcp_socket(const char* address, int port, bool listen_side) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, address, &a.sin_addr);
  if (listen_side) {
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 64) != 0)
      return -1;
  } else if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT DELAY_MS\n",
                 argv[0]);
    return 2;
  }
  const auto delay = std::chrono::milliseconds(std::atoi(argv[5]));
  int listener = tcp_socket(argv[1], std::atoi(argv[2]), true);
  if (listener < 0) {
    std::perror("listen");
    return 1;
  }
  std::vector<Pipe> pipes;
  char buf[65536];
  for (;;) {
    std::vector<pollfd> fds = {{listener, POLLIN, 0}};
    for (const Pipe& p : pipes) fds.push_back({p.closed ? -1 : p.from, POLLIN, 0});
    int wait_ms = 50;
    for (const Pipe& p : pipes) {
      if (p.queue.empty()) continue;
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(p.queue.front().due - Clock::now());
      wait_ms = std::max(0, std::min<int>(wait_ms, static_cast<int>(left.count())));
    }
    ::poll(fds.data(), fds.size(), wait_ms);
    if (fds[0].revents & POLLIN) {
      int client = ::accept(listener, nullptr, nullptr);
      int server = tcp_socket(argv[3], std::atoi(argv[4]), false);
      if (client >= 0 && server >= 0) {
        pipes.push_back({client, server, {}, false});
        pipes.push_back({server, client, {}, false});
      } else if (client >= 0) {
        ::close(client);
      }
    }
    for (std::size_t i = 0; i < pipes.size(); ++i) {
      Pipe& p = pipes[i];
      if (!p.closed && (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = ::read(p.from, buf, sizeof buf);
        if (n > 0) {
          int one = 1;
          if (i % 2 == 1) ::setsockopt(p.from, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
          p.queue.push_back({Clock::now() + delay, std::string(buf, static_cast<std::size_t>(n))});
        } else {
          p.closed = true;
          p.queue.push_back(
              {Clock::now() + delay, std::string()});  // forward the close, delayed too
        }
      }
      while (!p.queue.empty() && p.queue.front().due <= Clock::now()) {
        const std::string& data = p.queue.front().data;
        if (data.empty()) {
          ::shutdown(p.to, SHUT_WR);
        } else {
          for (std::size_t done = 0; done < data.size();) {
            ssize_t n = ::write(p.to, data.data() + done, data.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
          }
        }
        p.queue.pop_front();
      }
    }
  }
}
