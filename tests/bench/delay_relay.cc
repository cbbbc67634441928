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
#include <signal.h>
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

/// How long until the first queued chunk is due (at most 50 ms), to the nanosecond: a timeout
/// in whole milliseconds would wake early and spin until the chunk is due.
timespec time_to_next_due(const std::vector<Pipe>& pipes) {
  auto wait = std::chrono::nanoseconds(std::chrono::milliseconds(50));
  const auto now = Clock::now();
  for (const Pipe& p : pipes) {
    if (!p.queue.empty())
      wait = std::min(wait, std::max(Clock::duration::zero(), p.queue.front().due - now));
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
  return timespec{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
}

/// Accepts a client and connects it to the target: two pipes, client→server then server→client.
void accept_pair(int listener, const char* target, int port, std::vector<Pipe>& pipes) {
  int client = ::accept(listener, nullptr, nullptr);
  if (client < 0) return;
  int server = tcp_socket(target, port, false);
  if (server < 0) {
    ::close(client);
    return;
  }
  pipes.push_back({client, server, {}, false});
  pipes.push_back({server, client, {}, false});
}

/// Reads what arrived on one pipe and queues it (or its close) to be forwarded after `delay`.
void read_into_queue(Pipe& p, bool from_server, std::chrono::milliseconds delay, char* buf,
                     std::size_t size) {
  ssize_t n = ::read(p.from, buf, size);
  if (n > 0) {
    int one = 1;
    if (from_server) ::setsockopt(p.from, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    p.queue.push_back({Clock::now() + delay, std::string(buf, static_cast<std::size_t>(n))});
    return;
  }
  p.closed = true;
  p.queue.push_back({Clock::now() + delay, std::string()});  // forward the close, delayed too
}

/// Writes every chunk of one pipe that is due; an empty chunk forwards the close.
void forward_due(Pipe& p) {
  while (!p.queue.empty() && p.queue.front().due <= Clock::now()) {
    const std::string& data = p.queue.front().data;
    if (data.empty()) ::shutdown(p.to, SHUT_WR);
    for (std::size_t done = 0; done < data.size();) {
      ssize_t n = ::write(p.to, data.data() + done, data.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    p.queue.pop_front();
  }
}

/// Closes and forgets connections whose both directions are closed and forwarded.
void drop_finished(std::vector<Pipe>& pipes) {
  for (std::size_t i = 0; i + 1 < pipes.size();) {
    const Pipe& a = pipes[i];
    const Pipe& b = pipes[i + 1];
    if (a.closed && b.closed && a.queue.empty() && b.queue.empty()) {
      ::close(a.from);
      ::close(b.from);
      pipes.erase(pipes.begin() + static_cast<std::ptrdiff_t>(i),
                  pipes.begin() + static_cast<std::ptrdiff_t>(i + 2));
    } else {
      i += 2;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT DELAY_MS\n",
                 argv[0]);
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);  // a peer gone mid-write ends that connection, not the relay
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
    timespec wait = time_to_next_due(pipes);
    ::ppoll(fds.data(), fds.size(), &wait, nullptr);
    if (fds[0].revents & POLLIN) accept_pair(listener, argv[3], std::atoi(argv[4]), pipes);
    for (std::size_t i = 0; i < pipes.size(); ++i) {
      if (!pipes[i].closed && (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) {
        read_into_queue(pipes[i], i % 2 == 1, delay, buf, sizeof buf);
      }
      forward_due(pipes[i]);
    }
    drop_finished(pipes);
  }
}
