#include "session/keeper_protocol.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/process.h"

namespace dcod::plugins {

std::optional<sockaddr_un> unix_address(const std::string& path) {
  sockaddr_un address{};
  if (path.size() >= sizeof address.sun_path) return std::nullopt;
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

namespace {

/// A script, or the most output a session reads (k_max_captured_output) with room for the rest
/// of its answer: a frame of a captured answer is never refused as too large.
constexpr std::uint32_t k_largest_frame =
    static_cast<std::uint32_t>(k_max_captured_output + (std::size_t{1} << 20));

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_str(std::string& out, const std::string& s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}

/// Reads fields back in the order they were put; `ok` turns false at the first short read.
struct Reader {
  const std::string& in;
  std::size_t at = 0;
  bool ok = true;

  /// Bytes left; none when `at` starts past the end (a body shorter than its kind byte).
  std::size_t left() const { return at < in.size() ? in.size() - at : 0; }

  std::uint32_t u32() {
    if (left() < 4) return ok = false, 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[at++]);
    return v;
  }
  std::string str() {
    std::uint32_t n = u32();
    if (!ok || left() < n) return ok = false, std::string();
    std::string s = in.substr(at, n);
    at += n;
    return s;
  }
};

/// Waits until the descriptor is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60000)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

bool read_exactly(int fd, char* data, std::size_t size,
                  std::chrono::steady_clock::time_point deadline) {
  for (std::size_t done = 0; done < size;) {
    if (!wait_for(fd, POLLIN, deadline)) return false;
    ssize_t n = ::read(fd, data + done, size - done);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return false;
    if (n > 0) done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::string encode(const KeeperRequest& r) {
  std::string out(1, static_cast<char>(r.kind));
  put_str(out, r.script);
  put_u32(out, static_cast<std::uint32_t>(r.timeout.count()));
  return out;
}

std::string encode(const KeeperResponse& r) {
  std::string out(1, r.reached ? 1 : 0);
  put_str(out, r.error);
  put_str(out, r.hint);
  put_u32(out, static_cast<std::uint32_t>(r.code));
  put_u32(out, static_cast<std::uint32_t>(r.result.exit_status));
  out.push_back(r.result.timed_out ? 1 : 0);
  put_str(out, r.result.out);
  put_str(out, r.result.err);
  return out;
}

std::optional<KeeperRequest> decode_request(const std::string& body) {
  if (body.empty()) return std::nullopt;
  Reader in{body, 1};
  KeeperRequest r;
  r.kind = static_cast<KeeperRequest::Kind>(body[0]);
  r.script = in.str();
  r.timeout = std::chrono::milliseconds(in.u32());
  bool known = r.kind == KeeperRequest::Kind::run || r.kind == KeeperRequest::Kind::close;
  if (!in.ok || !known) return std::nullopt;
  return r;
}

std::optional<KeeperResponse> decode_response(const std::string& body) {
  if (body.empty()) return std::nullopt;
  Reader in{body, 1};
  KeeperResponse r;
  r.reached = body[0] == 1;
  r.error = in.str();
  r.hint = in.str();
  std::uint32_t code = in.u32();
  if (code > static_cast<std::uint32_t>(k_last_error_code)) return std::nullopt;
  r.code = static_cast<ErrorCode>(code);
  r.result.exit_status = static_cast<int>(in.u32());
  if (in.at >= body.size()) return std::nullopt;
  r.result.timed_out = body[in.at++] == 1;
  r.result.out = in.str();
  r.result.err = in.str();
  if (!in.ok) return std::nullopt;
  return r;
}

std::string encode(const KeeperConfig& c) {
  std::string out(1, 0);
  for (const std::string* s :
       {&c.endpoint.host, &c.endpoint.address, &c.endpoint.user, &c.endpoint.identity,
        &c.endpoint.password, &c.options.known_hosts, &c.socket, &c.dialect})
    put_str(out, *s);
  put_u32(out, c.endpoint.port);
  put_u32(out, c.options.accept_new_host_keys ? 1 : 0);
  put_u32(out, static_cast<std::uint32_t>(c.options.connect_timeout.count()));
  put_u32(out, static_cast<std::uint32_t>(c.options.keepalive.count()));
  put_u32(out, static_cast<std::uint32_t>(c.options.connect_attempts));
  put_u32(out, static_cast<std::uint32_t>(c.idle.count()));
  return out;
}

std::optional<KeeperConfig> decode_config(const std::string& body) {
  if (body.empty()) return std::nullopt;
  Reader in{body, 1};
  KeeperConfig c;
  for (std::string* s :
       {&c.endpoint.host, &c.endpoint.address, &c.endpoint.user, &c.endpoint.identity,
        &c.endpoint.password, &c.options.known_hosts, &c.socket, &c.dialect})
    *s = in.str();
  c.endpoint.port = static_cast<std::uint16_t>(in.u32());
  c.options.accept_new_host_keys = in.u32() == 1;
  c.options.connect_timeout = std::chrono::seconds(in.u32());
  c.options.keepalive = std::chrono::milliseconds(in.u32());
  c.options.connect_attempts = static_cast<int>(in.u32());
  c.idle = std::chrono::seconds(in.u32());
  if (!in.ok || body.empty()) return std::nullopt;
  return c;
}

bool write_frame(int fd, const std::string& body) {
  std::string frame;
  put_u32(frame, static_cast<std::uint32_t>(body.size()));
  frame += body;
  for (std::size_t done = 0; done < frame.size();) {
    // A socket whose peer is gone must fail the call, not raise SIGPIPE in dcod.
    ssize_t n = ::send(fd, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) n = ::write(fd, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> read_frame(int fd, std::chrono::steady_clock::time_point deadline) {
  char header[4];
  if (!read_exactly(fd, header, 4, deadline)) return std::nullopt;
  std::uint32_t size = 0;
  for (char c : header) size = (size << 8) | static_cast<unsigned char>(c);
  if (size > k_largest_frame) return std::nullopt;
  std::string body(size, '\0');
  if (!read_exactly(fd, body.data(), size, deadline)) return std::nullopt;
  return body;
}

}  // namespace dcod::plugins
