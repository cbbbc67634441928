#pragma once

// rtnetlink requests that change a namespace: one message built attribute by attribute, sent on
// a route socket of the calling thread's network namespace, and its acknowledgement read back
// with the kernel's own words when it refuses.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcod::plugins {

/// One rtnetlink message: a header, a fixed body (ifinfomsg, ifaddrmsg) and attributes.
class RtnlMessage {
 public:
  /// A request of `type` with these header flags (NLM_F_REQUEST and NLM_F_ACK are added).
  RtnlMessage(std::uint16_t type, std::uint16_t flags);
  /// Appends the fixed body; call once, before any attribute.
  void body(const void* data, std::size_t size);
  /// Appends an attribute holding `size` bytes.
  void attribute(std::uint16_t type, const void* data, std::size_t size);
  /// Appends a string attribute, without its terminating NUL (as iproute2 sends names).
  void attribute(std::uint16_t type, std::string_view text);
  /// Opens a nested attribute; close it with end_nest(its returned offset).
  std::size_t begin_nest(std::uint16_t type);
  /// Closes the nested attribute opened at `offset`.
  void end_nest(std::size_t offset);
  /// The message's bytes, its length in its header.
  std::vector<char>& bytes();

 private:
  void align();
  std::vector<char> m_bytes;
};

/// A route socket in the calling thread's network namespace at the time it is made.
class RtnlSocket {
 public:
  RtnlSocket();
  ~RtnlSocket();
  RtnlSocket(const RtnlSocket&) = delete;
  RtnlSocket& operator=(const RtnlSocket&) = delete;

  /// An error when the socket could not be made.
  std::optional<std::string> error() const { return m_error; }
  /// Sends the message and waits for its acknowledgement: nothing, or what the kernel said.
  std::optional<std::string> request(RtnlMessage& message);
  /// The errno of the kernel's last refusal (0 when it took the last request).
  int refused_errno() const { return m_refused; }
  /// Sends a dump request and hands every message of the reply to `on_message` (a raw
  /// nlmsghdr*, as void* to keep the kernel headers out of this one).
  template <typename OnMessage>
  std::optional<std::string> dump(RtnlMessage& message, OnMessage on_message);

 private:
  std::optional<std::string> send(RtnlMessage& message, bool dump);
  /// Reads replies until the one ending the request; `on_message` sees the others.
  std::optional<std::string> receive(void (*on_message)(void*, const void*), void* context);

  int m_fd = -1;
  std::uint32_t m_seq = 0;
  int m_refused = 0;
  std::optional<std::string> m_error;
  /// What one recv may return at most (the kernel's replies fill up to 32 KiB).
  static constexpr std::size_t k_receive_size = 1 << 16;
  // Made once per socket and never zeroed: recv fills what it returns, and every request of a
  // stage would otherwise clear 64 KiB for an acknowledgement of a few dozen bytes.
  std::unique_ptr<char[]> m_buffer = std::make_unique_for_overwrite<char[]>(k_receive_size);
};

template <typename OnMessage>
std::optional<std::string> RtnlSocket::dump(RtnlMessage& message, OnMessage on_message) {
  if (auto failed = send(message, true)) return failed;
  return receive(
      [](void* context, const void* header) { (*static_cast<OnMessage*>(context))(header); },
      &on_message);
}

}  // namespace dcod::plugins
