#include "netlink/rtnl_request.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dcod::plugins {

namespace {

nlmsghdr* header_of(std::vector<char>& bytes) {
  return reinterpret_cast<nlmsghdr*>(bytes.data());
}

/// The kernel's message for a refused request (extended acknowledgement), if it gave one.
std::string extended_message(const nlmsghdr* h) {
  if (!(h->nlmsg_flags & NLM_F_ACK_TLVS)) return "";
  const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
  std::size_t skip = NLMSG_ALIGN(sizeof(nlmsgerr));
  if (!(h->nlmsg_flags & NLM_F_CAPPED)) skip += NLMSG_ALIGN(err->msg.nlmsg_len - NLMSG_HDRLEN);
  int left = static_cast<int>(h->nlmsg_len) - static_cast<int>(NLMSG_HDRLEN + skip);
  const auto* a = reinterpret_cast<const rtattr*>(static_cast<const char*>(NLMSG_DATA(h)) + skip);
  for (; left > 0 && RTA_OK(a, left); a = RTA_NEXT(a, left)) {
    if (a->rta_type != NLMSGERR_ATTR_MSG) continue;
    const char* text = static_cast<const char*>(RTA_DATA(a));
    return std::string(text, strnlen(text, RTA_PAYLOAD(a)));
  }
  return "";
}

/// What iproute2 would print for the refusal: the kernel's message, else the errno's.
std::string refusal(const nlmsghdr* h) {
  const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
  std::string said = extended_message(h);
  if (!said.empty()) return "Error: " + said + (said.back() == '.' ? "" : ".");
  return std::string("RTNETLINK answers: ") + std::strerror(-err->error);
}

}  // namespace

RtnlMessage::RtnlMessage(std::uint16_t type, std::uint16_t flags) : m_bytes(NLMSG_HDRLEN, 0) {
  nlmsghdr* h = header_of(m_bytes);
  h->nlmsg_type = type;
  h->nlmsg_flags = static_cast<std::uint16_t>(flags | NLM_F_REQUEST | NLM_F_ACK);
}

void RtnlMessage::align() {
  m_bytes.resize(NLMSG_ALIGN(m_bytes.size()), 0);
}

void RtnlMessage::body(const void* data, std::size_t size) {
  const char* from = static_cast<const char*>(data);
  m_bytes.insert(m_bytes.end(), from, from + size);
  align();
}

void RtnlMessage::attribute(std::uint16_t type, const void* data, std::size_t size) {
  rtattr a{};
  a.rta_type = type;
  a.rta_len = static_cast<unsigned short>(RTA_LENGTH(size));
  const char* head = reinterpret_cast<const char*>(&a);
  m_bytes.insert(m_bytes.end(), head, head + sizeof a);
  const char* from = static_cast<const char*>(data);
  m_bytes.insert(m_bytes.end(), from, from + size);
  align();
}

void RtnlMessage::attribute(std::uint16_t type, std::string_view text) {
  attribute(type, text.data(), text.size());
}

std::size_t RtnlMessage::begin_nest(std::uint16_t type) {
  std::size_t at = m_bytes.size();
  attribute(static_cast<std::uint16_t>(type | NLA_F_NESTED), nullptr, 0);
  return at;
}

void RtnlMessage::end_nest(std::size_t offset) {
  auto* a = reinterpret_cast<rtattr*>(m_bytes.data() + offset);
  a->rta_len = static_cast<unsigned short>(m_bytes.size() - offset);
}

std::vector<char>& RtnlMessage::bytes() {
  header_of(m_bytes)->nlmsg_len = static_cast<std::uint32_t>(m_bytes.size());
  return m_bytes;
}

RtnlSocket::RtnlSocket() : m_fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) {
  if (m_fd < 0) {
    m_error = std::string("netlink socket: ") + std::strerror(errno);
    return;
  }
  int one = 1;  // the kernel's reason with a refusal, and not the whole request echoed back
  ::setsockopt(m_fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  ::setsockopt(m_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
}

RtnlSocket::~RtnlSocket() {
  if (m_fd >= 0) ::close(m_fd);
}

std::optional<std::string> RtnlSocket::request(RtnlMessage& message) {
  if (auto failed = send(message, false)) return failed;
  return receive(nullptr, nullptr);
}

std::optional<std::string> RtnlSocket::send(RtnlMessage& message, bool dump) {
  if (m_error) return m_error;
  m_refused = 0;
  std::vector<char>& bytes = message.bytes();
  nlmsghdr* h = header_of(bytes);
  h->nlmsg_seq = ++m_seq;
  if (dump) h->nlmsg_flags = static_cast<std::uint16_t>((h->nlmsg_flags & ~NLM_F_ACK) | NLM_F_DUMP);
  for (;;) {
    if (::send(m_fd, bytes.data(), bytes.size(), 0) >= 0) return std::nullopt;
    if (errno != EINTR) return std::string("netlink send: ") + std::strerror(errno);
  }
}

std::optional<std::string> RtnlSocket::receive(void (*on_message)(void*, const void*),
                                               void* context) {
  for (;;) {
    ssize_t n = ::recv(m_fd, m_buffer.get(), k_receive_size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::string("netlink receive: ") + std::strerror(errno);
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(m_buffer.get()); NLMSG_OK(h, left);
         h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_seq != m_seq) continue;  // a late answer to an earlier request
      if (h->nlmsg_type == NLMSG_DONE) return std::nullopt;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
        if (err->error == 0) return std::nullopt;
        m_refused = -err->error;
        return refusal(h);
      }
      if (on_message) on_message(context, h);
    }
  }
}

}  // namespace dcod::plugins
