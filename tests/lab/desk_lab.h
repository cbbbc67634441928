#pragma once

// The desk lab for end-to-end tests (DESIGN §9): a scenario of simulated hosts on this machine,
// made and torn down by the real dcod binary. Each lab has its own scenario name, so tests may
// run in parallel, and its own state directory. The destructor destroys it and then removes
// every namespace left with its prefix, so a failing test leaves nothing behind.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace dcod::test {

/// True when this process may create network namespaces (root).
bool can_make_namespaces();

/// Skips a test without root, or fails it when DCOD_REQUIRE_ALL is set (CI).
#define DCOD_REQUIRE_ROOT()                                                                      \
  do {                                                                                           \
    if (!::dcod::test::can_make_namespaces()) {                                                  \
      if (::dcod::test::prerequisites_required()) FAIL() << "needs root for network namespaces"; \
      GTEST_SKIP() << "needs root for network namespaces";                                       \
    }                                                                                            \
  } while (0)

/// The "Plan: N to create, ..." line of a `--plan` run and what follows (all of it if absent).
std::string plan_counts(const CommandResult& plan);

/// Held by a test whose lab puts addresses and routes into this machine's own namespace (a
/// director VM): such labs use the same ones, so they take turns, across test processes too.
class DirectorTurn {
 public:
  DirectorTurn();
  ~DirectorTurn();
  DirectorTurn(const DirectorTurn&) = delete;
  DirectorTurn& operator=(const DirectorTurn&) = delete;

 private:
  int m_fd = -1;
};

/// One scenario on the desk.
class DeskLab {
 public:
  /// `body` is everything inside <scenario>; the scenario gets a unique name.
  explicit DeskLab(const std::string& body);
  /// Marks a lab made from a VNX 2.0 file.
  struct Vnx {};
  /// A VNX 2.0 file as it is, whose <scenario_name>@NAME@</scenario_name> gets a unique name.
  DeskLab(Vnx, const std::string& vnx_text);
  ~DeskLab();
  DeskLab(const DeskLab&) = delete;
  DeskLab& operator=(const DeskLab&) = delete;

  /// Replaces the scenario's body (for change tests); the name stays.
  void rewrite(const std::string& body);
  /// Runs dcod with -f and --state-dir of this lab, and `env` ("K=V") added to its environment.
  CommandResult dcod(const std::vector<std::string>& args,
                     const std::vector<std::string>& env = {}) const;
  /// Runs the test build of dcod (dcod_test_backends) like dcod(), with its fault hooks set
  /// by `hooks` ("DCOD_TEST_CUT_AFTER=5": SIGKILL after the 5th action, exit status 128 + 9).
  CommandResult dcod_with_faults(const std::vector<std::string>& args,
                                 const std::vector<std::string>& hooks) const;
  /// Runs a command inside a VM through dcod --exec.
  CommandResult exec(const std::string& vm, const std::vector<std::string>& command) const;
  /// True when a ping from `vm` to `address` gets an answer within a second or two.
  bool ping(const std::string& vm, const std::string& address,
            const std::vector<std::string>& extra = {}) const;
  /// True when a ping from the director itself (this machine's own namespace) to `address`
  /// gets an answer within a second or two.
  static bool ping_from_director(const std::string& address);
  /// A shell command run as is (root), for checks and for breaking things on purpose.
  static CommandResult sh(const std::string& script);

  /// The flood list of a VXLAN device in a simulated host's namespace: its all-zero
  /// entries' destinations, sorted, each followed by a space.
  std::string flood_list(const std::string& host, const std::string& dev) const;
  /// Namespaces on this machine that belong to this lab's scenario.
  std::vector<std::string> namespaces() const;
  /// Links of this machine's own namespace that dcod made for the scenario's director VMs
  /// (their alias starts dcod:<scenario>:director:), sorted.
  std::vector<std::string> director_links() const;
  /// The namespace of a simulated host or VM.
  std::string host_ns(const std::string& host) const { return "dcod." + m_name + ".host." + host; }
  std::string vm_ns(const std::string& vm) const { return "dcod." + m_name + ".vm." + vm; }
  const std::string& name() const { return m_name; }
  const std::string& file() const { return m_file; }
  const std::string& state_dir() const { return m_state_dir; }
  /// Everything the scenario's namespaces hold, as iproute2 prints it (links, addresses, FDB,
  /// neighbours, routes): equal snapshots mean nothing changed.
  std::string snapshot() const;
  /// The snapshot without what the kernel picks anew when a link is made again (interface
  /// indices, MACs dcod does not set, link-local addresses), each namespace's lines sorted:
  /// equal shapes mean two builds made the same thing, whatever their order.
  std::string shape() const;

 private:
  std::string m_name;
  std::string m_file;
  std::string m_state_dir;
};

}  // namespace dcod::test
