#include "netlink/ip_line.h"

#include <linux/rtnetlink.h>

#include <charconv>
#include <vector>

namespace dcod::plugins {

namespace {

/// The line's words, split at blanks as iproute2 splits a batch line (dcod's lines hold no
/// quotes: every word is batch_safe()).
std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while ((at = line.find_first_not_of(" \t\r", at)) != std::string_view::npos) {
    std::size_t end = line.find_first_of(" \t\r", at);
    words.push_back(line.substr(at, end == std::string_view::npos ? end : end - at));
    at = end;
  }
  return words;
}

Error not_understood(std::string_view what) {
  return Error{"not a line dcod writes: " + std::string(what), ""};
}

/// Reads the words of a line one by one, each option with its value.
class Words {
 public:
  explicit Words(std::vector<std::string_view> words) : m_words(std::move(words)) {}
  bool done() const { return m_at == m_words.size(); }
  std::string_view next() { return done() ? std::string_view() : m_words[m_at++]; }

 private:
  std::vector<std::string_view> m_words;
  std::size_t m_at = 0;
};

Expected<IpRequest> link_set(Words& w) {
  LinkSet set;
  set.device = std::string(w.next());
  if (set.device.empty()) return not_understood("link set without a device");
  while (!w.done()) {
    std::string_view word = w.next();
    if (word == "up" || word == "down") {
      set.up = word == "up";
    } else if (word == "alias" && !w.done()) {
      set.alias = std::string(w.next());
    } else if (word == "address" && !w.done()) {
      set.address = core::parse_mac(w.next());
      if (!set.address) return not_understood("link address");
    } else if (word == "mtu" && !w.done()) {
      std::string_view n = w.next();
      std::uint32_t mtu = 0;
      auto r = std::from_chars(n.data(), n.data() + n.size(), mtu);
      if (r.ec != std::errc() || r.ptr != n.data() + n.size()) return not_understood("mtu");
      set.mtu = mtu;
    } else if (word == "addrgenmode" && w.next() == "none") {
      set.no_address_generation = true;
    } else {
      return not_understood("link set ... " + std::string(word));
    }
  }
  return IpRequest{set};
}

Expected<IpRequest> address_set(Words& w, bool replace) {
  AddressSet set;
  set.replace = replace;
  std::string_view text = w.next();
  bool v6 = text.find(':') != std::string_view::npos;
  auto prefix = core::parse_ip_prefix(text, v6 ? core::IpFamily::v6 : core::IpFamily::v4);
  if (!prefix) return not_understood("address " + std::string(text));
  set.prefix = *prefix;
  while (!w.done()) {
    std::string_view word = w.next();
    if (word == "dev" && !w.done()) {
      set.device = std::string(w.next());
    } else if (word == "nodad") {
      set.nodad = true;
    } else {
      return not_understood("addr ... " + std::string(word));
    }
  }
  if (set.device.empty()) return not_understood("addr without a device");
  return IpRequest{set};
}

Expected<IpRequest> address_flush(Words& w) {
  AddressFlush flush;
  if (w.next() != "dev" || w.done()) return not_understood("addr flush without a device");
  flush.device = std::string(w.next());
  if (w.next() != "scope") return not_understood("addr flush without a scope");
  std::string_view scope = w.next();
  if (scope == "global") {
    flush.scope = RT_SCOPE_UNIVERSE;
  } else if (scope == "link") {
    flush.scope = RT_SCOPE_LINK;
  } else if (scope == "host") {
    flush.scope = RT_SCOPE_HOST;
  } else {
    return not_understood("scope " + std::string(scope));
  }
  if (!w.done()) return not_understood("addr flush ... " + std::string(w.next()));
  return IpRequest{flush};
}

}  // namespace

Expected<IpRequest> parse_ip_line(std::string_view line) {
  Words w(words_of(line));
  std::string_view object = w.next(), verb = w.next();
  if (object == "link" && verb == "set") return link_set(w);
  if (object == "addr" && (verb == "add" || verb == "replace"))
    return address_set(w, verb == "replace");
  if (object == "addr" && verb == "flush") return address_flush(w);
  return not_understood(std::string(object) + " " + std::string(verb));
}

}  // namespace dcod::plugins
